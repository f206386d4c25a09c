// The FAT reader on volumes made by mkfs.fat and used with mtools: FAT12, FAT16 and FAT32, with and
// without a partition table; fragmented files, long and 8.3 names, deleted entries, the dirty
// bit; and broken chains and loops reported, never followed forever.
import { copyFile, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FatVolume } from '../../main/fat/volume.js';
import { collect, walkVolume, type VolumeEntry, type VolumeTree } from '../../main/fat/walk.js';
import { makeFatImage, Mtools, useLikeAFlash, withVolume, type FatBits, type FatImage, type UsedStick } from '../fixtures/fat-images.js';
import { formatMessage } from '../../shared/message.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fat-reader-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function contentOf(volume: FatVolume, entry: VolumeEntry): Promise<Buffer> {
  return Buffer.concat(await collect(volume.read(entry.spans, entry.size)));
}

/** Rewrites FAT entry `cluster` in every copy of a FAT16 volume. */
async function setFat16Entry(path: string, volume: FatVolume, cluster: number, value: number): Promise<void> {
  const file = await open(path, 'r+');
  try {
    for (let copy = 0; copy < volume.parameters.fatCount; copy++) {
      const bytes = Buffer.alloc(2);
      bytes.writeUInt16LE(value);
      await file.write(bytes, 0, 2, volume.fatOffset(copy) + cluster * 2);
    }
  } finally {
    await file.close();
  }
}

const cases: { fatBits: FatBits; partitioned: boolean }[] = [
  { fatBits: 12, partitioned: false },
  { fatBits: 12, partitioned: true },
  { fatBits: 16, partitioned: false },
  { fatBits: 16, partitioned: true },
  { fatBits: 32, partitioned: false },
  { fatBits: 32, partitioned: true },
];

describe.each(cases)('a FAT$fatBits stick (partitioned: $partitioned) made by mkfs.fat and used with mtools', ({ fatBits, partitioned }) => {
  let image: FatImage;
  let stick: UsedStick;

  beforeAll(async () => {
    image = await makeFatImage(join(work, `fat${fatBits}-${partitioned}.img`), { fatBits, partitioned });
    const clusterBytes = await withVolume(image.path, async (volume) => volume.clusterBytes);
    stick = await useLikeAFlash(new Mtools(image, join(work, `stage-${fatBits}-${partitioned}`)), clusterBytes);
  });

  it('reads as the FAT type the cluster count gives, with its label', async () => {
    await withVolume(image.path, async (volume) => {
      expect(volume.parameters.fatType).toBe(fatBits);
      expect(volume.parameters.label).toBe('UNRAID');
      expect(volume.offset).toBe(image.volumeOffset);
    });
  });

  it('finds every file and folder by its long or short name, and none of the deleted ones', async () => {
    const tree = await withVolume(image.path, (volume) => walkVolume(volume));
    expect(tree.problems).toEqual([]);
    expect(tree.rootLabel).toBe('UNRAID');
    const files = tree.entries.filter((entry) => entry.kind === 'file').map((entry) => entry.path).sort();
    const folders = tree.entries.filter((entry) => entry.kind === 'directory').map((entry) => entry.path).sort();
    expect(files).toEqual([...stick.files.keys()].sort());
    expect(folders).toEqual([...stick.folders].sort());
    for (const deleted of stick.deleted) expect(files).not.toContain(deleted);
    // The deleted entries are still there, marked 0xE5, long-name parts included.
    await withVolume(image.path, async (volume) => {
      const scratch = tree.entries.find((entry) => entry.path === 'scratch')!;
      const chain = await volume.chain(scratch.firstCluster, 64);
      const bytes = Buffer.concat(await collect(volume.read(chain.spans, chain.clusters * volume.clusterBytes)));
      const marks = Array.from({ length: bytes.length / 32 }, (_, index) => bytes[index * 32]!);
      expect(marks.filter((mark) => mark === 0xe5).length).toBeGreaterThanOrEqual(3);
    });
  });

  it('reads every file byte for byte, fragmented ones too', async () => {
    await withVolume(image.path, async (volume) => {
      const tree = await walkVolume(volume);
      const pieces = new Map(tree.entries.map((entry) => [entry.path, entry.spans.length]));
      expect(pieces.get('bzroot')).toBeGreaterThan(1);
      for (const entry of tree.entries.filter((candidate) => candidate.kind === 'file')) {
        expect(entry.readable).toBe(true);
        expect((await contentOf(volume, entry)).equals(stick.files.get(entry.path)!), entry.path).toBe(true);
      }
    });
  });

  it('gives each entry the DOS date and time mtools wrote', async () => {
    const tree = await withVolume(image.path, (volume) => walkVolume(volume));
    const year = new Date().getFullYear();
    for (const entry of tree.entries) expect(1980 + (entry.dosDate >> 9), entry.path).toBe(year);
  });
});

describe('a FAT16 stick with damage', () => {
  let image: FatImage;
  let stick: UsedStick;

  beforeAll(async () => {
    image = await makeFatImage(join(work, 'damaged.img'), { fatBits: 16, partitioned: true });
    const clusterBytes = await withVolume(image.path, async (volume) => volume.clusterBytes);
    stick = await useLikeAFlash(new Mtools(image, join(work, 'stage-damaged')), clusterBytes);
  });

  /** A copy of the image with some FAT entries rewritten in every FAT copy, walked. */
  const walkDamaged = async (entries: (volume: FatVolume, bzroot: VolumeEntry) => [cluster: number, value: number][]) => {
    const copy = join(work, `damaged-${Math.random().toString(36).slice(2)}.img`);
    await copyFile(image.path, copy);
    await withVolume(copy, async (volume) => {
      const bzroot = (await walkVolume(volume)).entries.find((entry) => entry.path === 'bzroot')!;
      for (const [cluster, value] of entries(volume, bzroot)) await setFat16Entry(copy, volume, cluster, value);
    });
    return withVolume(copy, (volume) => walkVolume(volume));
  };
  const problemsOf = (tree: VolumeTree, path: string): string[] => tree.problems.filter((problem) => problem.path === path).map((problem) => formatMessage(problem.message));
  const readableFiles = (tree: VolumeTree): string[] => tree.entries.filter((entry) => entry.readable && entry.kind === 'file').map((entry) => entry.path);

  it('reports a loop in a file\'s chain, stops following it, and reads the other files', async () => {
    const tree = await walkDamaged((_volume, bzroot) => [[bzroot.spans[0]!.first + 1, bzroot.spans[0]!.first]]);
    expect(problemsOf(tree, 'bzroot')).toEqual(['bzroot: its cluster chain is longer than its size allows (13 clusters).']);
    expect(readableFiles(tree).sort()).toEqual([...stick.files.keys()].filter((path) => path !== 'bzroot').sort());
  });

  it('reports a chain that runs into a free cluster', async () => {
    const tree = await walkDamaged((_volume, bzroot) => [[bzroot.spans[0]!.first, 0]]);
    expect(problemsOf(tree, 'bzroot')).toEqual(['bzroot: its cluster chain points to a free cluster.']);
    expect(tree.entries.find((entry) => entry.path === 'bzroot')!.readable).toBe(false);
  });

  it('reads a volume whose dirty bit is set (not cleanly unmounted) like any other', async () => {
    // FAT[1] bit 15 set means "cleanly unmounted"; Linux and Windows clear it while mounted.
    const tree = await walkDamaged(() => [[1, 0x7fff]]);
    expect(tree.problems).toEqual([]);
    expect(readableFiles(tree).sort()).toEqual([...stick.files.keys()].sort());
  });
});
