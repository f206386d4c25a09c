// --deep: unpacks every file once, which checks its size and CRC-32 (archive.ts stops an entry at
// its declared size), and the SHA-256 of each bz* file that has a bz*.sha256 beside it, as Unraid
// checks them at boot (etc/rc.d/rc.S, bzcheck), and as it does not when config/skipbzcheck exists.
import { makeProblem, type BackupProblem } from '../../shared/problems.js';
import type { Archive } from './archive.js';
import { sha256FromChecksumFile } from './config-facts.js';
import { EntryReader } from './entry-reader.js';
import { isFile, type FileItem, type ItemIndex } from './item-index.js';
import { SKIP_BZ_CHECK } from './release.js';

/** A checksum file holds 64 hex digits and perhaps a name; anything much larger is not one. */
const MAX_CHECKSUM_FILE = 4096;

export interface ExpectedChecksum {
  readonly checksumFile: FileItem;
  /** Lower-case hex, or undefined when the file does not hold a SHA-256. */
  readonly sha256: string | undefined;
}

/**
 * every-file: unpack them all (--deep). before-write: unpack only the bz* images that have a .sha256,
 * as rc.S checks them, and check the authentication code of every other encrypted file, so that an
 * altered one is refused before anything is written (the write's read then matches the seal).
 */
export type CheckScope = 'every-file' | 'before-write';

export async function deepCheck(archive: Archive, index: ItemIndex, scope: CheckScope = 'every-file'): Promise<BackupProblem[]> {
  const reader = new EntryReader(archive);
  const expected = await expectedChecksums(reader, index);
  const mismatches: BackupProblem[] = [];
  for (const item of index.items) {
    if (!isFile(item)) continue;
    const checksum = expected.get(item);
    if (scope === 'before-write' && checksum === undefined) {
      await reader.authenticate(item);
      continue;
    }
    const unpacked = await reader.unpack(item, checksum !== undefined);
    if (checksum && unpacked && unpacked.sha256 !== checksum.sha256) mismatches.push(checksumProblem(index, item, checksum));
  }
  return [...reader.problems, ...mismatches];
}

/** The bz* images that have a bz*.sha256 beside them, with what it holds; a checksum file that cannot be read is among `reader`'s problems. */
export async function expectedChecksums(reader: EntryReader, index: ItemIndex): Promise<Map<FileItem, ExpectedChecksum>> {
  const expected = new Map<FileItem, ExpectedChecksum>();
  for (const checksumFile of index.filesIn('', '.sha256')) {
    const target = index.file(checksumFile.path.replace(/\.sha256$/i, ''));
    if (!target || !/^bz/i.test(target.path)) continue;
    const text = await reader.text(checksumFile, MAX_CHECKSUM_FILE);
    if (text !== undefined) expected.set(target, { checksumFile, sha256: sha256FromChecksumFile(text) });
  }
  return expected;
}

/** An image that does not match its checksum file: blocking, unless config/skipbzcheck turns Unraid's check off (rc.S then boots it). */
export function checksumProblem(index: ItemIndex, item: FileItem, checksum: ExpectedChecksum): BackupProblem {
  return makeProblem(index.find(SKIP_BZ_CHECK) ? 'checksum-not-checked' : 'checksum-mismatch', item.entry.name, checksum.checksumFile.path);
}
