// The capacity probe on real block devices (root here): counterfeit sticks that wrap or drop
// writes past their real size and a stick that returns read errors, each a FUSE file under a loop
// device (fake-sticks.ts), and an honest loop device. `check` and `write` refuse the fakes before
// anything else is written, and the probe leaves what was on the drive as it was.
import { spawnSync } from 'node:child_process';
import { open, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../disk/restore-image.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';
import { makeFakeStick, removeFakeSticks, type FakeStick } from './fake-sticks.js';
import type { CheckReport } from '../../main/cli/check.js';

const GIB = 2 ** 30;
const MIB = 2 ** 20;
let bench: DriveBench;

beforeAll(async () => {
  bench = await setUpDriveBench('probe-drives-');
});

afterAll(async () => {
  await removeFakeSticks();
  await tearDownDriveBench(bench);
});

/** What the backing memory of a stick holds in its first 8 MiB and last MiB: the probe must leave both as they were. */
async function fill(stick: FakeStick, real: number): Promise<Buffer[]> {
  const start = randomBytes(8 * MIB);
  const end = randomBytes(MIB);
  const handle = await open(stick.backingFile, 'r+');
  try {
    await handle.write(start, 0, start.length, 0);
    await handle.write(end, 0, end.length, real - MIB);
  } finally {
    await handle.close();
  }
  return [start, end];
}

async function backingBytes(stick: FakeStick, offset: number, length: number): Promise<Buffer> {
  const handle = await open(stick.backingFile, 'r');
  try {
    const bytes = Buffer.alloc(length);
    await handle.read(bytes, 0, length, offset);
    return bytes;
  } finally {
    await handle.close();
  }
}

describe('a counterfeit stick that claims 8 GiB and wraps every offset past 1 GiB to the start', () => {
  let stick: FakeStick;
  let before: Buffer[];

  beforeAll(async () => {
    stick = await makeFakeStick({ mode: 'wrap', claimed: 8 * GIB, real: GIB });
    before = await fill(stick, GIB);
  });

  it('check refuses it: exit 1, "counterfeit", the real capacity, and the drive holds what it held', async () => {
    const result = await runCommand(['check', '--device', stick.device, '--unsafe', '--offline']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('This drive says it holds 8.6 GB but really holds about 1.1 GB: it is a counterfeit (fake-capacity) drive. Unraid would lose data on it.');
    expect(result.stderr).toContain(`Do not use ${stick.device} for Unraid.`);
    expect((await backingBytes(stick, 0, 8 * MIB)).equals(before[0]!)).toBe(true);
    expect((await backingBytes(stick, GIB - MIB, MIB)).equals(before[1]!)).toBe(true);
  });

  it('check --json names the wrap and the places that showed it', async () => {
    const result = await runCommand(['check', '--device', stick.device, '--unsafe', '--offline', '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(report.capacity).toMatchObject({ verdict: 'fake-capacity', claimedBytes: 8 * GIB, realBytes: GIB, wrapBytes: GIB, restored: true });
    expect(report.capacity.failures[0]).toEqual({ offset: GIB, reading: 'wrapped', aliasOf: 0 });
    expect(report.good).toBe(false);
  });

  it('write refuses it before anything else is written: exit 1, and the old bytes are still there', async () => {
    const result = await runCommand(['write', bench.zipPath, '--device', stick.device, '--unsafe', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/really holds about 1\.1 GB: it is a counterfeit \(fake-capacity\) drive/);
    expect(result.stderr).toContain(`${stick.device} was not written: it is a counterfeit (fake-capacity) drive. Nothing else was written to it; the probe put back what it overwrote.`);
    expect((await backingBytes(stick, 0, 8 * MIB)).equals(before[0]!)).toBe(true);
    expect((await backingBytes(stick, GIB - MIB, MIB)).equals(before[1]!)).toBe(true);
  });
});

describe('a counterfeit stick that claims 8 GiB and wraps at 700 MiB, no power of two', () => {
  it('check finds the wrap through its run and random places, and names a size it cannot exceed', async () => {
    const real = 700 * MIB;
    const stick = await makeFakeStick({ mode: 'wrap', claimed: 8 * GIB, real });
    const result = await runCommand(['check', '--device', stick.device, '--unsafe', '--offline', '--json']);
    expect(result.code).toBe(1);
    const { capacity } = JSON.parse(result.stdout) as CheckReport;
    expect(capacity.verdict).toBe('fake-capacity');
    // Two places sharing memory are a whole number of real sizes apart.
    expect(capacity.wrapBytes! % real).toBe(0);
    expect(capacity.realBytes).toBeLessThan(8 * GIB);
  });
});

describe('a counterfeit stick that claims 8 GiB, keeps 3 GB and silently drops every write past it', () => {
  it('check and write refuse it, with its real capacity', async () => {
    const real = 3e9;
    const stick = await makeFakeStick({ mode: 'drop', claimed: 8 * GIB, real });
    const result = await runCommand(['check', '--device', stick.device, '--unsafe', '--offline', '--json']);
    expect(result.code).toBe(1);
    const { capacity } = JSON.parse(result.stdout) as CheckReport;
    expect(capacity.verdict).toBe('fake-capacity');
    expect(capacity.failures.every((failure) => failure.reading === 'old-data')).toBe(true);
    // The first place found lost holds the real size's last byte or lies past it, within the second round's spacing.
    expect(capacity.realBytes).toBeGreaterThan(real - 4096);
    expect(capacity.realBytes).toBeLessThan(real + 32 * MIB);
    const write = await runCommand(['write', bench.zipPath, '--device', stick.device, '--unsafe', '--yes']);
    expect(write.code).toBe(1);
    expect(write.stderr).toMatch(/says it holds 8\.6 GB but really holds about 3\.\d GB: it is a counterfeit/);
  });
});

describe('a stick whose reads fail between 500 and 600 MB', () => {
  it('check calls it failing, names the read errors, and is done in seconds however many places fail', async () => {
    const stick = await makeFakeStick({ mode: 'eio', claimed: GIB, badFrom: 500e6, badTo: 600e6 });
    const result = await runCommand(['check', '--device', stick.device, '--unsafe', '--offline']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/This drive did not give back what was written to it at \d+ places? of \d+ \(read error; first at 5\d\d MB\): it is failing\./);
  });
});

describe('an honest loop device', () => {
  it('check finds all of it real, measures its speed, and leaves its bytes as they were', async () => {
    const content = randomBytes(4 * MIB);
    await writeFile(bench.loop.backingFile, content, { flag: 'r+' });
    const result = await runCommand(['check', '--device', bench.loop.device, '--unsafe', '--offline', '--json']);
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(report.capacity).toMatchObject({ verdict: 'genuine', claimedBytes: GIB, realBytes: GIB, failureCount: 0, restored: true });
    expect(report.capacity.writeBytesPerSecond).toBeGreaterThan(0);
    expect(report.capacity.readBytesPerSecond).toBeGreaterThan(0);
    // A loop device has no USB serial, so no GUID: Unraid could not license it.
    expect(report.licence.status).toBe('no-guid');
    expect(result.code).toBe(1);
    expect((await readFile(bench.loop.backingFile)).subarray(0, 4 * MIB).equals(content)).toBe(true);
    // blkid finds no filesystem or partition table signature (exit 2: nothing found).
    expect(spawnSync('blkid', ['-p', bench.loop.backingFile]).status).toBe(2);
  });

  it('is written and verified as before, after its probe', async () => {
    const result = await runCommand(['write', bench.zipPath, '--device', bench.loop.device, '--unsafe', '--yes']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Capacity checked: all 1\.1 GB are real/m);
    expect(result.stdout).toMatch(/^Speed: writes [\d.]+ [MG]B\/s and reads [\d.]+ [MG]B\/s\.$/m);
    expect(result.stdout).toMatch(/every written block read back as written/);
  });

  it('check answers a usage error with exit 2', async () => {
    expect((await runCommand(['check'])).code).toBe(2);
    expect((await runCommand(['check', 'backup.zip', '--device', bench.loop.device])).code).toBe(2);
    const help = await runCommand(['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^flash-creator check: checks a USB flash drive/);
    expect(help.stdout).toContain('  flash-creator check --device <path> [--unsafe] [--offline] [--json]\n');
  });
});
