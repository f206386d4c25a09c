// The bz* images checked against their .sha256 files as the write streams them from the zip, as
// Unraid checks them at boot (deep-check.ts): each image is unpacked once, by the write itself,
// not once before it and again while writing. A refusal comes before the boot sectors and the MBR,
// which the write puts last (write-layout.ts): the target is left with no partition table, and no
// system takes it for a flash drive. An encrypted file altered is refused before anything is
// written: every one's authentication code is checked first (the write's read then matches its seal).
import { createHash } from 'node:crypto';
import { formatMessage } from '../../shared/message.js';
import { isBlocking, type BackupProblem } from '../../shared/problems.js';
import type { ArchiveEntry } from '../backup/archive.js';
import { checksumProblem, expectedChecksums, type ExpectedChecksum } from '../backup/deep-check.js';
import { EntryReader } from '../backup/entry-reader.js';
import { isFile, ItemIndex, type FileItem } from '../backup/item-index.js';
import type { Backup } from '../backup/read-backup.js';
import type { ContentSource } from '../disk/generate.js';

/** The backup cannot be restored as it is: an image does not match its checksum file, that file is damaged, or an encrypted file was altered. */
export class BootImagesRefused extends Error {
  override name = 'BootImagesRefused';
  constructor(readonly problems: readonly BackupProblem[]) {
    super(problems.map((problem) => formatMessage(problem.message)).join(' '));
  }
}

export interface BootImageCheck {
  /** The write's content, each checked image hashed as it streams: a mismatch fails its stream at its end. */
  readonly content: ContentSource;
  /** For the write to call before the boot sectors: hashes the checked images it did not stream (an empty one has no extent). */
  finish(): Promise<void>;
}

/**
 * Reads the checksum files (small) and authenticates every encrypted file now, and refuses at once
 * when one is damaged or altered; the images are hashed as `content` streams them.
 */
export async function checkBootImagesInStream(backup: Backup, content: ContentSource): Promise<BootImageCheck> {
  const index = new ItemIndex(backup.items);
  const reader = new EntryReader(backup.archive);
  const expected = await expectedChecksums(reader, index);
  for (const item of index.items) if (isFile(item)) await reader.authenticate(item);
  refuseIfBlocking(reader.problems);
  const byEntry = new Map<ArchiveEntry, [FileItem, ExpectedChecksum]>([...expected].map(([item, checksum]) => [item.entry, [item, checksum]]));
  const unstreamed = new Set(expected.keys());
  const compare = (item: FileItem, checksum: ExpectedChecksum, sha256: string | undefined): void => {
    if (sha256 !== checksum.sha256) refuseIfBlocking([checksumProblem(index, item, checksum)]);
  };
  return {
    content: async (extent) => {
      const stream = await content(extent);
      const checked = byEntry.get(extent.entry);
      if (!checked) return stream;
      unstreamed.delete(checked[0]);
      return hashedToItsEnd(stream, (sha256) => compare(...checked, sha256));
    },
    async finish() {
      for (const item of unstreamed) {
        const unpacked = await reader.unpack(item, true);
        refuseIfBlocking(reader.problems);
        compare(item, expected.get(item)!, unpacked?.sha256);
      }
    },
  };
}

/** The stream's chunks, passed on as they come; once the last has been taken, `atEnd` gets their SHA-256 (and may throw). */
async function* hashedToItsEnd(stream: AsyncIterable<Uint8Array>, atEnd: (sha256: string) => void): AsyncGenerator<Uint8Array> {
  const digest = createHash('sha256');
  for await (const chunk of stream) {
    digest.update(chunk);
    yield chunk;
  }
  atEnd(digest.digest('hex'));
}

function refuseIfBlocking(problems: readonly BackupProblem[]): void {
  if (problems.some(isBlocking)) throw new BootImagesRefused(problems.filter(isBlocking));
}
