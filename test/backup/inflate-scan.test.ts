import { randomBytes } from 'node:crypto';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateScan } from '../../main/backup/inflate-scan.js';

/** A stored block by hand: BFINAL and BTYPE 00, then LEN and NLEN, then the bytes. */
function storedBlock(data: Buffer, last = false): Buffer {
  const header = Buffer.alloc(5);
  header[0] = last ? 1 : 0;
  header.writeUInt16LE(data.length, 1);
  header.writeUInt16LE(data.length ^ 0xffff, 3);
  return Buffer.concat([header, data]);
}

/** Stored blocks of at most 65,535 bytes each (LEN's limit). */
function storedBlocks(data: Buffer, last = false): Buffer {
  const blocks: Buffer[] = [];
  for (let at = 0; at < data.length || blocks.length === 0; at += 65_535) blocks.push(storedBlock(data.subarray(at, at + 65_535), last && at + 65_535 >= data.length));
  return Buffer.concat(blocks);
}

/** Compressed blocks that may reach back into `before` (the output so far), ending on a byte boundary, not last. */
function compressedBlocks(data: Buffer, before: Buffer): Buffer {
  return deflateRawSync(data, { dictionary: before.subarray(-32 * 1024), finishFlush: constants.Z_SYNC_FLUSH });
}

/**
 * The stream cut into chunks of `size` bytes (the last shorter), in two buffers used in turn as the
 * zip reader's are: a chunk is overwritten once the next but one is asked for.
 */
async function* chunked(stream: Buffer, size: number): AsyncGenerator<Buffer> {
  const buffers = [Buffer.alloc(size), Buffer.alloc(size)] as const;
  for (let at = 0, turn = 0; at < stream.length; at += size, turn ^= 1) {
    const chunk = buffers[turn]!.subarray(0, Math.min(size, stream.length - at));
    stream.copy(chunk, 0, at, at + chunk.length);
    yield chunk;
  }
}

async function scanned(stream: Buffer, chunkBytes: number): Promise<Buffer> {
  const pieces: Buffer[] = [];
  await inflateScan(chunked(stream, chunkBytes), (bytes) => pieces.push(Buffer.from(bytes)));
  return Buffer.concat(pieces);
}

/** zlib's own words for what is wrong with the stream, to be given the same. */
function zlibError(stream: Buffer): string {
  try {
    inflateRawSync(stream);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('zlib inflates this stream');
}

/** Small ones cut block headers; every chunk after the first other block is a round trip to zlib. */
const CHUNK_SIZES = [3, 7, 4096, 16_389, 65_536, 1 << 20];

describe('inflateScan', () => {
  it('hands on stored blocks where they lie in the chunks, with no copy, whatever the chunks cut', async () => {
    const data = randomBytes(200_000);
    const stream = Buffer.concat([storedBlock(data.subarray(0, 65_535)), storedBlock(data.subarray(65_535, 70_000)), storedBlock(Buffer.alloc(0)), storedBlocks(data.subarray(70_000), true)]);
    for (const size of [1, 4, 5, 6, 1000, 65_540, 1 << 20]) {
      const pieces: Buffer[] = [];
      const chunks = new Set<ArrayBufferLike>();
      const recorded = async function* (): AsyncGenerator<Buffer> {
        for await (const chunk of chunked(stream, size)) {
          chunks.add(chunk.buffer);
          yield chunk;
        }
      };
      let copied = 0;
      await inflateScan(recorded(), (bytes) => {
        if (!chunks.has(bytes.buffer)) copied++;
        pieces.push(Buffer.from(bytes));
      });
      expect(Buffer.concat(pieces).equals(data), `chunks of ${size}`).toBe(true);
      expect(copied, `chunks of ${size}`).toBe(0);
    }
  });

  it('inflates what follows the first other block through zlib, back-references into the stored bytes before it included', async () => {
    const first = randomBytes(50_000);
    // Repeats of bytes up to 32 KiB back: zlib can only find them in the stored blocks before.
    const repeated = Buffer.concat([first.subarray(first.length - 32_000, first.length - 20_000), Buffer.from('flash '.repeat(3000)), first.subarray(first.length - 100)]);
    const after = randomBytes(3000);
    const stream = Buffer.concat([storedBlock(first.subarray(0, 40_000)), storedBlock(first.subarray(40_000)), compressedBlocks(repeated, first), storedBlock(after, true)]);
    const whole = inflateRawSync(stream);
    expect(whole.equals(Buffer.concat([first, repeated, after]))).toBe(true);
    for (const size of CHUNK_SIZES) expect((await scanned(stream, size)).equals(whole), `chunks of ${size}`).toBe(true);
  });

  it('inflates streams of every mix of blocks as zlib does', async () => {
    const random = (seed: number): (() => number) => () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const next = random(25);
    for (let round = 0; round < 40; round++) {
      const blocks: Buffer[] = [];
      let output = Buffer.alloc(0);
      const count = 1 + Math.floor(next() * 6);
      for (let block = 0; block < count; block++) {
        const last = block === count - 1;
        const bytes = next() < 0.5 ? randomBytes(Math.floor(next() * 40_000)) : Buffer.concat([output.subarray(-Math.floor(next() * 30_000)), Buffer.from('x'.repeat(Math.floor(next() * 5000)))]);
        blocks.push(next() < 0.6 || last ? storedBlock(bytes, last) : compressedBlocks(bytes, output));
        output = Buffer.concat([output, bytes]);
      }
      const stream = Buffer.concat(blocks);
      expect(inflateRawSync(stream).equals(output)).toBe(true);
      const size = CHUNK_SIZES[Math.floor(next() * CHUNK_SIZES.length)]!;
      expect((await scanned(stream, size)).equals(output), `round ${round}, chunks of ${size}`).toBe(true);
    }
  });

  it('inflates a stream that has no stored block at all, and one that zlib made of incompressible bytes', async () => {
    const text = Buffer.from('Unraid flash backup\r\n'.repeat(20_000));
    const incompressible = randomBytes(300_000);
    for (const data of [text, incompressible]) {
      const stream = deflateRawSync(data);
      for (const size of [1000, 1 << 20]) expect((await scanned(stream, size)).equals(data)).toBe(true);
    }
  });

  it('fails in zlib’s words on stored lengths that disagree, a reserved block type, and a stream that ends before its last block', async () => {
    const data = randomBytes(10_000);
    const badLengths = storedBlock(data, true);
    badLengths.writeUInt8(badLengths.readUInt8(3) ^ 0x10, 3);
    const reserved = Buffer.concat([storedBlock(data), Buffer.from([0x07, 1, 2, 3])]);
    const damagedLater = Buffer.concat([storedBlock(data), compressedBlocks(Buffer.from('a'.repeat(5000)), data)]);
    damagedLater.writeUInt8(damagedLater.readUInt8(damagedLater.length - 6) ^ 0xff, damagedLater.length - 6);
    const cases = {
      'stored lengths that disagree': badLengths,
      'a reserved block type after a stored block': reserved,
      'no last block': storedBlock(data),
      'cut inside a stored block': storedBlock(data, true).subarray(0, 5000),
      'cut inside a stored block’s header': Buffer.concat([storedBlock(data), storedBlock(data, true).subarray(0, 3)]),
      'cut inside compressed blocks': Buffer.concat([storedBlock(data), compressedBlocks(Buffer.from('b'.repeat(9000)), data)]),
      'empty': Buffer.alloc(0),
    };
    for (const [what, stream] of Object.entries(cases)) {
      for (const size of [1, 7, 1 << 20]) await expect(scanned(stream, size), `${what}, chunks of ${size}`).rejects.toThrow(zlibError(stream));
    }
    expect(zlibError(badLengths)).toBe('invalid stored block lengths');
    expect(zlibError(storedBlock(data))).toBe('unexpected end of file');
    // Damaged compressed data fails too, though not every damage has the same words in a sync and a streamed inflate.
    await expect(scanned(damagedLater, 4096)).rejects.toThrow();
  });

  it('reads nothing past a last stored block, and ignores what follows a last block zlib inflates', async () => {
    const data = randomBytes(5000);
    let pulledPast = false;
    let stopped = false;
    const chunks = async function* (): AsyncGenerator<Buffer> {
      try {
        yield* chunked(storedBlock(data, true), 1024);
        yield Buffer.from('trailing bytes that are no block');
        pulledPast = true;
        yield Buffer.alloc(1024);
      } finally {
        stopped = true;
      }
    };
    await inflateScan(chunks(), () => undefined);
    expect(pulledPast).toBe(false);
    expect(stopped).toBe(true);
    const compressedLast = Buffer.concat([storedBlock(data), deflateRawSync(Buffer.from('end '.repeat(100))), Buffer.from('trailing bytes')]);
    expect((await scanned(compressedLast, 1024)).equals(inflateRawSync(compressedLast))).toBe(true);
  });

  it('fails with what the caller threw, in a stored block or in what zlib inflates, and stops reading', async () => {
    const data = randomBytes(70_000);
    const refusal = new Error('more bytes than declared');
    const inStored = storedBlocks(data, true);
    const inflated = Buffer.concat([storedBlocks(data), deflateRawSync(Buffer.from('tail '.repeat(50_000)))]);
    for (const [stream, limit] of [[inStored, 60_000], [inflated, 100_000]] as const) {
      let handed = 0;
      let stopped = false;
      const chunks = async function* (): AsyncGenerator<Buffer> {
        try {
          yield* chunked(stream, 4096);
        } finally {
          stopped = true;
        }
      };
      const scan = inflateScan(chunks(), (bytes) => {
        handed += bytes.length;
        if (handed > limit) throw refusal;
      });
      await expect(scan).rejects.toBe(refusal);
      expect(stopped).toBe(true);
    }
  });
});
