// The writer's one read pass on a real loop device: it reads every written block once, and a drive
// that changes one byte on its way in (in a file, in either FAT copy, in a directory entry, in the
// boot sector, in ldlinux.sys), or silently drops a write, is caught twice over: by the block
// read-back, which names the range, and by the independent verify of the filesystem, which names
// what the range holds. Where the bytes lie is found by reading a clean write with our FAT reader.
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedDrive } from '../../main/cli/verify.js';
import { describeDevice } from '../../main/drives/device.js';
import type { RawDevice } from '../../main/flash/block-device-target.js';
import { openImageSource } from '../../main/fat/byte-source.js';
import { readFat32BootSector } from '../../main/fat/boot-sector.js';
import { FatVolume as Fat32Volume } from '../../main/fat/volume.js';
import { walkVolume } from '../../main/fat/walk.js';
import { runJob, type JobOutcome, type JobSeams } from '../../main/writer/run-job.js';
import { deviceCounters } from '../fixtures/device-counters.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';
import { formatMessage, message } from '../../shared/message.js';

const directIo = createRequire(import.meta.url)('@ronomon/direct-io') as { getAlignedBuffer(size: number, alignment: number): Buffer };
const TEST_TIMEOUT_MS = 120_000;
const PARTITION_OFFSET = 2048 * 512;
const VOLUME_ID = 0x1234_5678;
let bench: DriveBench;
let where: Record<string, number>;

beforeAll(async () => {
  bench = await setUpDriveBench('one-pass-', { releaseBytes: 8e6 });
  const clean = await write();
  expect(clean).toMatchObject({ status: 'done', readBackMismatch: null, verify: { ok: true } });
  where = await offsetsOnDrive();
}, TEST_TIMEOUT_MS);

afterAll(() => tearDownDriveBench(bench));

/** The same job every time (same volume id): the layout, and so every offset, is the same. */
async function write(seams: JobSeams = {}): Promise<JobOutcome> {
  const drive = confirmedDrive(await describeDevice(bench.loop.device));
  return runJob({ kind: 'write', zipPath: bench.zipPath, drive, unsafe: true, volumeId: VOLUME_ID }, () => undefined, seams);
}

/** Byte offsets on the drive of what the tests corrupt, from the drive's own boot sector, FAT and folders. */
async function offsetsOnDrive(): Promise<Record<string, number>> {
  const source = await openImageSource(bench.loop.backingFile);
  try {
    const reading = readFat32BootSector(await source.read(PARTITION_OFFSET, 512));
    if (!('parameters' in reading)) throw new Error(formatMessage(reading.problem));
    const volume = new Fat32Volume(source, PARTITION_OFFSET, reading.parameters);
    const { entries } = await walkVolume(volume);
    const fileStart = (path: string): number => volume.clusterOffset(entries.find((entry) => entry.path === path)!.spans[0]!.first);
    return {
      'a file (bzroot)': fileStart('bzroot') + 1000,
      'the first FAT': volume.fatOffset(0) + 3 * 4,
      'the second FAT': volume.fatOffset(1) + 3 * 4,
      'a directory entry (the root folder)': volume.clusterOffset(reading.parameters.rootCluster) + 32 + 1,
      'the boot sector (its boot code)': PARTITION_OFFSET + 200,
      'ldlinux.sys': fileStart('ldlinux.sys') + 600,
    };
  } finally {
    await source.close();
  }
}

/** A drive that stores the byte at `offset` changed, from whatever write carries it (the writer's buffer stays as it was). */
function flipsByteAt(offset: number): (device: RawDevice) => RawDevice {
  return (device) => ({
    ...device,
    write: (buffer, length, at) => {
      if (offset < at || offset >= at + length) return device.write(buffer, length, at);
      const stored = directIo.getAlignedBuffer(length, 4096);
      buffer.copy(stored, 0, 0, length);
      stored[offset - at]! ^= 0x5a;
      return device.write(stored, length, at);
    },
  });
}

/** A drive that reports the write carrying `offset` done and keeps what it held. */
function dropsWriteAt(offset: number): (device: RawDevice) => RawDevice {
  return (device) => ({
    ...device,
    write: (buffer, length, at) => (at <= offset && offset < at + length ? Promise.resolve(length) : device.write(buffer, length, at)),
  });
}

function blockOf(offset: number): number {
  return Math.floor(offset / 4096) * 4096;
}

describe('one read pass after the write', () => {
  it('reads back exactly what was written, once: verify and read-back share the reads', async () => {
    const statBefore = readStat();
    let probedBytes = 0;
    let recheckedBytes = 0;
    const outcome = await write({ onProbe: (probe) => void (probedBytes = probe.places * 4096), onRecheck: (recheck) => void (recheckedBytes = recheck.places * 4096) });
    const statAfter = readStat();
    expect(outcome).toMatchObject({ status: 'done', readBackMismatch: null, verify: { ok: true } });
    // Besides: the capacity probe reads each of its places twice (before and after stamping it) and
    // writes it once (its stamp, which the write goes over on a genuine drive); once the files are
    // written, it reads again the places they went around.
    expect(probedBytes).toBeGreaterThan(8 * 2 ** 20);
    expect(recheckedBytes).toBeGreaterThan(0);
    expect(recheckedBytes).toBeLessThan(probedBytes);
    expect(statAfter.read - statBefore.read - 2 * probedBytes - recheckedBytes).toBe(statAfter.written - statBefore.written - probedBytes);
  }, TEST_TIMEOUT_MS);

  it.each([
    ['a file (bzroot)', /bzroot differs from the backup/],
    ['the first FAT', /The two copies of the FAT differ/],
    ['the second FAT', /The two copies of the FAT differ/],
    ['a directory entry (the root folder)', /./],
    ['the boot sector (its boot code)', /boot sector/],
    ['ldlinux.sys', /ldlinux\.sys differs from the release’s syslinux core/],
  ])('a byte changed in %s: the read-back names its block and verify names the damage', async (name, damage) => {
    const offset = where[name]!;
    const outcome = await write({ wrapDevice: flipsByteAt(offset) });
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    expect(outcome.readBackMismatch).toEqual(message('writer.read-back-mismatch', { offset: blockOf(offset), first: blockOf(offset), last: blockOf(offset) + 4095 }));
    expect(outcome.verify.ok).toBe(false);
    expect(outcome.verify.differences.map((difference) => formatMessage(difference.message)).join('\n')).toMatch(damage);
  }, TEST_TIMEOUT_MS);

  it('a write the drive silently dropped: the old bytes there are caught', async () => {
    const offset = where['a file (bzroot)']!;
    // What the drive held before this write differs from what it is told to hold (where the
    // capacity probe's run lies, the old bytes are its stamps, which the write was to go over).
    const file = await open(bench.loop.backingFile, 'r+');
    await file.write(Buffer.alloc(4 * 2 ** 20, 0xaa), 0, 4 * 2 ** 20, blockOf(offset));
    await file.close();
    const outcome = await write({ wrapDevice: dropsWriteAt(offset) });
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    const range = outcome.readBackMismatch?.params;
    expect(range).toBeDefined();
    const [start, end] = [Number(range!.first), Number(range!.last)];
    expect(start).toBeLessThanOrEqual(offset);
    expect(end).toBeGreaterThanOrEqual(offset);
    // The range is the one write the drive dropped, not the drive at large.
    expect(end + 1 - start).toBeLessThanOrEqual(4 * 2 ** 20);
    // Verify names bzroot, which the dropped write held: as differing, or as not there at all when
    // the same write held the root folder too (its old bytes are then the probe's stamps).
    expect(outcome.verify.ok).toBe(false);
    expect(outcome.verify.differences.map((difference) => difference.path)).toContain('bzroot');
  }, TEST_TIMEOUT_MS);
});

/** Bytes the loop device has read and written, from its kernel counters. */
function readStat(): { read: number; written: number } {
  const { bytesRead, bytesWritten } = deviceCounters(bench.loop.device);
  return { read: bytesRead, written: bytesWritten };
}
