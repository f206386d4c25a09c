import { describe, expect, it } from 'vitest';
import { classifyBlock, judgeAfterWrite, judgeProbe, type PlaceReading } from '../../main/probe/judge.js';
import { DEFAULT_RANDOM_PLACES, DEFAULT_RUN_BYTES, MIB, planProbe, PROBE_BLOCK, REFINING_PLACES } from '../../main/probe/plan.js';
import { stampBlock, stampedOffset, stampExtent } from '../../main/probe/stamp.js';
import { formatMessage } from '../../shared/message.js';
import { capacityMessage, isSlow, speedMessage, type ProbeResult } from '../../shared/probe.js';

const GIB = 2 ** 30;
const measured = { writeBytesPerSecond: 20e6, readBytesPerSecond: 30e6, seconds: 1, restored: true };

/** A seeded generator, so a plan is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function blocks(size: number, options = {}): number[] {
  return planProbe(size, { random: seeded(7), ...options }).extents.flatMap((extent) => Array.from({ length: extent.length / PROBE_BLOCK }, (_, index) => extent.offset + index * PROBE_BLOCK));
}

describe('where the probe writes', () => {
  it('covers a 64 GB drive: the run at 0, both sides of every power of two, the last MiB, random places between', () => {
    const size = 64_000_000_000;
    const places = blocks(size);
    for (let power = 8 * MIB; power < size; power *= 2) expect(places).toEqual(expect.arrayContaining([power - PROBE_BLOCK, power]));
    expect(places).toEqual(expect.arrayContaining([size - MIB, size - PROBE_BLOCK, 0, DEFAULT_RUN_BYTES - PROBE_BLOCK]));
    expect(places.filter((offset) => offset >= DEFAULT_RUN_BYTES && !isPowerSide(offset) && offset < size - MIB).length).toBeGreaterThanOrEqual(DEFAULT_RANDOM_PLACES - 8);
    expect(places.every((offset) => offset % PROBE_BLOCK === 0 && offset + PROBE_BLOCK <= size)).toBe(true);
    expect(new Set(places).size).toBe(places.length);
  });

  it('keeps extents ascending and disjoint, the run first, and a drive whose size is no whole block inside', () => {
    const size = 3 * GIB + 1234;
    const { extents, run, places } = planProbe(size, { random: seeded(3), runBytes: 32 * MIB });
    // The block just past the run (the power of two 32 MiB) joins it.
    expect(run).toEqual({ offset: 0, length: 32 * MIB + PROBE_BLOCK });
    for (let index = 1; index < extents.length; index++) expect(extents[index]!.offset).toBeGreaterThan(extents[index - 1]!.offset + extents[index - 1]!.length - 1);
    expect(extents.at(-1)!.offset + extents.at(-1)!.length).toBeLessThanOrEqual(size);
    expect(places).toBe(blocks(size, { random: seeded(3), runBytes: 32 * MIB }).length);
  });

  it('a second round spreads its places evenly strictly between the last good and the first bad place, besides the run', () => {
    const from = 3 * GIB;
    const to = 3 * GIB + 512 * MIB;
    const { extents } = planProbe(8 * GIB, { between: { from, to } });
    const places = extents.slice(1).map((extent) => extent.offset);
    expect(extents[0]).toEqual({ offset: 0, length: DEFAULT_RUN_BYTES });
    expect(places.length).toBe(REFINING_PLACES);
    expect(places.every((offset) => offset > from && offset < to && offset % PROBE_BLOCK === 0)).toBe(true);
    expect(places[1]! - places[0]!).toBeLessThanOrEqual((to - from) / REFINING_PLACES);
  });

  it('probes a drive smaller than the run as one run, and refuses one smaller than a block', () => {
    expect(planProbe(MIB).extents).toEqual([{ offset: 0, length: MIB }]);
    expect(() => planProbe(1000)).toThrow(/too small/);
  });
});

function isPowerSide(offset: number): boolean {
  return Number.isInteger(Math.log2(offset)) || Number.isInteger(Math.log2(offset + PROBE_BLOCK));
}

describe('the stamp', () => {
  const nonce = Buffer.alloc(16, 0xa5);

  it('names its own offset, differs for every offset and every run, and nothing else passes for one', () => {
    expect(stampedOffset(nonce, stampBlock(nonce, 8 * GIB))).toBe(8 * GIB);
    expect(stampBlock(nonce, 0).equals(stampBlock(nonce, PROBE_BLOCK))).toBe(false);
    expect(stampedOffset(Buffer.alloc(16, 1), stampBlock(nonce, 0))).toBeNull();
    const flipped = stampBlock(nonce, GIB);
    flipped[3000]! ^= 1;
    expect(stampedOffset(nonce, flipped)).toBeNull();
    expect(stampedOffset(nonce, Buffer.alloc(PROBE_BLOCK))).toBeNull();
    const run = stampExtent(nonce, 12 * PROBE_BLOCK, 3 * PROBE_BLOCK);
    expect(stampedOffset(nonce, run.subarray(2 * PROBE_BLOCK))).toBe(14 * PROBE_BLOCK);
  });

  it('is recognised wherever a read put it in memory, and not with its last byte changed', () => {
    // The stamp is read and written a word at a time: a block read into a buffer at an odd offset
    // (no 4-byte alignment) is still the same bytes, and every word counts, the last one too.
    const stamp = stampBlock(nonce, 5 * GIB);
    const unaligned = Buffer.alloc(PROBE_BLOCK + 3);
    stamp.copy(unaligned, 3);
    expect(stampedOffset(nonce, unaligned.subarray(3))).toBe(5 * GIB);
    const lastFlipped = Buffer.from(stamp);
    lastFlipped[PROBE_BLOCK - 1]! ^= 0x80;
    expect(stampedOffset(nonce, lastFlipped)).toBeNull();
    const into = Buffer.alloc(PROBE_BLOCK + 1);
    expect(stampBlock(nonce, 5 * GIB, into.subarray(1)).equals(stamp)).toBe(true);
  });

  it('classifies what came back: its own stamp, another place’s, the old bytes, anything else', () => {
    const old = Buffer.alloc(PROBE_BLOCK, 7);
    expect(classifyBlock(nonce, GIB, stampBlock(nonce, GIB), old)).toEqual({ offset: GIB, reading: 'own' });
    expect(classifyBlock(nonce, GIB, stampBlock(nonce, 0), old)).toEqual({ offset: GIB, reading: 'wrapped', aliasOf: 0 });
    expect(classifyBlock(nonce, GIB, old, old)).toEqual({ offset: GIB, reading: 'old-data' });
    expect(classifyBlock(nonce, GIB, Buffer.alloc(PROBE_BLOCK, 9), old)).toEqual({ offset: GIB, reading: 'corrupt' });
  });
});

describe('what the readings mean', () => {
  const own = (offset: number): PlaceReading => ({ offset, reading: 'own' });

  it('a drive whose every place kept its stamp is genuine', () => {
    const result = judgeProbe(8 * GIB, [own(0), own(GIB), own(8 * GIB - PROBE_BLOCK)], measured);
    expect(result).toMatchObject({ verdict: 'genuine', realBytes: 8 * GIB, failureCount: 0, wrapBytes: null, places: 3 });
    expect(formatMessage(capacityMessage(result))).toMatch(/all 8\.6 GB are real/);
  });

  it('a wrap is a fake drive, even where places past the real size read back their own stamp (they landed on unstamped memory)', () => {
    const readings = [own(0), own(GIB - PROBE_BLOCK), { offset: GIB, reading: 'wrapped', aliasOf: 0 } as const, own(3 * GIB + 77 * PROBE_BLOCK), { offset: 4 * GIB, reading: 'wrapped', aliasOf: 0 } as const];
    const result = judgeProbe(64e9, readings, measured);
    expect(result).toMatchObject({ verdict: 'fake-capacity', realBytes: GIB, wrapBytes: GIB, failureCount: 2 });
    expect(formatMessage(capacityMessage(result))).toBe('This drive says it holds 64.0 GB but really holds about 1.1 GB: it is a counterfeit (fake-capacity) drive. Unraid would lose data on it.');
  });

  it('a wrap whose period is smaller than the first place it showed at gives the period as the real size', () => {
    const readings = [own(0), own(2 * GIB), { offset: 4 * GIB, reading: 'wrapped', aliasOf: 3 * GIB } as const];
    expect(judgeProbe(8 * GIB, readings, measured)).toMatchObject({ verdict: 'fake-capacity', realBytes: GIB, wrapBytes: GIB });
  });

  it('every place from some point on giving back old data or garbage is a fake drive that drops writes', () => {
    const readings = [own(0), own(2 * GIB), { offset: 3 * GIB, reading: 'old-data' } as const, { offset: 5 * GIB, reading: 'corrupt' } as const, { offset: 8 * GIB - PROBE_BLOCK, reading: 'old-data' } as const];
    expect(judgeProbe(8 * GIB, readings, measured)).toMatchObject({ verdict: 'fake-capacity', realBytes: 3 * GIB, wrapBytes: null });
  });

  it('errors, losses with good places above them, or a first block that fails are a failing drive', () => {
    const readError = [own(0), { offset: GIB, reading: 'read-error' } as const, own(2 * GIB)];
    const failing = judgeProbe(4 * GIB, readError, measured);
    expect(failing).toMatchObject({ verdict: 'failing', realBytes: 4 * GIB, failureCount: 1 });
    expect(formatMessage(capacityMessage(failing))).toMatch(/at 1 place of 3 \(read error; first at 1\.1 GB\): it is failing/);
    expect(judgeProbe(4 * GIB, [own(0), { offset: GIB, reading: 'old-data' }, own(2 * GIB)], measured).verdict).toBe('failing');
    expect(judgeProbe(4 * GIB, [{ offset: 0, reading: 'old-data' }, { offset: GIB, reading: 'old-data' }], measured).verdict).toBe('failing');
    expect(judgeProbe(4 * GIB, [own(0), { offset: GIB, reading: 'write-error' }], measured).verdict).toBe('failing');
  });

  it('read again after a write: a place holding anything but its stamp shares memory with the written data, a fake drive; an error is a failing one', () => {
    const lost = [own(16 * 2 ** 20), { offset: 3 * GIB, reading: 'corrupt' } as const, own(5 * GIB), { offset: 6 * GIB, reading: 'corrupt' } as const];
    const fake = judgeAfterWrite(8 * GIB, lost, measured);
    expect(fake).toMatchObject({ verdict: 'fake-capacity', realBytes: 3 * GIB, wrapBytes: null, failureCount: 2, places: 4 });
    expect(fake.failures[0]).toEqual({ offset: 3 * GIB, reading: 'wrapped' });
    expect(judgeAfterWrite(8 * GIB, [own(GIB), { offset: 2 * GIB, reading: 'read-error' }, own(3 * GIB)], measured).verdict).toBe('failing');
    expect(judgeAfterWrite(8 * GIB, [own(GIB), own(7 * GIB)], measured)).toMatchObject({ verdict: 'genuine', realBytes: 8 * GIB });
  });

  it('keeps only the first few failures, lowest first, but counts them all', () => {
    const readings = Array.from({ length: 20 }, (_, index): PlaceReading => ({ offset: (20 - index) * GIB, reading: 'wrapped', aliasOf: 0 }));
    const result = judgeProbe(64 * GIB, [own(0), ...readings], measured);
    expect(result.failures.length).toBeLessThan(20);
    expect(result.failures[0]!.offset).toBe(GIB);
    expect(result.failureCount).toBe(20);
  });

  it('a write under 5 MiB/s is slow, and the warning gives the figure', () => {
    const slow: Pick<ProbeResult, 'writeBytesPerSecond' | 'readBytesPerSecond'> = { writeBytesPerSecond: 3.2e6, readBytesPerSecond: 18e6 };
    expect(isSlow(slow)).toBe(true);
    expect(formatMessage(speedMessage(slow)!)).toMatch(/^Very slow drive: it writes 3\.2 MB\/s and reads 18\.0 MB\/s\./);
    expect(isSlow({ writeBytesPerSecond: 5.3e6 })).toBe(false);
    expect(formatMessage(speedMessage({ writeBytesPerSecond: 21e6, readBytesPerSecond: 31e6 })!)).toBe('Speed: writes 21.0 MB/s and reads 31.0 MB/s.');
    expect(speedMessage({ writeBytesPerSecond: null, readBytesPerSecond: null })).toBeNull();
  });
});
