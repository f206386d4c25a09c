import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE } from '../../main/disk/align.js';
import { BlockWriter, type BlockSink } from '../../main/disk/block-writer.js';

/** A sink that keeps every write and completes it a turn later, as real I/O does. */
class RecordingSink implements BlockSink {
  readonly writes: { offset: number; bytes: Buffer }[] = [];
  inFlight = 0;
  maxInFlight = 0;

  async write(bytes: Uint8Array, offset: number): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.writes.push({ offset, bytes: Buffer.from(bytes) });
    await nextTurn();
    this.inFlight--;
  }
}

function seededRandom(seed: number): (limit: number) => number {
  let state = seed;
  return (limit) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % limit;
  };
}

describe('BlockWriter', () => {
  it('writes whole aligned blocks, each once, holding what was put and zeros around it', async () => {
    const random = seededRandom(7);
    const sink = new RecordingSink();
    const writer = new BlockWriter(sink, { bufferBytes: 64 * 1024, buffers: 3 });
    const expected = new Map<number, number>();
    let offset = 0;
    for (let piece = 0; piece < 400; piece++) {
      // Gaps inside a block, across blocks, and none at all; pieces from 1 byte to 3 buffers.
      offset += [0, random(100), random(10_000), random(300_000)][random(4)]!;
      const bytes = Buffer.alloc([1, random(600), random(9000), random(200_000)][random(4)]! + 1);
      for (let i = 0; i < bytes.length; i++) {
        bytes[i] = (random(255) + 1) & 0xff;
        expected.set(offset + i, bytes[i]!);
      }
      await writer.put(offset, bytes);
      offset += bytes.length;
    }
    await writer.finish();

    const written = new Map<number, number>();
    let previousEnd = 0;
    for (const { offset: at, bytes } of sink.writes.sort((a, b) => a.offset - b.offset)) {
      expect(at % BLOCK_SIZE).toBe(0);
      expect(bytes.length % BLOCK_SIZE).toBe(0);
      expect(bytes.length).toBeLessThanOrEqual(64 * 1024);
      expect(at).toBeGreaterThanOrEqual(previousEnd);
      previousEnd = at + bytes.length;
      bytes.forEach((byte, i) => written.set(at + i, byte));
    }
    for (const [at, byte] of expected) {
      if (written.get(at) !== byte) throw new Error(`byte ${at}: put ${byte}, written ${written.get(at)}`);
    }
    for (const [at, byte] of written) if (!expected.has(at) && byte !== 0) throw new Error(`byte ${at} was never put but is ${byte}`);
    expect(sink.maxInFlight).toBeLessThanOrEqual(3);
    expect(writer.written).toBe([...sink.writes].reduce((sum, write) => sum + write.bytes.length, 0));
  });

  it('gathers pieces that follow one another into full buffers: one write per buffer', async () => {
    const sink = new RecordingSink();
    const writer = new BlockWriter(sink, { bufferBytes: 64 * 1024 });
    // Contiguous 16 KiB pieces, then one that starts mid-block after a 100-byte gap.
    for (let piece = 0; piece < 8; piece++) await writer.put(piece * 16_384, Buffer.alloc(16_384, 1));
    await writer.put(8 * 16_384 + 100, Buffer.alloc(4000, 2));
    await writer.finish();
    expect(sink.writes.map((write) => [write.offset, write.bytes.length])).toEqual([
      [0, 65_536],
      [65_536, 65_536],
      [131_072, 8192],
    ]);
  });

  it('leaves a gap of whole blocks unwritten', async () => {
    const sink = new RecordingSink();
    const writer = new BlockWriter(sink, { bufferBytes: 64 * 1024 });
    await writer.put(0, Buffer.alloc(4096, 1));
    await writer.put(3 * 4096 + 10, Buffer.alloc(10, 2));
    await writer.finish();
    expect(sink.writes.map((write) => [write.offset, write.bytes.length])).toEqual([
      [0, 4096],
      [3 * 4096, 4096],
    ]);
  });

  it('writes zeros where asked, for targets with stale data', async () => {
    const sink = new RecordingSink();
    const writer = new BlockWriter(sink, { bufferBytes: 8192 });
    await writer.put(0, Buffer.alloc(10, 0xff));
    await writer.putZeros(10, 20_000);
    await writer.finish();
    const all = Buffer.concat(sink.writes.map((write) => write.bytes));
    expect(all.length).toBe(20_480);
    expect(all.subarray(0, 10).every((byte) => byte === 0xff)).toBe(true);
    expect(all.subarray(10).every((byte) => byte === 0)).toBe(true);
  });

  it('refuses to go backwards', async () => {
    const writer = new BlockWriter(new RecordingSink());
    await writer.put(5000, Buffer.alloc(10));
    await expect(writer.put(100, Buffer.alloc(1))).rejects.toThrow(/ascend/);
  });

  it('passes on the failure of a write', async () => {
    let writes = 0;
    const failing: BlockSink = {
      async write() {
        if (++writes === 3) throw new Error('EIO: the drive went away');
      },
    };
    const writer = new BlockWriter(failing, { bufferBytes: 4096, buffers: 2 });
    const putAll = async (): Promise<void> => {
      for (let block = 0; block < 100; block++) await writer.put(block * 4096, Buffer.alloc(4096, 1));
      await writer.finish();
    };
    await expect(putAll()).rejects.toThrow('EIO: the drive went away');
    expect(writes).toBeLessThan(10);
  });
});
