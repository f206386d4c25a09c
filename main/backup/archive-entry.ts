// What a zip's entries are as the archive lists them, and the errors reading a zip can give: shared
// by the directory's reader (archive.ts) and the reader of each entry's bytes (entry-data.ts).
import type { ParamText } from '../../shared/message.js';
import type { EntryEncryption } from './winzip-aes.js';

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface ArchiveEntry {
  /** Position in the central directory. */
  readonly index: number;
  /**
   * The name as stored: decoded (UTF-8 flag, Info-ZIP Unicode path, valid UTF-8, else CP437), with
   * `\` read as `/` where the zip was made on MS-DOS or Windows (where `\` separates folders and is
   * never part of a name, as unzip reads it); elsewhere backslashes are kept.
   */
  readonly name: string;
  readonly kind: EntryKind;
  /** How the data is compressed once decrypted (for an AES entry, what its AES field says). */
  readonly compressionMethod: number;
  readonly encryption: EntryEncryption;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly crc32: number;
  /** MS-DOS date and time words, exactly as the zip stores them (FAT uses the same format). */
  readonly dosDate: number;
  readonly dosTime: number;
}

export type ArchiveErrorCode =
  | 'cannot-open'
  | 'empty-file'
  | 'not-a-zip'
  | 'truncated'
  | 'corrupt-zip'
  | 'too-many-entries'
  | 'entry-size-mismatch'
  | 'entry-crc-mismatch'
  | 'entry-unreadable'
  | 'entry-overlap'
  | 'local-header-mismatch'
  | 'passphrase-needed'
  | 'wrong-passphrase'
  | 'entry-auth-mismatch';

/** A problem with the zip itself or one entry, with the entry name when there is one. */
export class ArchiveError extends Error {
  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
    readonly path?: string,
    /** The specifics behind the message (a count, a message, the system's own reason), for a report to phrase its own way. */
    readonly detail: ParamText | number = '',
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

export interface OpenOptions {
  /**
   * The caller uses nothing it reads before the stream has ended without an error (it hashes or
   * counts the bytes): an AES entry is then decrypted in one pass and authenticated at its end,
   * instead of read once for its authentication code before its first byte is given.
   */
  readonly usedAtTheEnd?: boolean;
}
