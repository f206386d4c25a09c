// Read-only access to a zip file: its central directory as plain records, and a verified stream
// of each entry's bytes (entry-data.ts). Knows nothing about Unraid; the backup reader builds on it.
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { yauzl, type Entry, type ZipFile } from './yauzl.js';
import { findOverlaps } from './entry-spans.js';
import { ZipFileReader, type ZipFileOpener } from './file-reader.js';
import { uncountedPrefix } from './zip-start.js';
import { entryEncryption } from './winzip-aes.js';
import { checkLocalHeaders, LOCAL_HEADER_SIZE, type CentralRecord, type LocalHeaderCheck } from './local-headers.js';
import { formatMessage, message, type AnyMessage, type ParamText } from '../../shared/message.js';
import { ArchiveError, type ArchiveEntry, type ArchiveErrorCode, type EntryKind, type OpenOptions } from './archive-entry.js';
import { authenticateEntry, checkPassphrase, dataStarts, openVerifiedStream, scanVerifiedEntry } from './entry-data.js';

export { ArchiveError, type ArchiveEntry, type ArchiveErrorCode, type EntryKind, type OpenOptions } from './archive-entry.js';
export { contentCrc32 } from './entry-data.js';

/**
 * Plain data, not an ArchiveError: a hostile zip can have one for each of 65,536 entries, and an
 * Error's stack trace would cost more than the entry itself.
 */
export interface EntryConflict {
  readonly entry: ArchiveEntry;
  readonly code: Extract<ArchiveErrorCode, 'entry-overlap' | 'local-header-mismatch' | 'entry-unreadable' | 'truncated'>;
  /** The other entry's name for an overlap; what the local header says otherwise. */
  readonly detail: ParamText;
}

export interface Archive {
  readonly path: string;
  /** The zip file's size in bytes: no entry's compressed data can be larger. */
  readonly size: number;
  readonly entries: readonly ArchiveEntry[];
  /**
   * Entries that cannot be trusted whatever their content, found when the zip is opened: bytes
   * shared with another entry, a local header that contradicts the directory or is not there. One
   * each, in the order of the entries.
   */
  readonly conflicts: readonly EntryConflict[];
  /**
   * The entry's uncompressed bytes. The stream fails with an ArchiveError when the entry inflates
   * to more or fewer bytes than declared (it never delivers more than declared) or its CRC-32 differs.
   * An AES entry's authentication code is checked over all its bytes before the stream gives any,
   * unless the options say the caller uses nothing before the end.
   */
  openEntry(entry: ArchiveEntry, options?: OpenOptions): Promise<Readable>;
  /**
   * Reads the entry to its end, verified as openEntry's stream is, handing `onBytes` each piece of
   * its uncompressed bytes. A piece is valid only during the call: a caller that only looks at them
   * (a digest) gets a plain entry's bytes with no copy and no stream (inflate-scan.ts). An AES
   * entry is decrypted and authenticated in the same pass (usedAtTheEnd): use nothing handed on
   * before the scan has ended without an error. Fails with an ArchiveError, as openEntry's stream does.
   */
  scanEntry(entry: ArchiveEntry, onBytes: (bytes: Buffer) => void): Promise<void>;
  /**
   * Checks an AES entry's authentication code over all its ciphertext, without decrypting it (the
   * next read of the entry then matches the seal this leaves); nothing for a plain entry. Fails
   * with an ArchiveError when the entry cannot be read or was altered.
   */
  authenticate(entry: ArchiveEntry): Promise<void>;
  close(): void;
}

/**
 * No real flash backup comes near this (they hold a few thousand); a central directory claiming more
 * is hostile or broken. Listing an entry costs about 1 KB of memory, so this also bounds what a zip
 * can make us hold (under 200 MB) before a single check has run.
 */
export const MAX_ENTRIES = 65_536;

const UNIX = 3;

/**
 * Opens the zip and reads its directory. A zip with AES entries needs their passphrase: without one
 * it fails with passphrase-needed, and with one its first AES entry's verifier refuses a wrong one
 * (wrong-passphrase) before anything else is read.
 */
export async function openArchive(path: string, opener?: ZipFileOpener, passphrase?: string): Promise<Archive> {
  let reader: ZipFileReader;
  let zip: ZipFile;
  try {
    reader = await ZipFileReader.open(path, opener);
  } catch (error) {
    throw await zipOpenError(error, path);
  }
  try {
    reader = reader.from(await uncountedPrefix(reader));
    zip = await openZip(reader);
  } catch (error) {
    reader.close(() => {});
    throw await zipOpenError(error, path);
  }
  try {
    if (zip.entryCount > MAX_ENTRIES) {
      throw new ArchiveError('too-many-entries', `The zip claims ${zip.entryCount} entries; a flash backup has a few thousand at most.`, undefined, zip.entryCount);
    }
    const { entries, records } = await readCentralDirectory(zip);
    const conflicts = await checkEntryPlacement(reader, entries, records);
    const secret = passphrase === undefined ? undefined : Buffer.from(passphrase, 'utf8');
    await checkPassphrase(reader, entries, secret);
    return {
      path,
      size: reader.size,
      entries,
      conflicts,
      openEntry: (entry, options = {}) => openVerifiedStream(reader, entries, entry, secret, options),
      scanEntry: (entry, onBytes) => scanVerifiedEntry(reader, entries, entry, secret, onBytes),
      authenticate: (entry) => authenticateEntry(reader, entries, entry, secret),
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error instanceof ArchiveError ? error : await zipOpenError(error, path);
  }
}

function openZip(reader: ZipFileReader): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // Names stay undecoded and sizes unchecked so that hostile ones become per-entry problems
    // instead of aborting the read; each entry's stream checks its own size (SizeAndCrcVerifier).
    const options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false };
    yauzl.fromRandomAccessReader(reader, reader.size, options, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

/** The entries, and what their local headers are checked against (dropped once they are). */
function readCentralDirectory(zip: ZipFile): Promise<{ entries: ArchiveEntry[]; records: CentralRecord[] }> {
  const entries: ArchiveEntry[] = [];
  const records: CentralRecord[] = [];
  return new Promise((resolve, reject) => {
    zip.on('entry', (raw: Entry) => {
      const entry = describeEntry(raw, entries.length);
      entries.push(entry);
      records.push({
        index: entry.index,
        headerOffset: raw.relativeOffsetOfLocalHeader,
        nameBytes: raw.fileName as unknown as Buffer,
        compressedSize: raw.compressedSize,
        uncompressedSize: raw.uncompressedSize,
      });
      zip.readEntry();
    });
    zip.once('end', () => resolve({ entries, records }));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/**
 * Reads every local header and finds where each entry's bytes are; names the entries that share
 * bytes with another (that alone, for an entry whose local header is also wrong: one reason each is
 * enough, and a zip bomb can have 65,536 of them), then those whose local header is wrong or absent.
 * Notes each good entry's data start.
 */
async function checkEntryPlacement(reader: ZipFileReader, entries: readonly ArchiveEntry[], records: readonly CentralRecord[]): Promise<EntryConflict[]> {
  const checks = await checkLocalHeaders(reader, records);
  const spans = checks.map((check, index) => {
    const start = records[index]!.headerOffset;
    if (!check.ok) return { index, start, end: start + LOCAL_HEADER_SIZE };
    dataStarts.set(entries[index]!, check.dataStart);
    return { index, start, end: check.dataStart + entries[index]!.compressedSize };
  });
  const conflicts = new Map<number, EntryConflict>();
  for (const { index, other } of findOverlaps(spans)) {
    conflicts.set(index, { entry: entries[index]!, code: 'entry-overlap', detail: entries[other]!.name });
  }
  for (const [index, check] of checks.entries()) {
    if (!check.ok && !conflicts.has(index)) conflicts.set(index, { entry: entries[index]!, code: LOCAL_HEADER_CODES[check.reason], detail: check.detail });
  }
  return [...conflicts.values()].sort((a, b) => a.entry.index - b.entry.index);
}

const LOCAL_HEADER_CODES = {
  'truncated': 'truncated',
  'no-header': 'entry-unreadable',
  'mismatch': 'local-header-mismatch',
} as const satisfies Record<Extract<LocalHeaderCheck, { ok: false }>['reason'], EntryConflict['code']>;

const UTF8_FLAG = 0x800;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The zip's name for the entry. Unflagged names are CP437 by the format, but many tools store
 * UTF-8 without setting the flag; bytes that are valid UTF-8 are read as such, as unzip on a
 * UTF-8 system shows them (real CP437 names are almost never valid UTF-8).
 */
function entryName(raw: Entry): string {
  const name = decodedName(raw);
  return BACKSLASH_SEPARATES.has(raw.versionMadeBy >> 8) ? name.replaceAll('\\', '/') : name;
}

/**
 * The hosts ("version made by") whose file systems cannot have `\` in a name, so that there it can
 * only separate folders: MS-DOS and Windows FAT (0), OS/2 HPFS (6), Windows NTFS (10), VFAT (14).
 * Windows PowerShell's Compress-Archive stores `dir\file` from host 0.
 */
const BACKSLASH_SEPARATES = new Set([0, 6, 10, 14]);

function decodedName(raw: Entry): string {
  const bytes = raw.fileName as unknown as Buffer;
  const flagged = (raw.generalPurposeBitFlag & UTF8_FLAG) !== 0 || raw.extraFields.some((field) => field.id === 0x7075);
  if (!flagged) {
    try {
      return strictUtf8.decode(bytes);
    } catch {
      // not UTF-8: CP437 below
    }
  }
  return yauzl.getFileNameLowLevel(raw.generalPurposeBitFlag, bytes, raw.extraFields, true);
}

function describeEntry(raw: Entry, index: number): ArchiveEntry {
  const name = entryName(raw);
  const { encryption, method } = entryEncryption(raw.generalPurposeBitFlag, raw.compressionMethod, raw.extraFields);
  return {
    index,
    name,
    kind: entryKind(raw, name),
    compressionMethod: method,
    encryption,
    compressedSize: raw.compressedSize,
    uncompressedSize: raw.uncompressedSize,
    crc32: raw.crc32,
    dosDate: raw.lastModFileDate,
    dosTime: raw.lastModFileTime,
  };
}

function entryKind(raw: Entry, name: string): EntryKind {
  const nameSaysDirectory = name.endsWith('/');
  if (raw.versionMadeBy >> 8 === UNIX) {
    const type = (raw.externalFileAttributes >>> 16) & 0o170000;
    if (type === 0o120000) return 'symlink';
    if (type === 0o040000) return 'directory';
    if (type === 0o100000) return nameSaysDirectory ? 'other' : 'file';
    if (type !== 0) return 'other';
  }
  return nameSaysDirectory || (raw.externalFileAttributes & 0x10) !== 0 ? 'directory' : 'file';
}

const FILE_ERRORS: Record<string, AnyMessage> = {
  ENOENT: message('problem.detail.no-such-file'),
  EACCES: message('problem.detail.permission-denied'),
  EPERM: message('problem.detail.permission-denied'),
  EISDIR: message('problem.detail.is-a-folder'),
};

const LOCAL_HEADER_SIGNATURE = Buffer.from('PK\x03\x04', 'latin1');

async function zipOpenError(error: unknown, path: string): Promise<ArchiveError> {
  const detail = error instanceof Error ? error.message : String(error);
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  if (errno !== undefined && errno in FILE_ERRORS) {
    const reason = FILE_ERRORS[errno] ?? detail;
    return new ArchiveError('cannot-open', `${path} cannot be opened: ${typeof reason === 'string' ? reason : formatMessage(reason)}.`, undefined, reason);
  }
  if (/end of central directory record signature not found/i.test(detail)) {
    return noEndRecordError(path);
  }
  if (/unexpected EOF|past end|exceeds/i.test(detail)) {
    return new ArchiveError('truncated', `${path} is truncated: the zip's directory points past the end of the file.`);
  }
  return new ArchiveError('corrupt-zip', `${path} is a damaged zip: ${detail}.`, undefined, detail);
}

// Without an end record the file is not a zip at all, unless it starts like one: then it was cut short.
async function noEndRecordError(path: string): Promise<ArchiveError> {
  if ((await stat(path)).size === 0) return new ArchiveError('empty-file', `${path} is empty (0 bytes).`);
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4), 0, 4, 0);
    if (bytesRead === 4 && buffer.equals(LOCAL_HEADER_SIGNATURE)) {
      return new ArchiveError('truncated', `${path} is truncated: it starts like a zip but its end (the zip's directory) is missing.`);
    }
  } finally {
    await file.close();
  }
  return new ArchiveError('not-a-zip', `${path} is not a zip file.`);
}
