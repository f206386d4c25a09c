// The written blocks' CRCs as runs of consecutive blocks: the data a read-back compares against.
import { describe, expect, it } from 'vitest';
import { WrittenBlockCrcs } from '../../main/flash/written-block-crcs.js';

function runsOf(crcs: WrittenBlockCrcs, limit = 1000): { first: number; count: number }[] {
  return [...crcs.untakenRuns(limit)].map(({ first, count }) => ({ first, count }));
}

describe('WrittenBlockCrcs', () => {
  it('keeps the last CRC written to each block, across runs that meet and merge', () => {
    const crcs = new WrittenBlockCrcs();
    for (let block = 0; block < 300; block++) crcs.set(block, block); // grows past its first capacity
    for (let block = 1000; block < 1010; block++) crcs.set(block, block);
    for (let block = 300; block < 1000; block++) crcs.set(block, block + 1); // fills the gap: one run
    crcs.set(5, 0xffffffff);
    expect(crcs.size).toBe(1010);
    expect(runsOf(crcs)).toEqual([{ first: 0, count: 1000 }, { first: 1000, count: 10 }]);
    expect(runsOf(crcs, 2000)).toEqual([{ first: 0, count: 1010 }]);
    expect([crcs.take(5), crcs.take(299), crcs.take(300), crcs.take(1009), crcs.take(1010)]).toEqual([0xffffffff, 299, 301, 1009, undefined]);
  });

  it('gives each block\'s CRC once to compare, and a block written again is to compare again', () => {
    const crcs = new WrittenBlockCrcs();
    for (const block of [10, 11, 12, 20]) crcs.set(block, block * 3);
    expect(crcs.take(11)).toBe(33);
    expect(crcs.take(11)).toBeUndefined();
    expect(crcs.take(13)).toBeUndefined();
    expect(crcs.untaken).toBe(3);
    expect(runsOf(crcs)).toEqual([{ first: 10, count: 1 }, { first: 12, count: 1 }, { first: 20, count: 1 }]);
    crcs.set(11, 7);
    expect(crcs.untaken).toBe(4);
    expect(crcs.take(11)).toBe(7);
  });

  it('places a block written below every run before them', () => {
    const crcs = new WrittenBlockCrcs();
    crcs.set(50, 1);
    crcs.set(3, 2);
    crcs.set(4, 3);
    crcs.set(49, 4);
    expect(runsOf(crcs)).toEqual([{ first: 3, count: 2 }, { first: 49, count: 2 }]);
  });
});
