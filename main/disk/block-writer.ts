// Turns ascending writes of any size into writes of whole 4 KiB blocks at 4 KiB offsets (what a
// drive opened with O_DIRECT needs), through a small pool of reused buffers so memory stays flat.
import { alignDown, alignUp, BLOCK_SIZE, MIB } from './align.js';

/** Where the blocks go: a drive or an image file. */
export interface BlockSink {
  /** `offset` and `bytes.length` are multiples of 4096; `bytes` is reused once the promise settles. */
  write(bytes: Uint8Array, offset: number): Promise<void>;
  /** A buffer the sink writes from without copying it first (a drive: aligned for direct I/O). */
  allocateBuffer?(bytes: number): Buffer;
}

export interface BlockWriterOptions {
  /** Size of each buffer: the largest single write. */
  readonly bufferBytes?: number;
  /** How many buffers: writes in flight while the next one fills. */
  readonly buffers?: number;
}

const ZEROS = new Uint8Array(MIB);

export class BlockWriter {
  private readonly bufferBytes: number;
  private readonly free: Buffer[] = [];
  private allocated = 0;
  private readonly maxBuffers: number;
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  /** The buffer being filled, its disk offset, and the disk offset its content reaches. */
  private current: Buffer | undefined;
  private base = 0;
  private end = 0;
  /** Bytes handed to the sink so far. */
  written = 0;

  constructor(
    private readonly sink: BlockSink,
    options: BlockWriterOptions = {},
  ) {
    // 2 MiB writes: as fast as 4 MiB ones (restoring 500 MB to an image file, 8 alternating runs:
    // a median of 3.01 s against 3.26 s) and 6 MB less memory; a stick's throughput needs no more
    // (the kernel splits a USB write into requests of a few hundred KiB anyway).
    this.bufferBytes = options.bufferBytes ?? 2 * MIB;
    this.maxBuffers = options.buffers ?? 3;
    if (this.bufferBytes % BLOCK_SIZE !== 0 || this.bufferBytes <= 0) throw new RangeError('Buffers hold whole blocks.');
  }

  /**
   * Copies `bytes` for disk offset `offset`; offsets ascend. Bytes of a block that nothing was put
   * into (before, between or after the pieces put) are written as zeros.
   */
  async put(offset: number, bytes: Uint8Array): Promise<void> {
    if (offset < this.end) throw new RangeError(`Writes must ascend: ${offset} comes after ${this.end}.`);
    // A whole untouched block between the buffer and the new bytes: send the buffer, start another.
    if (this.current && alignDown(offset, BLOCK_SIZE) > alignUp(this.end, BLOCK_SIZE)) this.send();
    let at = offset;
    let from = 0;
    while (from < bytes.length) {
      const buffer = this.current ?? (await this.startAt(at));
      buffer.fill(0, this.end - this.base, at - this.base);
      const count = Math.min(bytes.length - from, this.bufferBytes - (at - this.base));
      buffer.set(bytes.subarray(from, from + count), at - this.base);
      from += count;
      at += count;
      this.end = at;
      if (this.end - this.base === this.bufferBytes) this.send();
    }
  }

  async putZeros(offset: number, length: number): Promise<void> {
    for (let done = 0; done < length; done += ZEROS.length) {
      await this.put(offset + done, ZEROS.subarray(0, Math.min(ZEROS.length, length - done)));
    }
  }

  /** Sends the last partial block and waits for every write. */
  async finish(): Promise<void> {
    if (this.current) this.send();
    await Promise.all(this.inFlight);
    this.throwIfFailed();
  }

  /** After a failure: drops what was not sent yet and waits for the writes already started. */
  async abandon(): Promise<void> {
    this.current = undefined;
    await Promise.all(this.inFlight);
  }

  private async startAt(offset: number): Promise<Buffer> {
    const buffer = await this.takeBuffer();
    this.current = buffer;
    this.base = alignDown(offset, BLOCK_SIZE);
    this.end = this.base;
    return buffer;
  }

  /** Hands the current buffer to the sink, padded with zeros to the end of its last block. */
  private send(): void {
    const buffer = this.current!;
    const length = alignUp(this.end - this.base, BLOCK_SIZE);
    buffer.fill(0, this.end - this.base, length);
    this.current = undefined;
    const write: Promise<void> = this.sink.write(buffer.subarray(0, length), this.base).then(
      () => {
        this.written += length;
        this.free.push(buffer);
        this.inFlight.delete(write);
      },
      (error: unknown) => {
        this.failure ??= { error };
        this.inFlight.delete(write);
      },
    );
    this.inFlight.add(write);
  }

  private async takeBuffer(): Promise<Buffer> {
    for (;;) {
      this.throwIfFailed();
      const buffer = this.free.pop();
      if (buffer) return buffer;
      if (this.allocated < this.maxBuffers) {
        this.allocated++;
        return this.sink.allocateBuffer?.(this.bufferBytes) ?? Buffer.allocUnsafe(this.bufferBytes);
      }
      await Promise.race(this.inFlight);
    }
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
