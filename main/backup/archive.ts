// Read-only access to a zip file: its central directory as plain records, and a verified stream
// of each entry's bytes. Knows nothing about Unraid; the backup reader builds on it.
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface ArchiveEntry {
  /** Position in the central directory. */
  readonly index: number;
  /** The name as stored: decoded (UTF-8 flag, Info-ZIP Unicode path, else CP437), backslashes kept. */
  readonly name: string;
  readonly kind: EntryKind;
  readonly compressionMethod: number;
  readonly encrypted: boolean;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly crc32: number;
  /** MS-DOS date and time words, exactly as the zip stores them (FAT uses the same format). */
  readonly dosDate: number;
  readonly dosTime: number;
}

export type ArchiveErrorCode =
  | 'not-a-zip'
  | 'truncated'
  | 'corrupt-zip'
  | 'too-many-entries'
  | 'entry-size-mismatch'
  | 'entry-crc-mismatch'
  | 'entry-unreadable';

/** A problem with the zip itself or one entry, with the entry name when there is one. */
export class ArchiveError extends Error {
  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

export interface Archive {
  readonly path: string;
  readonly entries: readonly ArchiveEntry[];
  /**
   * The entry's uncompressed bytes. The stream fails with an ArchiveError when the entry inflates
   * to more or fewer bytes than declared (it stops at the declared size) or its CRC-32 differs.
   */
  openEntry(entry: ArchiveEntry): Promise<Readable>;
  close(): void;
}

/** No real flash backup comes near this; a central directory claiming more is hostile or broken. */
export const MAX_ENTRIES = 500_000;

const STORE = 0;
const DEFLATE = 8;
const UNIX = 3;

export async function openArchive(path: string): Promise<Archive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (error) {
    throw zipOpenError(error, path);
  }
  try {
    if (zip.entryCount > MAX_ENTRIES) {
      throw new ArchiveError('too-many-entries', `The zip claims ${zip.entryCount} entries; a flash backup has a few thousand at most.`);
    }
    const entries = await readCentralDirectory(zip);
    return {
      path,
      entries,
      openEntry: (entry) => openVerifiedStream(zip, entries, entry),
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error instanceof ArchiveError ? error : zipOpenError(error, path);
  }
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // Names stay undecoded so hostile ones become per-entry problems instead of aborting the read.
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    );
  });
}

// yauzl's own Entry objects, kept beside ours because openReadStream needs them.
const yauzlEntries = new WeakMap<ArchiveEntry, yauzl.Entry>();

function readCentralDirectory(zip: yauzl.ZipFile): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  return new Promise((resolve, reject) => {
    zip.on('entry', (raw: yauzl.Entry) => {
      const entry = describeEntry(raw, entries.length);
      yauzlEntries.set(entry, raw);
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function describeEntry(raw: yauzl.Entry, index: number): ArchiveEntry {
  const name = yauzl.getFileNameLowLevel(raw.generalPurposeBitFlag, raw.fileName as unknown as Buffer, raw.extraFields, true);
  return {
    index,
    name,
    kind: entryKind(raw, name),
    compressionMethod: raw.compressionMethod,
    encrypted: raw.isEncrypted(),
    compressedSize: raw.compressedSize,
    uncompressedSize: raw.uncompressedSize,
    crc32: raw.crc32,
    dosDate: raw.lastModFileDate,
    dosTime: raw.lastModFileTime,
  };
}

function entryKind(raw: yauzl.Entry, name: string): EntryKind {
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

async function openVerifiedStream(zip: yauzl.ZipFile, entries: readonly ArchiveEntry[], entry: ArchiveEntry): Promise<Readable> {
  const raw = entries[entry.index] === entry ? yauzlEntries.get(entry) : undefined;
  if (!raw) throw new Error(`${entry.name} is not an entry of this archive`);
  if (entry.encrypted || (entry.compressionMethod !== STORE && entry.compressionMethod !== DEFLATE)) {
    throw new ArchiveError('entry-unreadable', `${entry.name} is encrypted or uses a compression method other than store or deflate.`, entry.name);
  }
  const source = await new Promise<Readable>((resolve, reject) => {
    zip.openReadStream(raw, (error, stream) => (error ? reject(entryError(error, entry)) : resolve(stream)));
  });
  const verifier = new CrcVerifier(entry);
  source.on('error', (error) => verifier.destroy(entryError(error, entry)));
  return source.pipe(verifier);
}

/** Passes bytes through, computing CRC-32 as they go; fails at the end when it differs. */
class CrcVerifier extends Transform {
  private crc = 0;

  constructor(private readonly entry: ArchiveEntry) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.crc = crc32(chunk, this.crc);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.crc >>> 0 === this.entry.crc32 >>> 0) return done();
    done(new ArchiveError('entry-crc-mismatch', `${this.entry.name} is damaged: its CRC-32 does not match the zip's record.`, this.entry.name));
  }
}

function entryError(error: unknown, entry: ArchiveEntry): ArchiveError {
  if (error instanceof ArchiveError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (/too many bytes|not enough bytes/.test(detail)) {
    return new ArchiveError('entry-size-mismatch', `${entry.name} does not inflate to the ${entry.uncompressedSize} bytes the zip declares (${detail}).`, entry.name);
  }
  if (/unexpected EOF|past end/i.test(detail)) {
    return new ArchiveError('truncated', `${entry.name} is cut short: the zip file ends inside it.`, entry.name);
  }
  return new ArchiveError('entry-unreadable', `${entry.name} cannot be read: ${detail}.`, entry.name);
}

function zipOpenError(error: unknown, path: string): ArchiveError {
  const detail = error instanceof Error ? error.message : String(error);
  if (/end of central directory record signature not found/i.test(detail)) {
    return new ArchiveError('not-a-zip', `${path} is not a zip file (or it is truncated: no end-of-archive record).`);
  }
  if (/unexpected EOF|past end|exceeds/i.test(detail)) {
    return new ArchiveError('truncated', `${path} is truncated: the zip's directory points past the end of the file.`);
  }
  return new ArchiveError('corrupt-zip', `${path} is a damaged zip: ${detail}.`);
}
