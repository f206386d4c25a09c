// The writer trusts nothing it is sent: every malformed job is refused with what is wrong.
import { describe, expect, it } from 'vitest';
import { JobError, parseJob } from '../../main/writer/job.js';

const drive = { device: '/dev/sdb', size: 16e9, devNumber: '8:16', guid: null, description: 'stick' };
const job = { kind: 'write', zipPath: '/home/u/backup.zip', drive, unsafe: false, volumeId: 0x1234 };

describe('parseJob', () => {
  it('reads a write job and a verify job', () => {
    expect(parseJob(job)).toEqual({ ...job, uefi: undefined });
    expect(parseJob({ ...job, uefi: true })).toMatchObject({ uefi: true });
    expect(parseJob({ kind: 'verify', zipPath: '/b.zip', drive })).toEqual({ kind: 'verify', zipPath: '/b.zip', drive });
  });

  it('reads the jobs on an old flash: read-flash, and backup-flash with its zip and owner', () => {
    expect(parseJob({ kind: 'read-flash', drive })).toEqual({ kind: 'read-flash', drive });
    const backup = { kind: 'backup-flash', drive, outPath: '/home/u/tower.zip', withoutSecrets: true, purpose: 'backup', owner: { uid: 1000, gid: 1000 } };
    expect(parseJob(backup)).toEqual(backup);
  });

  it.each([
    [{ kind: 'backup-flash', drive, outPath: 'tower.zip', withoutSecrets: false, purpose: 'backup' }, /outPath must be the absolute path of a .zip file/],
    [{ kind: 'backup-flash', drive, outPath: '/etc/shadow', withoutSecrets: false, purpose: 'backup' }, /outPath must be the absolute path of a .zip file/],
    [{ kind: 'backup-flash', drive, outPath: '/t.zip', withoutSecrets: 'no', purpose: 'backup' }, /withoutSecrets must be true or false/],
    [{ kind: 'backup-flash', drive, outPath: '/t.zip', withoutSecrets: false, purpose: 'all' }, /purpose must be "backup" or "clone"/],
    [{ kind: 'backup-flash', drive, outPath: '/t.zip', withoutSecrets: false, purpose: 'clone', owner: { uid: -1, gid: 0 } }, /owner.uid and owner.gid must be whole numbers/],
  ])('refuses the flash job %j', (value, message) => {
    expect(() => parseJob(value)).toThrow(message);
  });

  it.each([
    [null, /the job must be an object/],
    [{ ...job, kind: 'format' }, /Unknown job kind "format"/],
    [{ ...job, zipPath: '' }, /zipPath must be a non-empty string/],
    [{ ...job, drive: { ...drive, size: -1 } }, /drive.size must be a positive whole number/],
    [{ ...job, drive: { ...drive, guid: 7 } }, /drive.guid must be a string or null/],
    [{ ...job, drive: { ...drive, device: undefined } }, /drive.device must be a non-empty string/],
    [{ ...job, unsafe: 'yes' }, /unsafe must be true or false/],
    [{ ...job, uefi: 'on' }, /uefi must be true or false/],
    [{ ...job, volumeId: 2 ** 32 }, /volumeId must be a 32-bit unsigned integer/],
  ])('refuses %j', (value, message) => {
    expect(() => parseJob(value)).toThrow(JobError);
    expect(() => parseJob(value)).toThrow(message);
  });
});
