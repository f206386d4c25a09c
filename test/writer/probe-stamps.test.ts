// The capacity probe before a write leaves its stamps on a genuine drive for the write to go over.
// Attacked here: every way a write job can end before the write wipes the old partition table
// must leave the whole drive byte for byte as it was, though the probe wrote all over it: a backup
// whose bzroot fails its .sha256, and a config file the backup lacks (refused after the probe).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedDrive } from '../../main/cli/verify.js';
import { describeDevice } from '../../main/drives/device.js';
import { runJob, type JobOutcome } from '../../main/writer/run-job.js';
import type { WriteJob } from '../../main/writer/job.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { deviceCounters } from '../fixtures/device-counters.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';

const isRoot = process.getuid?.() === 0;
const BLOCK = 4096;
let bench: DriveBench;

/** Every 4 KiB block of the drive holds its own number: a place put back anywhere else shows. */
function fillDrive(): string {
  const size = readFileSync(bench.loop.backingFile).length;
  const pattern = Buffer.alloc(size);
  for (let offset = 0; offset < size; offset += BLOCK) pattern.fill(`block ${offset / BLOCK} `, offset, offset + BLOCK);
  writeFileSync(bench.loop.device, pattern);
  return digest();
}

function digest(): string {
  return createHash('sha256').update(readFileSync(bench.loop.device)).digest('hex');
}

/** Sectors written to the drive since it was attached. */
function sectorsWritten(): number {
  return deviceCounters(bench.loop.device).bytesWritten / 512;
}

async function writeJob(zipName: string, backup: Parameters<typeof writeSampleBackup>[1], extra: Partial<WriteJob> = {}): Promise<JobOutcome> {
  const zipPath = join(bench.work, zipName);
  writeSampleBackup(zipPath, backup);
  const found = await describeDevice(bench.loop.device);
  return runJob({ kind: 'write', zipPath, drive: confirmedDrive(found), unsafe: true, volumeId: 1, ...extra }, () => undefined);
}

describe.skipIf(!isRoot)(`a write job that stops after the capacity probe${isRoot ? '' : ' (skipped: needs root)'}`, () => {
  beforeAll(async () => {
    bench = await setUpDriveBench('probe-stamps-');
  });
  afterAll(() => tearDownDriveBench(bench));

  it('refused for a bzroot that fails its .sha256: the probe wrote, and put every place back', async () => {
    const before = fillDrive();
    const written = sectorsWritten();
    const outcome = await writeJob('bad-sum.zip', { topFolder: SAMPLE_TOP_FOLDER, entries: [{ name: 'bzroot.sha256', data: `${'0'.repeat(64)}  bzroot\n` }] });
    expect(outcome).toMatchObject({ status: 'failed', driveState: 'untouched' });
    // Stamps and their undoing: the run at the start and over fifty single places, each twice over.
    expect(sectorsWritten() - written).toBeGreaterThan((2 * 8 * 2 ** 20 + 2 * 50 * BLOCK) / 512);
    expect(digest()).toBe(before);
  });

  it('failing on a config file the backup lacks, after the probe: every place put back', async () => {
    const before = fillDrive();
    const written = sectorsWritten();
    const outcome = await writeJob('no-network.zip', { topFolder: SAMPLE_TOP_FOLDER, omit: ['config/network.cfg'] }, {
      configFiles: [{ path: 'config/network.cfg', text: 'USE_DHCP[0]="yes"\r\n' }],
    });
    expect(outcome).toMatchObject({ status: 'failed', driveState: 'untouched', message: { code: 'config.no-such-file' } });
    expect(sectorsWritten() - written).toBeGreaterThan((2 * 8 * 2 ** 20 + 2 * 50 * BLOCK) / 512);
    expect(digest()).toBe(before);
  });

  it('written: the drive verifies, stamps and all gone under the new layout', async () => {
    fillDrive();
    const outcome = await writeJob('good.zip', { topFolder: SAMPLE_TOP_FOLDER });
    expect(outcome).toMatchObject({ status: 'done', readBackMismatch: null, verify: { ok: true } });
  });
});
