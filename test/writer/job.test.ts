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

  it('reads the jobs on an old flash: read-flash, and backup-flash, which names no file and no owner', () => {
    expect(parseJob({ kind: 'read-flash', drive, unsafe: false })).toEqual({ kind: 'read-flash', drive, unsafe: false });
    const backup = { kind: 'backup-flash', drive, withoutSecrets: true, purpose: 'backup', unsafe: false };
    expect(parseJob(backup)).toEqual(backup);
    // A job from an older app, or a hostile one: the file and the owner it names are not honoured.
    expect(parseJob({ ...backup, outPath: '/etc/shadow.zip', owner: { uid: 1000, gid: 1000 } })).toEqual(backup);
    // A copy's staging key only encrypts the zip the caller gets back: a secret, never a right.
    expect(parseJob({ ...backup, passphrase: 'one-time key' })).toEqual({ ...backup, passphrase: 'one-time key' });
    // A repair's diagnosis reads more of the same drive, still read-only: nothing else rides on it.
    expect(parseJob({ kind: 'read-flash', drive, unsafe: false, state: true })).toEqual({ kind: 'read-flash', drive, unsafe: false, state: true });
    expect(parseJob({ kind: 'read-flash', drive, unsafe: false, state: true, write: true, zipPath: '/etc/passwd' })).toEqual({ kind: 'read-flash', drive, unsafe: false, state: true });
  });

  it.each([
    [{ kind: 'read-flash', drive }, /unsafe must be true or false/],
    [{ kind: 'read-flash', drive, unsafe: false, state: 'yes' }, /state must be true when given/],
    [{ kind: 'read-flash', drive, unsafe: false, state: false }, /state must be true when given/],
    [{ kind: 'backup-flash', drive, withoutSecrets: 'no', purpose: 'backup', unsafe: false }, /withoutSecrets must be true or false/],
    [{ kind: 'backup-flash', drive, withoutSecrets: false, purpose: 'all', unsafe: false }, /purpose must be "backup" or "clone"/],
    [{ kind: 'backup-flash', drive, withoutSecrets: false, purpose: 'clone' }, /unsafe must be true or false/],
    [{ kind: 'backup-flash', drive, withoutSecrets: false, purpose: 'clone', unsafe: false, passphrase: { toString: 'key' } }, /passphrase must be a non-empty string/],
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
