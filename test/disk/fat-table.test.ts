import { describe, expect, it } from 'vitest';
import { END_OF_CHAIN, fillFatEntries, usedFatBytes, type ClusterRun } from '../../main/disk/fat32/fat-table.js';

const runs: ClusterRun[] = [
  { firstCluster: 2, clusterCount: 1 },
  { firstCluster: 3, clusterCount: 5 },
  { firstCluster: 8, clusterCount: 1 },
  { firstCluster: 9, clusterCount: 300 },
  { firstCluster: 309, clusterCount: 2 },
];

function wholeTable(entries: number): Buffer {
  const table = Buffer.alloc(entries * 4);
  fillFatEntries(table, runs, 0);
  return table;
}

describe('fillFatEntries', () => {
  it('chains each run to its end and leaves every other cluster free', () => {
    const table = wholeTable(400);
    const entry = (cluster: number): number => table.readUInt32LE(cluster * 4);
    expect(entry(0)).toBe(0x0ffffff8);
    expect(entry(1)).toBe(0x0fffffff);
    for (const run of runs) {
      const chain = [run.firstCluster];
      while (entry(chain.at(-1)!) !== END_OF_CHAIN) chain.push(entry(chain.at(-1)!));
      expect(chain).toEqual(Array.from({ length: run.clusterCount }, (_, i) => run.firstCluster + i));
    }
    for (let cluster = 311; cluster < 400; cluster++) expect(entry(cluster)).toBe(0);
    expect(usedFatBytes(runs)).toBe(311 * 4);
  });

  it('produces the same bytes a chunk at a time, whatever the chunk boundaries', () => {
    const whole = wholeTable(400);
    for (const chunkEntries of [1, 3, 7, 64, 128]) {
      const pieces: Buffer[] = [];
      for (let first = 0; first < 400; first += chunkEntries) {
        const chunk = Buffer.alloc(Math.min(chunkEntries, 400 - first) * 4, 0xaa);
        fillFatEntries(chunk, runs, first);
        pieces.push(chunk);
      }
      expect(Buffer.concat(pieces).equals(whole)).toBe(true);
    }
  });

  it('is two entries when nothing is allocated', () => {
    expect(usedFatBytes([])).toBe(8);
  });
});
