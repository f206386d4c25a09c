// The probe's stamps read again once the write's files are on the drive, before the boot sectors
// and the MBR. A counterfeit stick whose high places land on memory the probe never stamped passes
// the probe (every place reads back its own stamp), but the files written low down then show up at
// those places: the write stops there, and the drive is left with no partition table. Here the
// stick is real (a FUSE file under a loop device, fake-sticks.ts): it claims 1 GiB and keeps 502 MiB,
// so the probe's place at 512 MiB lands at 10 MiB, among the files. The probe's random places are
// kept below the real size, as the test would otherwise depend on where they fell.
import { spawnSync } from 'node:child_process';
import { open } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { confirmedDrive } from '../../main/cli/verify.js';
import { writeDevice } from '../../main/cli/write.js';
import { describeDevice } from '../../main/drives/device.js';
import { runJob, type JobSeams } from '../../main/writer/run-job.js';
import type { ProbeResult } from '../../shared/probe.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';
import { makeFakeStick, removeFakeSticks } from '../probe/fake-sticks.js';

const MIB = 2 ** 20;
const GIB = 2 ** 30;
const TEST_TIMEOUT_MS = 180_000;
let bench: DriveBench;

beforeAll(async () => {
  // Files of about 12 MiB: from the partition's start they cover 10 MiB, where the wrap lands.
  bench = await setUpDriveBench('stamps-after-', { releaseBytes: 12e6 });
});

afterAll(async () => {
  await removeFakeSticks();
  await tearDownDriveBench(bench);
});

/** Uniform in [0, 0.45): the random places stay below 466 MiB, short of the real 502 MiB. */
function lowPlaces(): () => number {
  let state = 12345;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return (state / 2 ** 31) * 0.45;
  };
}

async function write(device: string, seams: JobSeams) {
  const drive = confirmedDrive(await describeDevice(device));
  return runJob({ kind: 'write', zipPath: bench.zipPath, drive, unsafe: true, volumeId: 0x1234_5678 }, () => undefined, seams);
}

async function firstSector(device: string): Promise<Buffer> {
  const handle = await open(device, 'r');
  try {
    const sector = Buffer.alloc(512);
    await handle.read(sector, 0, 512, 0);
    return sector;
  } finally {
    await handle.close();
  }
}

describe('stamps read again after the files are written', () => {
  it('a stick that wraps where the probe did not look: refused after the files, with no partition table left', async () => {
    const stick = await makeFakeStick({ mode: 'wrap', claimed: GIB, real: 502 * MIB });
    let probed: ProbeResult | undefined;
    let rechecked: ProbeResult | undefined;
    const outcome = await write(stick.device, { probeRandom: lowPlaces(), onProbe: (probe) => void (probed = probe), onRecheck: (recheck) => void (rechecked = recheck) });
    // The probe alone found nothing: this is what only the second reading catches.
    expect(probed?.verdict).toBe('genuine');
    expect(outcome).toMatchObject({ status: 'not-genuine', found: 'after-write', probe: { verdict: 'fake-capacity', claimedBytes: GIB } });
    expect(rechecked).toEqual(outcome.status === 'not-genuine' ? outcome.probe : undefined);
    // The lowest place that lost its stamp is the pair at 512 MiB (its block before and its own).
    expect(rechecked?.failures[0]).toEqual({ offset: 512 * MIB - 4096, reading: 'wrapped' });
    expect(rechecked?.realBytes).toBe(512 * MIB - 4096);
    // No partition table: no 55 AA, and neither sfdisk nor blkid find anything on the drive.
    const mbr = await firstSector(stick.device);
    expect(mbr.readUInt16LE(510)).not.toBe(0xaa55);
    expect(spawnSync('sfdisk', ['--dump', stick.device]).status).not.toBe(0);
    expect(spawnSync('blkid', ['-p', stick.device]).status).toBe(2);
  }, TEST_TIMEOUT_MS);

  it('write --device says what was found, that the drive was erased and holds no partition table, and exits 1', async () => {
    const stick = await makeFakeStick({ mode: 'wrap', claimed: GIB, real: 502 * MIB });
    const [stdout, stderr] = [new Capture(), new Capture()];
    const code = await writeDevice(bench.zipPath, stick.device, { uefi: undefined, yes: true, unsafe: true }, { stdout, stderr }, { probeRandom: lowPlaces() });
    expect(code).toBe(1);
    expect(stdout.text).toMatch(/^Capacity checked: all 1\.1 GB are real/);
    expect(stderr.text).toContain('flash-creator write: This drive says it holds 1.1 GB but really holds about 537 MB: it is a counterfeit (fake-capacity) drive.');
    expect(stderr.text).toContain('The drive was erased and holds no valid partition table now: it will not pass for a flash drive. Use another drive.');
    expect(spawnSync('blkid', ['-p', stick.device]).status).toBe(2);
  }, TEST_TIMEOUT_MS);

  it('an honest drive: every stamp the files went around is still there, and the write verifies', async () => {
    let rechecked: ProbeResult | undefined;
    const outcome = await write(bench.loop.device, { onRecheck: (recheck) => void (rechecked = recheck) });
    expect(outcome).toMatchObject({ status: 'done', readBackMismatch: null, verify: { ok: true } });
    expect(rechecked).toMatchObject({ verdict: 'genuine', failureCount: 0 });
    // The places past the files, at least: both sides of the powers of two from 16 MiB to 512 MiB.
    expect(rechecked!.places).toBeGreaterThanOrEqual(12);
  }, TEST_TIMEOUT_MS);
});

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}
