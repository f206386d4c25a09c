// The write sequence on real image files: its order, what a failure leaves behind, and a drive
// full of stale data (an image file that is not fresh, written without skipping zeros).
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIB } from '../../main/disk/align.js';
import { createImageTarget } from '../../main/flash/image-target.js';
import type { Target } from '../../main/flash/target.js';
import { WriteError } from '../../main/flash/write-layout.js';
import { openImageSource } from '../../main/fat/byte-source.js';
import { verifyImage } from '../../main/verify/verify-image.js';
import { extractWithMtools, extractWithUnzip, fsckImage, partitionTable, treeDifferences } from '../fixtures/image-checks.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { hostileEntries } from '../disk/hostile-names.js';
import { restoreToImage } from '../disk/restore-image.js';

let workDir: string;
let zipPath: string;
let count = 0;
const imagePath = (): string => join(workDir, `image-${count++}.img`);

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'write-test-'));
  zipPath = join(workDir, 'backup.zip');
  writeSampleBackup(zipPath, { topFolder: SAMPLE_TOP_FOLDER, entries: hostileEntries(), releaseBytes: 8 * MIB });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

type Event = { write: [offset: number, length: number] } | 'flush';

type OpenTarget = (path: string, size: number) => Promise<Target>;

/** The image target, its calls noted. */
function recording(events: Event[]): OpenTarget {
  return async (path, size) => {
    const target = await createImageTarget(path, size);
    return {
      ...target,
      write: (bytes, offset) => {
        events.push({ write: [offset, bytes.length] });
        return target.write(bytes, offset);
      },
      flush: () => {
        events.push('flush');
        return target.flush();
      },
    };
  };
}

/** The target `open` gives, working for `limit` bytes, then failing every write like a drive pulled out. */
function failingAfter(limit: number, open: OpenTarget = createImageTarget): OpenTarget {
  let written = 0;
  return async (path, size) => {
    const target = await open(path, size);
    return {
      ...target,
      write: async (bytes, offset) => {
        written += bytes.length;
        if (written > limit) throw new Error('EIO: i/o error (injected)');
        await target.write(bytes, offset);
      },
    };
  };
}

/** An existing file written in place, as a drive: old bytes stay where nothing is written. */
async function staleDrive(path: string, size: number): Promise<OpenTarget> {
  const file = await open(path, 'w');
  // Stale data everywhere: old FAT entries, old directory entries, old boot sectors.
  const garbage = Buffer.alloc(MIB);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + (i >> 9)) & 0xff;
  for (let at = 0; at < size; at += MIB) await file.write(garbage, 0, Math.min(MIB, size - at), at);
  await file.close();
  return async () => {
    const drive = await open(path, 'r+');
    return {
      description: `the stale drive ${path}`,
      size,
      unwrittenReadsAsZero: false,
      write: async (bytes, offset) => void (await drive.write(bytes, 0, bytes.length, offset)),
      flush: () => drive.sync(),
      close: () => drive.close(),
    };
  };
}

async function hasPartitionTable(path: string): Promise<boolean> {
  return (await partitionTable(path)) !== undefined;
}

describe('writeLayout', () => {
  it('writes 4 KiB-aligned blocks in ascending order, flushes, then the boot block and the MBR, then flushes', async () => {
    const events: Event[] = [];
    await restoreToImage(zipPath, imagePath(), 2 ** 30, { openTarget: recording(events) });
    expect(events.slice(-4)).toEqual(['flush', { write: [MIB, 4096] }, { write: [0, 4096] }, 'flush']);
    const body = events.slice(0, -4);
    expect(body).not.toContain('flush');
    let previousEnd = 0;
    for (const event of body) {
      const [offset, length] = (event as { write: [number, number] }).write;
      expect(offset % 4096).toBe(0);
      expect(length % 4096).toBe(0);
      expect(offset).toBeGreaterThanOrEqual(Math.max(previousEnd, MIB + 4096));
      previousEnd = offset + length;
    }
  });

  it('fails with the phase and cause when the target fails mid-way, and leaves no partition table', async () => {
    const path = imagePath();
    const error = await restoreToImage(zipPath, path, 2 ** 30, { openTarget: failingAfter(4 * MIB) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WriteError);
    expect(error).toMatchObject({ phase: 'data', noPartitionTable: true });
    expect((error as WriteError).message).toMatch(/writing files and filesystem to the image file .*EIO: i\/o error \(injected\)/);
    expect(await hasPartitionTable(path)).toBe(false);
  });

  it('stops at a file whose CRC-32 does not match, names it, and leaves no partition table', async () => {
    const damagedZip = join(workDir, 'damaged.zip');
    writeSampleBackup(damagedZip, { entries: [{ name: 'config/go', data: '#!/bin/bash\nemhttp &\n', declared: { crc32: 0x1234 } }] });
    const path = imagePath();
    const error = await restoreToImage(damagedZip, path, 2 ** 30).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ phase: 'data', noPartitionTable: true, path: 'config/go' });
    expect((error as Error).message).toMatch(/config\/go is damaged: its CRC-32/);
    expect(await hasPartitionTable(path)).toBe(false);
  });

  describe.each([
    ['300 MiB (4 KiB clusters)', 300 * MIB],
    ['64 MiB (512-byte clusters)', 64 * MIB],
  ])('on a drive of %s full of stale data', (_name, size) => {
    let path: string;
    let drive: OpenTarget;

    beforeAll(async () => {
      path = imagePath();
      drive = await staleDrive(path, size);
    });

    it('writes every byte that must be zero: fsck, mcopy and verify find a clean restore', async () => {
      const { items, legacyBoot } = await restoreToImage(zipPath, path, size, { openTarget: drive });
      const fsck = await fsckImage(path);
      expect(fsck.findings).toEqual([]);
      const [unzipped, extracted] = [join(workDir, `unzip-${count}`), join(workDir, `mcopy-${count++}`)];
      await mkdir(extracted);
      await extractWithUnzip(zipPath, unzipped);
      await extractWithMtools(path, extracted);
      expect((await treeDifferences(join(unzipped, SAMPLE_TOP_FOLDER), extracted)).sort()).toEqual(['extra: ldlinux.c32', 'extra: ldlinux.sys']);
      const source = await openImageSource(path);
      expect((await verifyImage(source, items, { legacyBoot })).differences).toEqual([]);
      await source.close();
    });

    it('wipes the old partition table first, so a failed write leaves none', async () => {
      expect(await hasPartitionTable(path)).toBe(true);
      const error = await restoreToImage(zipPath, path, size, { openTarget: failingAfter(4 * MIB, drive) }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ phase: 'data', noPartitionTable: true });
      expect(await hasPartitionTable(path)).toBe(false);
    });
  });
});
