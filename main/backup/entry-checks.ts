// Checks on one zip entry that its central-directory record alone can answer: is its name a safe
// path, is it something a FAT drive can hold, can we unpack it, are its sizes believable.
// Nothing here reads an entry's data, so a zip bomb is judged without being inflated.
import { formatBytes } from '../../shared/format.js';
import { makeProblem, type BackupProblem } from '../../shared/problems.js';
import type { ArchiveEntry } from './archive.js';
import { aesOverhead, type EntryEncryption } from './winzip-aes.js';

/** FAT stores a file's size in 32 bits. */
export const FAT_MAX_FILE_SIZE = 2 ** 32 - 1;

/** Deflate cannot unpack to more than about 1032 times its compressed size; a record claiming more lies. */
export const DEFLATE_MAX_RATIO = 1032;

const STORE = 0;
const DEFLATE = 8;
/** Traditional zip encryption puts a 12-byte header before the stored data. */
const ZIPCRYPTO_HEADER = 12;

const METHOD_NAMES: Record<number, string> = {
  1: 'Shrink', 6: 'Implode', 9: 'Deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'Zstandard', 95: 'XZ', 98: 'PPMd', 99: 'AES encryption',
};

/** '..' steps, absolute paths (/, drive letters, UNC) and backslashes: names a restore must not follow. */
export function unsafePathProblem(name: string): BackupProblem | undefined {
  if (name.split(/[\\/]/).includes('..')) return makeProblem('path-traversal', name);
  if (/^([\\/]|[A-Za-z]:)/.test(name)) return makeProblem('absolute-path', name);
  if (name.includes('\\')) return makeProblem('backslash-path', name);
  return undefined;
}

/**
 * What stops this entry from being restored as a file or folder (its name aside). In a zip with AES
 * entries (`encryptedZip`), a file with content that is not encrypted is refused: nothing
 * authenticates it, so anyone could have put it there (a `config/go` that runs at every boot). Empty
 * files pass: bsdtar stores them unencrypted, and their size is checked when they are unpacked.
 */
export function entryProblems(entry: ArchiveEntry, zipSize: number, encryptedZip = false): BackupProblem[] {
  if (entry.kind === 'symlink') return [makeProblem('symlink', entry.name)];
  if (entry.kind === 'other') return [makeProblem('special-entry', entry.name)];
  if (entry.kind === 'directory') return [];
  // AES entries are read with the zip's passphrase; the other kinds of encryption cannot be, and
  // hide what lies under them.
  if (entry.encryption.kind === 'zipcrypto') return [makeProblem('zipcrypto-entry', entry.name)];
  if (entry.encryption.kind === 'unsupported') return [makeProblem('encrypted-entry', entry.name)];
  const problems: BackupProblem[] = [];
  if (encryptedZip && entry.encryption.kind === 'none' && entry.uncompressedSize > 0) problems.push(makeProblem('plain-entry-in-encrypted-zip', entry.name));
  if (entry.compressionMethod !== STORE && entry.compressionMethod !== DEFLATE) {
    const method = METHOD_NAMES[entry.compressionMethod] ?? `method number ${entry.compressionMethod}`;
    problems.push(makeProblem('unsupported-compression', entry.name, method));
  }
  if (entry.uncompressedSize > FAT_MAX_FILE_SIZE) {
    problems.push(makeProblem('file-too-large', entry.name, formatBytes(entry.uncompressedSize)));
  }
  const impossible = impossibleSizes(entry, zipSize);
  if (impossible) problems.push(makeProblem('impossible-size', entry.name, impossible));
  return problems;
}

function impossibleSizes(entry: ArchiveEntry, zipSize: number): string | undefined {
  const packed = entry.compressedSize;
  const unpacked = entry.uncompressedSize;
  if (packed > zipSize) {
    return `${formatBytes(packed)} of packed data in a zip file of ${formatBytes(zipSize)}`;
  }
  if (entry.compressionMethod === STORE && packed !== unpacked + encryptionOverhead(entry.encryption)) {
    return `stored without compression, yet ${formatBytes(packed)} packed and ${formatBytes(unpacked)} unpacked`;
  }
  if (entry.compressionMethod === DEFLATE && unpacked > packed * DEFLATE_MAX_RATIO) {
    return `${formatBytes(unpacked)} unpacked from ${formatBytes(packed)}, beyond deflate's limit of ${DEFLATE_MAX_RATIO} to 1`;
  }
  return undefined;
}

/** The bytes encryption adds to an entry's stored data (unknown kinds: none assumed). */
function encryptionOverhead(encryption: EntryEncryption): number {
  if (encryption.kind === 'aes') return aesOverhead(encryption.strength);
  return encryption.kind === 'zipcrypto' ? ZIPCRYPTO_HEADER : 0;
}
