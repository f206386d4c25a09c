// Read-only access to a zip file: its central directory as plain records, and a verified stream
// of each entry's bytes. Knows nothing about Unraid; the backup reader builds on it.
import { open, stat } from 'node:fs/promises';
import { Transform, type Duplex, type Readable, type TransformCallback } from 'node:stream';
import { constants, createInflateRaw, type ZlibOptions } from 'node:zlib';
import { yauzl, type Entry, type ZipFile } from './yauzl.js';
import { crc32 } from '../checksum/crc32.js';
import { findOverlaps } from './entry-spans.js';
import { inflateScan } from './inflate-scan.js';
import { STREAM_CHUNK, ZipFileReader, type ChunkFilter, type ZipFileOpener } from './file-reader.js';
import { uncountedPrefix } from './zip-start.js';
import { AesEntryError, authenticate, Decryption, decryptedWhole, entryKeys, readAesSpans, type AesFailure, type AesSpans, type Seal } from './aes-entry.js';
import { entryEncryption, type AesKeys, type EntryEncryption } from './winzip-aes.js';
import { checkLocalHeaders, LOCAL_HEADER_SIZE, type CentralRecord, type LocalHeaderCheck } from './local-headers.js';
import { formatMessage, message, type AnyMessage, type ParamText } from '../../shared/message.js';

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
   * (a digest) gets a plain entry's bytes with no copy and no stream (inflate-scan.ts). Fails with
   * an ArchiveError, as openEntry's stream does.
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

export interface OpenOptions {
  /**
   * The caller uses nothing it reads before the stream has ended without an error (it hashes or
   * counts the bytes): an AES entry is then decrypted in one pass and authenticated at its end,
   * instead of read once for its authentication code before its first byte is given.
   */
  readonly usedAtTheEnd?: boolean;
}

/**
 * No real flash backup comes near this (they hold a few thousand); a central directory claiming more
 * is hostile or broken. Listing an entry costs about 1 KB of memory, so this also bounds what a zip
 * can make us hold (under 200 MB) before a single check has run.
 */
export const MAX_ENTRIES = 65_536;

const STORE = 0;
const DEFLATE = 8;
const UNIX = 3;
/**
 * Inflating in chunks of 256 KiB (zlib's default is 16 KiB): each chunk is one round trip to the
 * thread pool, and those round trips, more than inflating itself, set the pace of unpacking (a
 * 500 MB release unpacked in 0.50–0.61 s in 256 KiB chunks, 0.43–0.53 s in 1 MiB ones). Larger
 * chunks cost memory where it counts, though: while a slow drive holds the writer back, each chunk
 * waits downstream long enough to outlive the young generation's collections, and spent 1 MiB
 * chunks then pile up until a full collection. Writing 500 MB to a simulated USB 3 stick peaked at
 * 139–145 MB of RSS with 1 MiB chunks and 130–134 MB with 256 KiB ones (test/bench/stick.ts).
 */
const INFLATE_CHUNK = 256 * 1024;
/**
 * How far inflating may run ahead of the reader, in bytes: two chunks, so that zlib works on the
 * next chunks while the reader writes the last one (Node's default of 16 KiB stops it at one).
 * Restoring 500 MB to an image file, alternating runs: a median of 2.69 s against 2.75 s with one.
 */
const READ_AHEAD_BYTES = 2 * INFLATE_CHUNK;

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

// Where each entry's data begins, for the entries whose local header is there. Only this is kept of
// yauzl's Entry objects, which cost about 500 bytes each: a zip listing tens of thousands of entries
// must not hold them all.
const dataStarts = new WeakMap<ArchiveEntry, number>();

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

/**
 * The first AES entry whose bytes are where the directory says tells whether the passphrase is the
 * one (the verifier): a wrong one is one answer for the zip, not a damaged entry for each.
 */
async function checkPassphrase(reader: ZipFileReader, entries: readonly ArchiveEntry[], passphrase: Buffer | undefined): Promise<void> {
  const first = entries.find((entry) => entry.encryption.kind === 'aes' && dataStarts.has(entry));
  if (!first || first.encryption.kind !== 'aes') return;
  if (!passphrase) throw new ArchiveError('passphrase-needed', 'The zip is encrypted: it needs its passphrase.');
  try {
    const dataStart = dataStarts.get(first)!;
    keyCache.set(first, await entryKeys(passphrase, first.encryption.strength, await readAesSpans(reader, first.encryption.strength, dataStart, dataStart + first.compressedSize)));
  } catch (error) {
    // A first entry cut short is that entry's problem, found again when it is read.
    if (error instanceof AesEntryError && error.reason === 'wrong-passphrase') throw new ArchiveError('wrong-passphrase', 'The passphrase does not open this zip.');
  }
}

/** Keys already derived (PBKDF2 costs milliseconds an entry), so that an entry read twice derives them once. */
const keyCache = new WeakMap<ArchiveEntry, AesKeys>();
/**
 * The seals of AES entries whose whole ciphertext was authenticated (by a check that read them in
 * full, say): a later read of the entry, the write's, matches the seal as it streams instead of
 * reading the entry once more for its authentication code first.
 */
const seals = new WeakMap<ArchiveEntry, Seal>();

/** Where the entry's stored bytes start; fails when they are not all there to read. */
function readableStart(reader: ZipFileReader, entries: readonly ArchiveEntry[], entry: ArchiveEntry): number {
  if (entries[entry.index] !== entry) throw new Error(`${entry.name} is not an entry of this archive`);
  const dataStart = dataStarts.get(entry);
  // Its local header was found wanting when the zip was opened (Archive.conflicts says how).
  if (dataStart === undefined) throw new ArchiveError('entry-unreadable', `${entry.name} cannot be read: its local header is missing or cut short.`, entry.name);
  if (dataStart + entry.compressedSize > reader.size) throw truncatedEntry(entry);
  return dataStart;
}

async function authenticateEntry(reader: ZipFileReader, entries: readonly ArchiveEntry[], entry: ArchiveEntry, passphrase: Buffer | undefined): Promise<void> {
  if (entry.encryption.kind !== 'aes' || passphrase === undefined || seals.has(entry)) return;
  const dataStart = readableStart(reader, entries, entry);
  try {
    const { spans, keys } = await aesParts(reader, entry, dataStart, passphrase);
    seals.set(entry, await authenticate(reader, keys, spans));
  } catch (error) {
    throw entryError(error, entry);
  }
}

/** Where an AES entry's ciphertext and MAC lie, and its keys (derived once an entry). */
async function aesParts(reader: ZipFileReader, entry: ArchiveEntry, dataStart: number, passphrase: Buffer): Promise<{ spans: AesSpans; keys: AesKeys }> {
  if (entry.encryption.kind !== 'aes') throw new Error(`${entry.name} is not an AES entry`);
  const { strength } = entry.encryption;
  const spans = await readAesSpans(reader, strength, dataStart, dataStart + entry.compressedSize);
  const keys = keyCache.get(entry) ?? (await entryKeys(passphrase, strength, spans));
  keyCache.set(entry, keys);
  return { spans, keys };
}

async function openVerifiedStream(reader: ZipFileReader, entries: readonly ArchiveEntry[], entry: ArchiveEntry, passphrase: Buffer | undefined, options: OpenOptions): Promise<Readable> {
  const dataStart = readableStart(reader, entries, entry);
  const aes = entry.encryption.kind === 'aes' && passphrase !== undefined;
  if ((entry.encryption.kind !== 'none' && !aes) || (entry.compressionMethod !== STORE && entry.compressionMethod !== DEFLATE)) {
    throw new ArchiveError('entry-unreadable', `${entry.name} is encrypted in a way we cannot read or uses a compression method other than store or deflate.`, entry.name);
  }
  if (aes) return openDecryptedStream(reader, entry, dataStart, passphrase, options);
  // We inflate the stored bytes ourselves, so that every stage is destroyed when the verifier stops
  // (yauzl's own inflate stream keeps its zlib handle).
  const dataEnd = dataStart + entry.compressedSize;
  if (entry.compressionMethod === STORE) return verified(entry, reader.createReadStream({ start: dataStart, end: dataEnd }));
  return fed(reader, entry, createInflateRaw(inflateOptions(entry)), dataStart, dataEnd);
}

async function scanVerifiedEntry(reader: ZipFileReader, entries: readonly ArchiveEntry[], entry: ArchiveEntry, passphrase: Buffer | undefined, onBytes: (bytes: Buffer) => void): Promise<void> {
  if (entry.encryption.kind !== 'none' || (entry.compressionMethod !== STORE && entry.compressionMethod !== DEFLATE)) {
    // Decrypted into buffers of their own, or refused, as openEntry does.
    for await (const chunk of await openVerifiedStream(reader, entries, entry, passphrase, { usedAtTheEnd: true })) onBytes(chunk as Buffer);
    return;
  }
  const dataStart = readableStart(reader, entries, entry);
  const tally = new EntryTally(entry, true);
  const counted = (bytes: Buffer): void => {
    if (tally.take(bytes) < bytes.length) throw tally.sizeError('more');
    onBytes(bytes);
  };
  const chunks = reader.chunks(dataStart, dataStart + entry.compressedSize);
  try {
    if (entry.compressionMethod === STORE) for await (const chunk of chunks) counted(chunk);
    else await inflateScan(chunks, counted, inflateOptions(entry));
  } catch (error) {
    throw entryError(error, entry);
  }
  const failure = tally.finish();
  if (failure) throw failure;
}

/**
 * An AES entry: authenticated (or its seal known), then decrypted (and inflated) as it streams, then
 * verified like any; or, for a caller that uses nothing before the end, all in one pass. A small
 * one (config files, most of a back-up's entries) is read whole, authenticated and decrypted at once.
 */
async function openDecryptedStream(reader: ZipFileReader, entry: ArchiveEntry, dataStart: number, passphrase: Buffer, options: OpenOptions): Promise<Readable> {
  if (entry.encryption.kind !== 'aes') throw new Error(`${entry.name} is not an AES entry`);
  const { version } = entry.encryption;
  // AE-2 stores no CRC-32: the authentication code stands for it.
  const checkCrc = version === 1;
  // The reader decrypts into its own buffers and uses them again: a stored entry's bytes, passed on
  // as they are, leave as a copy.
  const sink = entry.compressionMethod === STORE ? copying() : createInflateRaw(inflateOptions(entry));
  let spans: AesSpans;
  let keys: AesKeys;
  let seal: Seal | undefined;
  try {
    ({ spans, keys } = await aesParts(reader, entry, dataStart, passphrase));
    if (spans.cipherEnd - spans.cipherStart <= STREAM_CHUNK) return verified(entry, await decryptedWhole(reader, keys, spans, sink), checkCrc);
    seal = seals.get(entry) ?? (options.usedAtTheEnd ? undefined : await authenticate(reader, keys, spans));
  } catch (error) {
    sink.destroy();
    throw entryError(error, entry);
  }
  const decryption = new Decryption(keys, seal ? { seal } : { storedMac: spans.storedMac }, (sealed) => seals.set(entry, sealed));
  const stream = fed(reader, entry, sink, spans.cipherStart, spans.cipherEnd, decryption, checkCrc);
  return seal ? stream : new ToldApartByMac(stream, entry, () => authenticate(reader, keys, spans));
}

/**
 * An entry read in one pass fails at the first sign of trouble, which for altered ciphertext is
 * most often the inflate's (garbage in), or its size or CRC, before its authentication code is
 * reached: on such a failure the code is checked over the whole entry, so that an altered entry
 * reads as altered (auth-mismatch), and only one damaged before it was encrypted as damaged.
 */
class ToldApartByMac extends Transform {
  constructor(
    private readonly decrypted: Readable,
    private readonly entry: ArchiveEntry,
    private readonly authenticateWhole: () => Promise<unknown>,
  ) {
    super({ readableHighWaterMark: READ_AHEAD_BYTES });
    decrypted.on('error', (error) => void this.tellApart(error));
    decrypted.pipe(this);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    done(null, chunk);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.decrypted.destroy();
    done(error);
  }

  private async tellApart(error: Error): Promise<void> {
    // A reader that stopped early has no use for the answer, and the whole entry is not read for it.
    if (this.destroyed) return;
    if (error instanceof ArchiveError && error.code === 'entry-auth-mismatch') return void this.destroy(error);
    try {
      await this.authenticateWhole();
      this.destroy(error);
    } catch (macError) {
      this.destroy(macError instanceof AesEntryError && macError.reason === 'auth-mismatch' ? entryError(macError, this.entry) : error);
    }
  }
}

/** What the sink makes of the bytes the reader feeds it from start to end (through the filter), verified. */
function fed(reader: ZipFileReader, entry: ArchiveEntry, sink: Duplex, start: number, end: number, filter?: ChunkFilter, checkCrc = true): Readable {
  const stream = verified(entry, sink, checkCrc);
  reader.feed(sink, start, end, filter).catch((error: unknown) => stream.destroy(entryError(error, entry)));
  return stream;
}

function copying(): Transform {
  return new Transform({
    readableHighWaterMark: READ_AHEAD_BYTES,
    transform: (chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) => done(null, Buffer.from(chunk)),
  });
}

function inflateOptions(entry: ArchiveEntry): ZlibOptions {
  // zlib allocates a whole chunk up front: a small entry gets a chunk its own size.
  const chunkSize = Math.min(INFLATE_CHUNK, Math.max(entry.uncompressedSize, constants.Z_MIN_CHUNK));
  // readableHighWaterMark is a stream option that Node's zlib passes on, though its types omit it.
  return { chunkSize, readableHighWaterMark: READ_AHEAD_BYTES } as ZlibOptions;
}

/** The CRC-32 of AE-2 entries (which store 0), learned when their content was read and authenticated. */
const learnedCrcs = new WeakMap<ArchiveEntry, number>();

/**
 * The CRC-32 of the entry's content, for comparing a restored file with it: the zip's record, or for
 * an AE-2 entry (whose record is 0) the CRC of the content once read in full; undefined before.
 */
export function contentCrc32(entry: ArchiveEntry): number | undefined {
  return entry.encryption.kind === 'aes' && entry.encryption.version === 2 ? learnedCrcs.get(entry) : entry.crc32;
}

/** `source` through a SizeAndCrcVerifier, which also fails with any error of the source. */
function verified(entry: ArchiveEntry, source: Readable, checkCrc = true): Readable {
  const verifier = new SizeAndCrcVerifier(entry, source, checkCrc);
  source.on('error', (error) => verifier.destroy(entryError(error, entry)));
  return source.pipe(verifier);
}

/**
 * Passes bytes through up to the declared size, computing CRC-32 as they go; fails as soon as there
 * are more bytes than declared, and at the end when there are fewer or the CRC-32 differs. Destroying
 * it (on failure, or by a reader that stops early) stops the reading and inflating before it.
 */
class SizeAndCrcVerifier extends Transform {
  private readonly tally: EntryTally;

  constructor(
    entry: ArchiveEntry,
    private readonly upstream: Readable,
    checkCrc: boolean,
  ) {
    super({ readableHighWaterMark: READ_AHEAD_BYTES });
    this.tally = new EntryTally(entry, checkCrc);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.upstream.destroy();
    done(error);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const fits = this.tally.take(chunk);
    if (fits < chunk.length) {
      this.push(chunk.subarray(0, fits));
      return done(this.tally.sizeError('more'));
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    done(this.tally.finish());
  }
}

/** An entry's bytes counted and their CRC-32 computed as they go by, against its record. */
class EntryTally {
  private crc = 0;
  private received = 0;

  constructor(
    private readonly entry: ArchiveEntry,
    /** False for an AE-2 entry, whose record is 0: its CRC-32 is learned instead. */
    private readonly checkCrc: boolean,
  ) {}

  /** How many of the bytes fit within the declared size: all (and they are counted), or fewer, and the entry is too long. */
  take(chunk: Buffer): number {
    const room = this.entry.uncompressedSize - this.received;
    this.received += chunk.length;
    if (chunk.length > room) return room;
    this.crc = crc32(chunk, this.crc);
    return chunk.length;
  }

  /** At the end: why the entry fails (fewer bytes than declared, another CRC-32), if it does. */
  finish(): ArchiveError | undefined {
    if (this.received < this.entry.uncompressedSize) return this.sizeError('fewer');
    if (!this.checkCrc) learnedCrcs.set(this.entry, this.crc >>> 0);
    if (!this.checkCrc || this.crc >>> 0 === this.entry.crc32 >>> 0) return undefined;
    return new ArchiveError('entry-crc-mismatch', `${this.entry.name} is damaged: its CRC-32 does not match the zip's record.`, this.entry.name);
  }

  sizeError(direction: 'more' | 'fewer'): ArchiveError {
    const detail = message(direction === 'more' ? 'problem.detail.unpacks-more' : 'problem.detail.unpacks-fewer', { size: this.entry.uncompressedSize });
    return new ArchiveError('entry-size-mismatch', `${this.entry.name}: ${formatMessage(detail)}.`, this.entry.name, detail);
  }
}

const AES_ERRORS: Record<AesFailure, (entry: ArchiveEntry) => ArchiveError> = {
  'wrong-passphrase': (entry) => new ArchiveError('wrong-passphrase', `The passphrase does not open ${entry.name}.`, entry.name),
  'auth-mismatch': (entry) =>
    new ArchiveError('entry-auth-mismatch', `${entry.name} was altered or damaged: its authentication code does not match its encrypted bytes.`, entry.name),
  'truncated': truncatedEntry,
};

function entryError(error: unknown, entry: ArchiveEntry): ArchiveError {
  if (error instanceof ArchiveError) return error;
  if (error instanceof AesEntryError) return AES_ERRORS[error.reason](entry);
  const detail = error instanceof Error ? error.message : String(error);
  // The file ended before the entry's data did (it shrank after the directory was read).
  if (/not enough bytes/i.test(detail)) return truncatedEntry(entry);
  return new ArchiveError('entry-unreadable', `${entry.name} cannot be read: ${detail}.`, entry.name, detail);
}

function truncatedEntry(entry: ArchiveEntry): ArchiveError {
  return new ArchiveError('truncated', `${entry.name} is cut short: the zip file ends inside it.`, entry.name);
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
