// The writer's jobs on an old flash, on a real loop device (root here): read-flash names the server
// and version, backup-flash sends the zip to its caller's destination (a file only its owner reads)
// and never writes to the drive; a drive that is not the one confirmed, or a virtual one without
// --unsafe, is refused before it is opened.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackup } from '../../main/backup/read-backup.js';
import { fileDestination } from '../../main/backup-maker/zip-destination.js';
import { zipFileFor } from '../../main/app-core/flash-reader.js';
import { describeDevice } from '../../main/drives/device.js';
import type { ConfirmedDrive } from '../../main/writer/job.js';
import { runJob } from '../../main/writer/run-job.js';
import { runCommand } from '../disk/restore-image.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';
import { formatMessage, message } from '../../shared/message.js';

const isRoot = process.getuid?.() === 0;
let bench: DriveBench;
let drive: ConfirmedDrive;
let oldFlash: string;

describe.skipIf(!isRoot)(`the writer's flash jobs on a loop device${isRoot ? '' : ' (skipped: needs root for losetup)'}`, () => {
  beforeAll(async () => {
    bench = await setUpDriveBench('flash-jobs-', { entries: [{ name: 'config/shadow', data: 'root:$6$salt$hash:19000:0:99999:7:::\n' }] });
    oldFlash = bench.loop.backingFile;
    expect((await runCommand(['write', bench.zipPath, '--device', bench.loop.device, '--yes', '--unsafe'])).code).toBe(0);
    const found = await describeDevice(bench.loop.device);
    drive = { device: found.device, size: found.size!, devNumber: found.devNumber, guid: found.guid, description: found.description };
  }, 120_000);
  afterAll(async () => tearDownDriveBench(bench));

  it('read-flash: an Unraid flash, with its server and version', async () => {
    const outcome = await runJob({ kind: 'read-flash', drive, unsafe: true }, () => undefined);
    expect(outcome).toMatchObject({ status: 'flash-read', reading: { status: 'unraid', flash: { label: 'UNRAID', server: 'Tower', version: '7.1.4', layout: 'FAT32 in partition 1' } } });
  });

  it('read-flash with state: what a repair diagnosis needs, read without changing a byte of the drive', async () => {
    const before = createHash('sha256').update(await readFile(oldFlash)).digest('hex');
    const outcome = await runJob({ kind: 'read-flash', drive, unsafe: true, state: true }, () => undefined);
    expect(outcome).toMatchObject({ status: 'flash-state', reading: { status: 'unraid', flash: { server: 'Tower', version: '7.1.4' }, state: { label: 'UNRAID', unreadable: [] } } });
    expect(createHash('sha256').update(await readFile(oldFlash)).digest('hex')).toBe(before);
    // Without --unsafe, a virtual drive is refused for a diagnosis as for any read.
    const refused = await runJob({ kind: 'read-flash', drive, unsafe: false, state: true }, () => undefined);
    expect(refused.status === 'refused' && refused.reasons.map(formatMessage).join(' ')).toMatch(/virtual drive/);
  });

  it('read-flash: a virtual drive is read only with --unsafe', async () => {
    const outcome = await runJob({ kind: 'read-flash', drive, unsafe: false }, () => undefined);
    expect(outcome.status === 'refused' && outcome.reasons.map(formatMessage).join(' ')).toMatch(/virtual drive/);
  });

  it('backup-flash: the zip, with progress, for its owner only, and the drive unchanged', async () => {
    const before = createHash('sha256').update(await readFile(oldFlash)).digest('hex');
    const outPath = join(bench.work, 'tower.zip');
    const progress: number[] = [];
    const seams = { zipDestination: fileDestination(outPath) };
    const outcome = await runJob({ kind: 'backup-flash', drive, withoutSecrets: true, purpose: 'backup', unsafe: true }, (step) => progress.push(step.bytesDone), seams);
    expect(outcome).toMatchObject({ status: 'flash-backup', backup: { status: 'backed-up', result: { missing: [], secretsLeftOut: ['config/shadow'] } } });
    expect(progress.length).toBeGreaterThan(0);
    expect((await stat(outPath)).mode & 0o777).toBe(0o600);
    expect((await readdir(bench.work)).filter((name) => name.endsWith('.partial'))).toEqual([]);
    const backup = await readBackup(outPath);
    backup.archive.close();
    expect(backup.report.ok).toBe(true);
    const names = execFileSync('unzip', ['-Z1', outPath]).toString();
    expect(names).toMatch(/^config\/ident\.cfg$/m);
    expect(names).not.toMatch(/^config\/shadow$/m);
    expect(createHash('sha256').update(await readFile(oldFlash)).digest('hex')).toBe(before);
    // An existing zip is never overwritten.
    expect(zipFileFor({ outPath, withoutSecrets: false, purpose: 'backup' })).toEqual({ ok: false, message: message('flash.backup-exists', { path: outPath }) });
  });

  it('backup-flash with a passphrase (a copy’s one-time staging key): every file encrypted, read back only with that key', async () => {
    const outPath = join(bench.work, 'staged.zip');
    const key = 'one-time key 3q2+7w==';
    const outcome = await runJob({ kind: 'backup-flash', drive, withoutSecrets: false, purpose: 'clone', unsafe: true, passphrase: key }, () => undefined, { zipDestination: fileDestination(outPath) });
    expect(outcome).toMatchObject({ status: 'flash-backup', backup: { status: 'backed-up', result: { missing: [] } } });
    expect((await readFile(outPath)).includes('$6$salt$hash')).toBe(false);
    await expect(readBackup(outPath)).rejects.toMatchObject({ code: 'passphrase-needed' });
    const backup = await readBackup(outPath, { passphrase: key });
    backup.archive.close();
    expect(backup.report.ok).toBe(true);
  });

  it('refuses a drive that is not the one confirmed', async () => {
    const outcome = await runJob({ kind: 'read-flash', drive: { ...drive, devNumber: '7:250' }, unsafe: true }, () => undefined);
    expect(outcome.status).toBe('refused');
    expect(outcome.status === 'refused' && outcome.reasons.map(formatMessage).join(' ')).toContain('it was unplugged or replaced since you confirmed it');
  });
});
