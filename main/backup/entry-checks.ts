// Checks on one zip entry that its central-directory record alone can answer: is its name a safe
// path, is it something a FAT drive can hold, can we unpack it, are its sizes believable.
// Nothing here reads an entry's data, so a zip bomb is judged without being inflated.
import { message, type AnyMessage } from '../../shared/message.js';
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

/** The methods' own names, the same in every language. */
const METHOD_NAMES: Record<number, string> = {
  1: 'Shrink', 6: 'Implode', 9: 'Deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'Zstandard', 95: 'XZ', 98: 'PPMd', 99: 'AES',
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
    const name = METHOD_NAMES[entry.compressionMethod];
    const method = name === undefined ? message('problem.detail.method-number', { number: entry.compressionMethod }) : message('problem.detail.method', { name });
    problems.push(makeProblem('unsupported-compression', entry.name, method));
  }
  if (entry.uncompressedSize > FAT_MAX_FILE_SIZE) {
    problems.push(makeProblem('file-too-large', entry.name, entry.uncompressedSize));
  }
  const impossible = impossibleSizes(entry, zipSize);
  if (impossible) problems.push(makeProblem('impossible-size', entry.name, impossible));
  return problems;
}

function impossibleSizes(entry: ArchiveEntry, zipSize: number): AnyMessage | undefined {
  const packed = entry.compressedSize;
  const unpacked = entry.uncompressedSize;
  if (packed > zipSize) {
    return message('problem.detail.packed-beyond-zip', { packed, zip: zipSize });
  }
  if (entry.compressionMethod === STORE && packed !== unpacked + encryptionOverhead(entry.encryption)) {
    return message('problem.detail.stored-sizes', { packed, unpacked });
  }
  if (entry.compressionMethod === DEFLATE && unpacked > packed * DEFLATE_MAX_RATIO) {
    return message('problem.detail.beyond-deflate', { unpacked, packed, ratio: DEFLATE_MAX_RATIO });
  }
  return undefined;
}

/** The bytes encryption adds to an entry's stored data (unknown kinds: none assumed). */
function encryptionOverhead(encryption: EntryEncryption): number {
  if (encryption.kind === 'aes') return aesOverhead(encryption.strength);
  return encryption.kind === 'zipcrypto' ? ZIPCRYPTO_HEADER : 0;
}
