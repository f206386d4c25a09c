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
