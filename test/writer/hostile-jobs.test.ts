// The writer attacked, as root on this machine: jobs written by hand and sent through the writer's
// own protocol as pkexec would start it (PKEXEC_UID names the user it was raised for), a back-up
// whose temporary zip a process of the user swaps for a link to a root-only file while it is
// written, and a device node re-pointed between the check and the open. Nothing may change that
// the user could not have changed themselves.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedDrive } from '../../main/cli/verify.js';
import { describeDevice } from '../../main/drives/device.js';
import { fileDestination } from '../../main/backup-maker/zip-destination.js';
import { runWriterProcess, writerInvocation } from '../../main/writer/client.js';
import { newToken } from '../../main/writer/protocol.js';
import { openConfirmed } from '../../main/writer/open-confirmed.js';
import type { JobOutcome } from '../../main/writer/run-job.js';
import { runCommand } from '../disk/restore-image.js';
import { attachLoop, setUpDriveBench, systemDisk, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';
import { formatMessage, message } from '../../shared/message.js';

const isRoot = process.getuid?.() === 0;
const TEST_TIMEOUT_MS = 180_000;
/** The unprivileged user: no account needed, the kernel checks numbers. */
const USER = 1234;
let bench: DriveBench;

/** The writer process, started as pkexec starts it for USER (or as root itself starts it, for root's own jobs). */
function writer(job: unknown, options: { forUser: boolean; zipDestination?: ReturnType<typeof fileDestination> }): Promise<JobOutcome> {
  const { token, hash } = newToken();
  const { node, args } = writerInvocation(hash);
  const env: Record<string, string> = options.forUser ? { PKEXEC_UID: String(USER) } : {};
  return runWriterProcess({ command: node, args, env }, `${JSON.stringify({ token, job })}\n`, () => undefined, { tokenHash: hash, zipDestination: options.zipDestination });
}

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries === 200) throw new Error('the user’s process did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function reasons(outcome: JobOutcome): string {
  return outcome.status === 'refused' ? outcome.reasons.map(formatMessage).join(' ') : JSON.stringify(outcome);
}

describe.skipIf(!isRoot)(`hand-made jobs through the writer's protocol, as pkexec starts it for uid ${USER}${isRoot ? '' : ' (skipped: needs root)'}`, () => {
  beforeAll(async () => {
    bench = await setUpDriveBench('hostile-jobs-');
  });
  afterAll(() => tearDownDriveBench(bench));

  it('refuses --unsafe: only root itself may waive the drive checks, and nothing is written', async () => {
    const before = sha256(bench.loop.backingFile);
    const drive = confirmedDrive(await describeDevice(bench.loop.device));
    const outcome = await writer({ kind: 'write', zipPath: bench.zipPath, drive, unsafe: true, volumeId: 7 }, { forUser: true });
    expect(outcome).toEqual({ status: 'refused', device: bench.loop.device, reasons: [message('writer.unsafe-needs-root')] });
    expect(sha256(bench.loop.backingFile)).toBe(before);
    // The same job from root itself is honoured: the loop device is written.
    expect(await writer({ kind: 'write', zipPath: bench.zipPath, drive, unsafe: true, volumeId: 7 }, { forUser: false })).toMatchObject({ status: 'done' });
  }, TEST_TIMEOUT_MS);

  it('opens the backup zip with the user’s rights: a zip only root may read is not restored', async () => {
    const secret = join(bench.work, 'root-only.zip');
    writeFileSync(secret, readFileSync(bench.zipPath));
    chmodSync(secret, 0o600);
    const before = sha256(bench.loop.backingFile);
    const drive = confirmedDrive(await describeDevice(bench.loop.device));
    const outcome = await writer({ kind: 'write', zipPath: secret, drive, unsafe: false, volumeId: 7 }, { forUser: true });
    expect(outcome).toMatchObject({ status: 'failed', driveState: 'untouched', message: { code: 'writer.zip-unopened' } });
    expect(outcome.status === 'failed' && formatMessage(outcome.message)).toMatch(/permission denied|EACCES/i);
    expect(sha256(bench.loop.backingFile)).toBe(before);
  }, TEST_TIMEOUT_MS);

  it('refuses to read the system disk, and a drive in use, for a copy or a back-up', async () => {
    const disk = confirmedDrive(await describeDevice(systemDisk()));
    const read = await writer({ kind: 'read-flash', drive: disk, unsafe: false }, { forUser: true });
    expect(reasons(read)).toMatch(/this computer's own disks/);
    const backup = await writer({ kind: 'backup-flash', drive: disk, withoutSecrets: false, purpose: 'clone', unsafe: false }, { forUser: true });
    expect(backup.status).toBe('refused');
    // A repair's diagnosis is held to the same: the system disk is never read for it either.
    expect(reasons(await writer({ kind: 'read-flash', drive: disk, unsafe: false, state: true }, { forUser: true }))).toMatch(/this computer's own disks/);
    // Root itself with --unsafe: the disk is still in use, so still refused.
    expect(reasons(await writer({ kind: 'read-flash', drive: disk, unsafe: true }, { forUser: false }))).toMatch(/in use/);
  }, TEST_TIMEOUT_MS);

  it('refuses a loop device (a root-only file behind it, perhaps) without --unsafe', async () => {
    const drive = confirmedDrive(await describeDevice(bench.loop.device));
    const outcome = await writer({ kind: 'backup-flash', drive, withoutSecrets: false, purpose: 'clone', unsafe: false, outPath: join(bench.work, 'x.zip'), owner: { uid: USER, gid: USER } }, { forUser: true });
    expect(reasons(outcome)).toMatch(/virtual drive/);
  }, TEST_TIMEOUT_MS);
});

describe.skipIf(!isRoot)(`a back-up whose temporary zip is swapped for a link to a root-only file while it is written${isRoot ? '' : ' (skipped: needs root)'}`, () => {
  let attacker: ChildProcess | undefined;
  beforeAll(async () => {
    bench = await setUpDriveBench('symlink-swap-', { entries: [{ name: 'config/shadow', data: 'root:$6$salt$hash:19000:0:99999:7:::\n' }] });
    expect((await runCommand(['write', bench.zipPath, '--device', bench.loop.device, '--yes', '--unsafe'])).code).toBe(0);
  }, TEST_TIMEOUT_MS);
  afterAll(async () => {
    attacker?.kill();
    await tearDownDriveBench(bench);
  });

  it('leaves the root-only file as it was: root’s, unchanged', async () => {
    const victim = join(bench.work, 'victim');
    writeFileSync(victim, 'root-only secret\n');
    chmodSync(victim, 0o600);
    const folder = join(bench.work, 'user-folder');
    mkdirSync(folder);
    chownSync(folder, USER, USER);
    const outPath = join(folder, 'tower.zip');
    // The user's process: every partial zip it sees becomes a link to the victim, for as long as the job runs.
    const swap = `import os,sys,time
folder,victim=sys.argv[1],sys.argv[2]
open(os.path.join(folder,'ready'),'w').close()
end=time.time()+120
while time.time()<end and not os.path.exists(os.path.join(folder,'stop')):
  for name in os.listdir(folder):
    if name.endswith('.partial'):
      path=os.path.join(folder,name)
      try:
        if not os.path.islink(path):
          os.unlink(path); os.symlink(victim,path)
          open(os.path.join(folder,'swapped'),'a').write(name+'\\n')
      except OSError: pass
`;
    attacker = spawn('setpriv', [`--reuid=${USER}`, `--regid=${USER}`, '--clear-groups', '/usr/bin/python3', '-c', swap, folder, victim], { stdio: 'ignore' });
    await until(() => existsSync(join(folder, 'ready')));
    const drive = confirmedDrive(await describeDevice(bench.loop.device));
    // Root's own job (a loop device needs --unsafe), carrying the fields an old writer obeyed:
    // where to create the zip as root, and whom to give it to.
    const job = { kind: 'backup-flash', drive, withoutSecrets: false, purpose: 'backup', unsafe: true, outPath: victim.replace(/victim$/, 'planted.zip'), owner: { uid: USER, gid: USER } };
    // The app's side saves the zip as the user.
    const zipDestination = fileDestination(outPath, { caller: { uid: USER, gid: USER, groups: [USER] } });
    const outcome = await writer(job, { forUser: false, zipDestination });
    writeFileSync(join(folder, 'stop'), '');
    // The attack took place: the partial zip was swapped at least once.
    expect(readFileSync(join(folder, 'swapped'), 'utf8')).toMatch(/\.partial\n/);
    expect(['flash-backup', 'failed']).toContain(outcome.status);
    expect(readFileSync(victim, 'utf8')).toBe('root-only secret\n');
    expect(statSync(victim)).toMatchObject({ uid: 0, gid: 0, mode: expect.any(Number) });
    expect(statSync(victim).mode & 0o777).toBe(0o600);
    // Root created nothing where the job said.
    expect(() => statSync(job.outPath)).toThrow(/ENOENT/);
  }, TEST_TIMEOUT_MS);

  it('without the attacker, the zip is the user’s, readable by them alone', async () => {
    const folder = join(bench.work, 'user-folder-2');
    mkdirSync(folder);
    chownSync(folder, USER, USER);
    const outPath = join(folder, 'tower.zip');
    const drive = confirmedDrive(await describeDevice(bench.loop.device));
    const zipDestination = fileDestination(outPath, { caller: { uid: USER, gid: USER, groups: [USER] } });
    const outcome = await writer({ kind: 'backup-flash', drive, withoutSecrets: false, purpose: 'backup', unsafe: true }, { forUser: false, zipDestination });
    expect(outcome).toMatchObject({ status: 'flash-backup', backup: { status: 'backed-up' } });
    expect(statSync(outPath)).toMatchObject({ uid: USER, gid: USER });
    expect(statSync(outPath).mode & 0o777).toBe(0o600);
    expect(execFileSync('unzip', ['-Z1', outPath]).toString()).toMatch(/^config\/shadow$/m);
    expect(execFileSync('ls', ['-A', folder]).toString().trim()).toBe('tower.zip');
  }, TEST_TIMEOUT_MS);

  it('when the app’s disk is full, the back-up stops with that reason and leaves nothing', async () => {
    const folder = join(bench.work, 'full-disk');
    mkdirSync(folder);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', folder]);
    try {
      const drive = confirmedDrive(await describeDevice(bench.loop.device));
      const zipDestination = fileDestination(join(folder, 'tower.zip'));
      const outcome = await writer({ kind: 'backup-flash', drive, withoutSecrets: false, purpose: 'backup', unsafe: true }, { forUser: false, zipDestination });
      expect(outcome).toMatchObject({ status: 'failed', driveState: 'untouched', message: { code: 'writer.zip-not-saved' } });
      expect(outcome.status === 'failed' && formatMessage(outcome.message)).toMatch(/ENOSPC|no space/i);
      expect(execFileSync('ls', ['-A', folder]).toString().trim()).toBe('');
    } finally {
      execFileSync('umount', [folder]);
    }
  }, TEST_TIMEOUT_MS);
});

describe.skipIf(!isRoot)(`a drive replaced between the check and the open${isRoot ? '' : ' (skipped: needs root)'}`, () => {
  beforeAll(async () => {
    bench = await setUpDriveBench('replugged-');
  });
  afterAll(() => tearDownDriveBench(bench));

  it('is refused from the descriptor itself: the device node now names another drive', async () => {
    const other = await attachLoop(join(bench.work, 'other.img'), 2 ** 30);
    const before = sha256(other.backingFile);
    const found = await describeDevice(bench.loop.device);
    // As udev does when a drive is replugged: the same name, now for another device.
    const [major, minor] = (await describeDevice(other.device)).devNumber.split(':');
    const saved = `${bench.loop.device}.saved`;
    renameSync(bench.loop.device, saved);
    try {
      execFileSync('mknod', [bench.loop.device, 'b', major!, minor!]);
      const opened = await openConfirmed(found, { write: true });
      expect(opened).toMatchObject({ status: 'refused', device: bench.loop.device });
      expect('status' in opened && opened.reasons.map(formatMessage).join(' ')).toContain('it was unplugged or replaced since you confirmed it');
    } finally {
      execFileSync('rm', ['-f', bench.loop.device]);
      renameSync(saved, bench.loop.device);
    }
    expect(sha256(other.backingFile)).toBe(before);
  }, TEST_TIMEOUT_MS);
});
