// Reading a zip entry's bytes, verified: a stream of them (openEntry), or a scan that hands them on
// where they lie (scanEntry); an AES entry authenticated and decrypted, or refused. Each entry's
// size and CRC-32 are checked against its record as its bytes go by.
import { Transform, type Duplex, type Readable, type TransformCallback } from 'node:stream';
import { constants, createInflateRaw, type ZlibOptions } from 'node:zlib';
import { crc32 } from '../checksum/crc32.js';
import { formatMessage, message } from '../../shared/message.js';
import { AesEntryError, authenticate, Decryption, decryptedWhole, entryKeys, readAesSpans, type AesFailure, type AesSpans, type Seal } from './aes-entry.js';
import { ArchiveError, type ArchiveEntry, type OpenOptions } from './archive-entry.js';
import { STREAM_CHUNK, type ChunkFilter, type ZipFileReader } from './file-reader.js';
import { inflateScan } from './inflate-scan.js';
import type { AesKeys } from './winzip-aes.js';

const STORE = 0;
const DEFLATE = 8;

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

// Where each entry's data begins, for the entries whose local header is there (archive.ts records
// them as it checks the local headers). Only this is kept of yauzl's Entry objects, which cost about
// 500 bytes each: a zip listing tens of thousands of entries must not hold them all.
export const dataStarts = new WeakMap<ArchiveEntry, number>();

/**
 * The first AES entry whose bytes are where the directory says tells whether the passphrase is the
 * one (the verifier): a wrong one is one answer for the zip, not a damaged entry for each.
 */
export async function checkPassphrase(reader: ZipFileReader, entries: readonly ArchiveEntry[], passphrase: Buffer | undefined): Promise<void> {
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

export async function authenticateEntry(reader: ZipFileReader, entries: readonly ArchiveEntry[], entry: ArchiveEntry, passphrase: Buffer | undefined): Promise<void> {
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

export async function openVerifiedStream(reader: ZipFileReader, entries: readonly ArchiveEntry[], entry: ArchiveEntry, passphrase: Buffer | undefined, options: OpenOptions): Promise<Readable> {
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

export async function scanVerifiedEntry(reader: ZipFileReader, entries: readonly ArchiveEntry[], entry: ArchiveEntry, passphrase: Buffer | undefined, onBytes: (bytes: Buffer) => void): Promise<void> {
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
