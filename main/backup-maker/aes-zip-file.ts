// A streaming zip writer whose every file is WinZip AES-256 encrypted (AE-2: CRC-32 stored as 0,
// the HMAC authenticates), with the part of yazl's interface write-backup.ts uses, so that the
// back-up writes either kind of zip the same way. yazl cannot write method 99 or the AES extra
// field; @zip.js/zip.js can, but it brings its own AES in JavaScript and web streams for what is
// here one small layer over node:crypto, shared with the reader (main/backup/winzip-aes.ts).
// Names, sizes and dates stay readable, as in every zip: the format encrypts only file contents.
// Folders carry no data and are written plain, as 7-Zip writes them.
import { randomBytes } from 'node:crypto';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { EventEmitter } from 'node:events';
import { createDeflateRaw } from 'node:zlib';
import { AES_EXTRA_FIELD, AES_METHOD, AesCtr, deriveKeys, saltLength, type AesKeys } from '../backup/winzip-aes.js';

const STRENGTH = 3;
const STORE = 0;
const DEFLATE = 8;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const U32_MAX = 0xffffffff;
const VERSION_NEEDED = 51; // AES encryption (APPNOTE 7.2)
const VERSION_ZIP64 = 45;
const VERSION_MADE_BY = (3 << 8) | 63;
const DIRECTORY_ATTRIBUTES = ((0o040755 << 16) | 0x10) >>> 0;
const FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;

interface EntryOptions {
  readonly mtime: Date;
  readonly compress?: boolean;
}

type StreamOpener = (callback: (error: Error | null, stream: Readable) => void) => void;

interface Written {
  readonly name: Buffer;
  readonly directory: boolean;
  /** How the data is packed under the encryption: store or deflate. */
  readonly method: number;
  readonly dosTime: number;
  readonly dosDate: number;
  readonly offset: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

type Job = { readonly name: Buffer; readonly options: EntryOptions } & ({ readonly directory: true } | { readonly directory: false; readonly open: StreamOpener });

export class AesZipFile extends EventEmitter {
  readonly outputStream = new PassThrough();
  private readonly jobs: Job[] = [];
  private readonly written: Written[] = [];
  private offset = 0;
  private ending: Buffer | undefined;
  private running = false;

  constructor(private readonly passphrase: Buffer) {
    super();
  }

  addEmptyDirectory(path: string, options: EntryOptions): void {
    this.queue({ name: Buffer.from(path.endsWith('/') ? path : `${path}/`, 'utf8'), options, directory: true });
  }

  addBuffer(buffer: Buffer, path: string, options: EntryOptions): void {
    this.addReadStreamLazy(path, { ...options, compress: true }, (callback) => callback(null, new PassThrough().end(buffer)));
  }

  addReadStreamLazy(path: string, options: EntryOptions & { size?: number }, open: StreamOpener): void {
    this.queue({ name: Buffer.from(path, 'utf8'), options, directory: false, open });
  }

  end(options: { comment?: string | Buffer; forceZip64Format?: boolean } = {}): void {
    const comment = options.comment === undefined ? Buffer.alloc(0) : Buffer.from(options.comment);
    this.ending = comment;
    this.pump();
  }

  private queue(job: Job): void {
    this.jobs.push(job);
    this.pump();
  }

  private pump(): void {
    if (this.running) return;
    this.running = true;
    this.drain().then(
      () => (this.running = false),
      (error: unknown) => this.emit('error', error instanceof Error ? error : new Error(String(error))),
    );
  }

  private async drain(): Promise<void> {
    for (let job = this.jobs.shift(); job; job = this.jobs.shift()) await this.writeEntry(job);
    if (this.ending) {
      this.writeCentralDirectory(this.ending);
      this.ending = undefined;
      this.outputStream.end();
    }
  }

  private write(bytes: Buffer): void {
    this.outputStream.write(bytes);
    this.offset += bytes.length;
  }

  private async writeEntry(job: Job): Promise<void> {
    const { time, date } = dosDateTime(job.options.mtime);
    const offset = this.offset;
    if (job.directory) {
      this.write(localHeader(job.name, 0, STORE, time, date, Buffer.alloc(0)));
      this.written.push({ name: job.name, directory: true, method: STORE, dosTime: time, dosDate: date, offset, compressedSize: 0, uncompressedSize: 0 });
      return;
    }
    const method = job.options.compress === false ? STORE : DEFLATE;
    this.write(localHeader(job.name, FLAG_ENCRYPTED | FLAG_DATA_DESCRIPTOR, AES_METHOD, time, date, aesField(method)));
    const salt = randomBytes(saltLength(STRENGTH));
    const keys = await deriveKeys(this.passphrase, salt, STRENGTH);
    this.write(Buffer.concat([salt, keys.verifier]));
    const source = await new Promise<Readable>((resolve, reject) => job.open((error, stream) => (error ? reject(error) : resolve(stream))));
    const { uncompressed, ciphertext, mac } = await this.encrypted(source, method, keys);
    this.write(mac);
    const compressedSize = salt.length + keys.verifier.length + ciphertext + mac.length;
    this.write(dataDescriptor(compressedSize, uncompressed));
    this.written.push({ name: job.name, directory: false, method, dosTime: time, dosDate: date, offset, compressedSize, uncompressedSize: uncompressed });
  }

  /** Streams the source through deflate (or not) and AES-CTR into the output; the sizes and the MAC. */
  private encrypted(source: Readable, method: number, keys: AesKeys): Promise<{ uncompressed: number; ciphertext: number; mac: Buffer }> {
    let uncompressed = 0;
    let ciphertext = 0;
    const ctr = new AesCtr(keys);
    const encrypt = new Transform({
      transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
        ciphertext += chunk.length;
        done(null, ctr.encrypt(chunk));
      },
    });
    source.on('data', (chunk: Buffer) => (uncompressed += chunk.length));
    const packed = method === DEFLATE ? source.pipe(createDeflateRaw()) : source;
    return new Promise((resolve, reject) => {
      source.once('error', reject);
      packed.once('error', reject);
      // Piped, so that a slow destination holds the reading back.
      packed.pipe(encrypt).pipe(this.outputStream, { end: false });
      encrypt.once('end', () => {
        this.offset += ciphertext;
        resolve({ uncompressed, ciphertext, mac: ctr.mac() });
      });
    });
  }

  private writeCentralDirectory(comment: Buffer): void {
    const start = this.offset;
    for (const entry of this.written) this.write(centralRecord(entry));
    const size = this.offset - start;
    const count = this.written.length;
    if (start >= U32_MAX || size >= U32_MAX || count >= 0xffff) {
      const zip64End = this.offset;
      const record = Buffer.alloc(56);
      record.writeUInt32LE(0x06064b50, 0);
      record.writeBigUInt64LE(44n, 4);
      record.writeUInt16LE(VERSION_MADE_BY, 12);
      record.writeUInt16LE(VERSION_ZIP64, 14);
      record.writeBigUInt64LE(BigInt(count), 24);
      record.writeBigUInt64LE(BigInt(count), 32);
      record.writeBigUInt64LE(BigInt(size), 40);
      record.writeBigUInt64LE(BigInt(start), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(zip64End), 8);
      locator.writeUInt32LE(1, 16);
      this.write(Buffer.concat([record, locator]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(count, 0xffff), 8);
    end.writeUInt16LE(Math.min(count, 0xffff), 10);
    end.writeUInt32LE(Math.min(size, U32_MAX), 12);
    end.writeUInt32LE(Math.min(start, U32_MAX), 16);
    end.writeUInt16LE(comment.length, 20);
    this.write(Buffer.concat([end, comment]));
  }
}

/** The AES extra field: AE-2, vendor "AE", AES-256, the real compression method. */
function aesField(method: number): Buffer {
  const field = Buffer.alloc(11);
  field.writeUInt16LE(AES_EXTRA_FIELD, 0);
  field.writeUInt16LE(7, 2);
  field.writeUInt16LE(2, 4);
  field.write('AE', 6, 'latin1');
  field.writeUInt8(STRENGTH, 8);
  field.writeUInt16LE(method, 9);
  return field;
}

/** Sizes follow the data (bit 3); CRC-32 is 0 in AE-2. */
function localHeader(name: Buffer, flags: number, method: number, time: number, date: number, extra: Buffer): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(method === AES_METHOD ? VERSION_NEEDED : 20, 4);
  header.writeUInt16LE(flags | FLAG_UTF8, 6);
  header.writeUInt16LE(method, 8);
  header.writeUInt16LE(time, 10);
  header.writeUInt16LE(date, 12);
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(extra.length, 28);
  return Buffer.concat([header, name, extra]);
}

function dataDescriptor(compressedSize: number, uncompressedSize: number): Buffer {
  const wide = compressedSize >= U32_MAX || uncompressedSize >= U32_MAX;
  const descriptor = Buffer.alloc(wide ? 24 : 16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  if (wide) {
    descriptor.writeBigUInt64LE(BigInt(compressedSize), 8);
    descriptor.writeBigUInt64LE(BigInt(uncompressedSize), 16);
  } else {
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(uncompressedSize, 12);
  }
  return descriptor;
}

function centralRecord(entry: Written): Buffer {
  const wide = entry.compressedSize >= U32_MAX || entry.uncompressedSize >= U32_MAX || entry.offset >= U32_MAX;
  const zip64 = Buffer.alloc(wide ? 28 : 0);
  if (wide) {
    zip64.writeUInt16LE(0x0001, 0);
    zip64.writeUInt16LE(24, 2);
    zip64.writeBigUInt64LE(BigInt(entry.uncompressedSize), 4);
    zip64.writeBigUInt64LE(BigInt(entry.compressedSize), 12);
    zip64.writeBigUInt64LE(BigInt(entry.offset), 20);
  }
  const extra = Buffer.concat([zip64, entry.directory ? Buffer.alloc(0) : aesField(entry.method)]);
  const record = Buffer.alloc(46);
  record.writeUInt32LE(0x02014b50, 0);
  record.writeUInt16LE(VERSION_MADE_BY, 4);
  record.writeUInt16LE(wide ? VERSION_ZIP64 : entry.directory ? 20 : VERSION_NEEDED, 6);
  record.writeUInt16LE(FLAG_UTF8 | (entry.directory ? 0 : FLAG_ENCRYPTED | FLAG_DATA_DESCRIPTOR), 8);
  record.writeUInt16LE(entry.directory ? STORE : AES_METHOD, 10);
  record.writeUInt16LE(entry.dosTime, 12);
  record.writeUInt16LE(entry.dosDate, 14);
  record.writeUInt32LE(wide ? U32_MAX : entry.compressedSize, 20);
  record.writeUInt32LE(wide ? U32_MAX : entry.uncompressedSize, 24);
  record.writeUInt16LE(entry.name.length, 28);
  record.writeUInt16LE(extra.length, 30);
  record.writeUInt32LE(entry.directory ? DIRECTORY_ATTRIBUTES : FILE_ATTRIBUTES, 38);
  record.writeUInt32LE(wide ? U32_MAX : entry.offset, 42);
  return Buffer.concat([record, entry.name, extra]);
}

function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}
