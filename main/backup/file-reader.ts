// How yauzl reads the zip file. Its own file reader makes a stream for every small read, which makes
// the central directory cost ~70 µs an entry, and streams entry data 16 KiB at a time, which caps
// --deep well below the disk. This one serves the directory's small reads from cached blocks and
// streams data in 1 MiB chunks.
import { close, fstat, read } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';
import { yauzl } from './yauzl.js';

const CACHE_BLOCK = 64 * 1024;
/** The bytes of each read of entry data. */
export const STREAM_CHUNK = 1024 * 1024;

type ReadCallback = (error: Error | null, bytesRead?: number) => void;

/** What the reader needs of the zip file: Node's FileHandle, or a descriptor opened elsewhere (fileOnDescriptor). */
export interface ZipFileHandle {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number; buffer: Buffer }>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

/** How the zip is opened: as this process may (the default), or with another user's rights. */
export type ZipFileOpener = (path: string) => Promise<ZipFileHandle>;

/** A file descriptor opened by the caller (with someone else's rights) as the reader's file. */
export function fileOnDescriptor(fd: number): ZipFileHandle {
  return {
    read: (buffer, offset, length, position) =>
      new Promise((resolve, reject) => read(fd, buffer, offset, length, position, (error, bytesRead) => (error ? reject(error) : resolve({ bytesRead, buffer })))),
    stat: () => new Promise((resolve, reject) => fstat(fd, (error, stats) => (error ? reject(error) : resolve(stats)))),
    close: () => new Promise((resolve, reject) => close(fd, (error) => (error ? reject(error) : resolve()))),
  };
}

/** What feed does to each chunk on its way to the sink (decrypts it), and a last word on the whole. */
export interface ChunkFilter {
  /** Changes the chunk where it lies; the buffer is the reader's, used again once the sink is done with it. */
  update(chunk: Buffer): void;
  /** Called after the last chunk, before the sink is ended: throws to refuse the whole. */
  final(): void;
}

export class ZipFileReader extends yauzl.RandomAccessReader {
  private block: { readonly start: number; readonly bytes: Buffer } | undefined;

  private constructor(
    private readonly file: ZipFileHandle,
    /** The bytes from `base` to the end of the file. */
    readonly size: number,
    /** Where in the file this reader's position 0 is: past bytes before the zip that its offsets do not count. */
    private readonly base = 0,
  ) {
    super();
  }

  static async open(path: string, opener: ZipFileOpener = (file) => open(file, 'r')): Promise<ZipFileReader> {
    const file = await opener(path);
    try {
      return new ZipFileReader(file, (await file.stat()).size);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** The same file read from `offset` on (the file stays open once, for both). */
  from(offset: number): ZipFileReader {
    return new ZipFileReader(this.file, this.size - offset, this.base + offset);
  }

  // Not FileHandle.createReadStream: destroying that stream (yauzl does, and so does a reader that
  // stops early) closes the file for every other entry.
  override _readStreamForRange(start: number, end: number): Readable {
    const { file, base } = this;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let position = start; position < end; ) {
        const length = Math.min(STREAM_CHUNK, end - position);
        const { bytesRead, buffer } = await file.read(Buffer.allocUnsafe(length), 0, length, base + position);
        if (bytesRead === 0) return;
        yield buffer.subarray(0, bytesRead);
        position += bytesRead;
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  /**
   * The file's bytes from `start` to `end`, a chunk at a time, through two buffers used in turn: the
   * next chunk is read while the caller works on this one. A chunk is the reader's own and holds its
   * bytes only until the caller asks for the next: a caller that only looks at them (a digest) gets
   * them with no copy and leaves nothing for the garbage collector. Fails when the file ends early.
   */
  async *chunks(start: number, end: number): AsyncGenerator<Buffer> {
    const bufferBytes = Math.min(STREAM_CHUNK, end - start);
    const buffers = [Buffer.allocUnsafe(bufferBytes), Buffer.allocUnsafe(bufferBytes)] as const;
    const readChunk = async (turn: number, position: number): Promise<Buffer> => {
      const chunk = buffers[turn % 2]!.subarray(0, Math.min(STREAM_CHUNK, end - position));
      const bytesRead = await this.readAt(chunk, position);
      if (bytesRead < chunk.length) throw notEnoughBytes(end - start, position - start + bytesRead);
      return chunk;
    };
    let next = start < end ? readChunk(0, start) : undefined;
    try {
      for (let position = start, turn = 0; next; turn++) {
        const chunk = await next;
        position += chunk.length;
        next = position < end ? readChunk(turn + 1, position) : undefined;
        yield chunk;
      }
    } finally {
      // A caller that stopped early leaves the next read running: its failure is nobody's.
      next?.catch(() => undefined);
    }
  }

  /**
   * Writes the file's bytes from `start` to `end` into `sink` (an inflate stream) through two buffers
   * used in turn: one is read while the sink works on the other, and no spent chunk is left waiting
   * for the garbage collector (hundreds of MB of them for a release). A filter changes each chunk
   * where it lies before the sink gets it, and may refuse the whole before the sink is ended; it
   * gets a third buffer, to work on while the sink has one and the next is read (an encrypted
   * 500 MB back-up restored to an image took 1.14× the plain one's time with two, 1.03× with
   * three). Stops when the sink is destroyed; fails when the file ends early or the filter refuses.
   */
  async feed(sink: Writable, start: number, end: number, filter?: ChunkFilter): Promise<void> {
    // No larger than the range: most entries of a backup are config files of a few hundred bytes.
    const bufferBytes = Math.min(STREAM_CHUNK, end - start);
    const count = filter ? 3 : 2;
    const buffers = Array.from({ length: count }, () => Buffer.allocUnsafe(bufferBytes));
    // Settles when the sink is done with the buffer: its write callback, called even on failure.
    const released: Promise<void>[] = buffers.map(() => Promise.resolve());
    for (let position = start, turn = 0; position < end; turn = (turn + 1) % count) {
      await released[turn];
      if (sink.destroyed) return;
      const chunk = buffers[turn]!.subarray(0, Math.min(STREAM_CHUNK, end - position));
      const bytesRead = await this.readAt(chunk, position);
      if (bytesRead < chunk.length) throw notEnoughBytes(end - start, position - start + bytesRead);
      filter?.update(chunk);
      released[turn] = new Promise((resolve) => sink.write(chunk, () => resolve()));
      position += chunk.length;
    }
    await Promise.all(released);
    filter?.final();
    if (!sink.destroyed) sink.end();
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: ReadCallback): void {
    this.readAt(buffer.subarray(offset, offset + length), position).then((bytesRead) => callback(null, bytesRead), callback);
  }

  override close(callback: (error: Error | null) => void): void {
    this.file.close().then(() => callback(null), callback);
  }

  /**
   * Like readAt, for a few bytes read once (a local header): from the cached block when it holds
   * them, else straight from the file, without filling a block for bytes nobody will ask for.
   */
  async peekAt(target: Buffer, position: number): Promise<number> {
    const block = this.block;
    if (block && position >= block.start && position + target.length <= block.start + block.bytes.length) {
      return block.bytes.copy(target, 0, position - block.start, position - block.start + target.length);
    }
    return (await this.file.read(target, 0, target.length, this.base + position)).bytesRead;
  }

  /** Fills target from the file at position; returns how many bytes there were. */
  async readAt(target: Buffer, position: number): Promise<number> {
    if (target.length > CACHE_BLOCK) return (await this.file.read(target, 0, target.length, this.base + position)).bytesRead;
    let block = this.block;
    if (!block || position < block.start || position + target.length > block.start + block.bytes.length) {
      const bytes = Buffer.allocUnsafe(CACHE_BLOCK);
      const { bytesRead } = await this.file.read(bytes, 0, CACHE_BLOCK, this.base + position);
      block = this.block = { start: position, bytes: bytes.subarray(0, bytesRead) };
    }
    return block.bytes.copy(target, 0, position - block.start, position - block.start + target.length);
  }
}

/** The file ended before the range did (it shrank after the directory was read); archive.ts tells it by these words. */
function notEnoughBytes(expected: number, there: number): Error {
  return new Error(`not enough bytes in the file: ${expected} expected, only ${there} there`);
}
