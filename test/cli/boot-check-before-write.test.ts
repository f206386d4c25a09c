// What rc.S checks at every boot, a write checks: each bz* image against its .sha256 (not only with
// inspect --deep). A backup that would not boot is refused while the drive still holds what it
// held; an image is checked as it is written, and a refused one is not left behind (the attack on
// that order: test/flash/boot-images-in-stream.test.ts). With config/skipbzcheck, as on the
// server, it is written.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedDrive } from '../../main/cli/verify.js';
import { describeDevice } from '../../main/drives/device.js';
import { runJob } from '../../main/writer/run-job.js';
import { runCommand } from '../disk/restore-image.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';
import { formatMessage } from '../../shared/message.js';

const WRONG_SUM = { name: 'bzroot.sha256', data: `${'0'.repeat(64)}  bzroot\n` };

let bench: DriveBench;
beforeAll(async () => {
  bench = await setUpDriveBench('boot-check-before-write-');
});
afterAll(() => tearDownDriveBench(bench));

function backup(name: string, entries = [WRONG_SUM]): string {
  const path = join(bench.work, name);
  writeSampleBackup(path, { topFolder: SAMPLE_TOP_FOLDER, entries });
  return path;
}

describe('a write whose bzroot fails its .sha256', () => {
  it('is refused by the CLI as the image is written, naming the file, and no image is left; inspect without --deep does not unpack it', async () => {
    const zip = backup('bad-sum.zip');
    expect((await runCommand(['inspect', zip])).code).toBe(0);
    const image = join(bench.work, 'never.img');
    const result = await runCommand(['write', zip, '--image', image, '--size', '1G']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${SAMPLE_TOP_FOLDER}/bzroot does not match its SHA-256 file bzroot.sha256; Unraid would refuse to boot from it.`);
    expect(existsSync(image)).toBe(false);
  });

  it('is refused by the writer with the drive as it was (loop device, as root)', async () => {
    const before = Buffer.alloc(1024 * 1024, 0x5a);
    writeFileSync(bench.loop.device, before);
    const found = await describeDevice(bench.loop.device);
    const outcome = await runJob({ kind: 'write', zipPath: backup('bad-sum-device.zip'), drive: confirmedDrive(found), unsafe: true, volumeId: 1 }, () => undefined);
    expect(outcome).toMatchObject({ status: 'failed', driveState: 'untouched' });
    expect(outcome.status === 'failed' && formatMessage(outcome.message)).toMatch(/bzroot does not match its SHA-256 file/);
    expect(readFileSync(bench.loop.device).subarray(0, before.length).equals(before)).toBe(true);
  });

  it('with --yes, is refused by the job (the check runs beside the capacity probe), naming the file, the drive as it was', async () => {
    const before = Buffer.alloc(1024 * 1024, 0xa5);
    writeFileSync(bench.loop.device, before);
    const result = await runCommand(['write', backup('bad-sum-yes.zip'), '--device', bench.loop.device, '--yes', '--unsafe']);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(`${SAMPLE_TOP_FOLDER}/bzroot does not match its SHA-256 file bzroot.sha256`);
    expect(readFileSync(bench.loop.device).subarray(0, before.length).equals(before)).toBe(true);
  });

  it('is written when config/skipbzcheck turns Unraid’s check off', async () => {
    const zip = backup('skip.zip', [WRONG_SUM, { name: 'config/skipbzcheck', data: '' }]);
    const result = await runCommand(['write', zip, '--image', join(bench.work, 'skip.img'), '--size', '1G']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
