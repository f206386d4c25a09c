import { describe, expect, it } from 'vitest';
import type { VerdictReason } from '../../shared/drives.js';
import {
  driveHoldingPath,
  judgeDrive,
  judgeDrives,
  LARGE_DRIVE_BYTES,
  SMALL_DRIVE_BYTES,
  type DriveContext,
  type JudgedDrive,
} from '../../main/drives/verdict.js';
import { usbStickFacts } from '../fixtures/drives/usb-stick.js';
import { message } from '../../shared/message.js';
import { said } from '../fixtures/said.js';

const stick: JudgedDrive = {
  ...usbStickFacts({ size: 61_530_439_680 }),
  guid: '0781-5583-0001-230101117405',
  noGuidReason: null,
};
const noBackup: DriveContext = { neededBytes: null, holdsBackup: false };
const seen: VerdictReason[] = [];

function judge(changes: Partial<JudgedDrive>, context: DriveContext = noBackup) {
  const judgement = judgeDrive({ ...stick, ...changes } as JudgedDrive, context);
  seen.push(...judgement.reasons);
  return judgement;
}

function codes(changes: Partial<JudgedDrive>, context?: DriveContext): string[] {
  return judge(changes, context).reasons.map((reason) => reason.code);
}

describe('judgeDrive', () => {
  it('finds nothing to say about a USB stick of 64 GB with a GUID', () => {
    expect(judge({})).toEqual({ verdict: 'ok', reasons: [] });
  });

  it("refuses this computer's own disks, saying where they are mounted", () => {
    const judgement = judge({ isSystem: true, isUSB: false, isRemovable: false, mountpoints: ['/boot/efi', '/'] });
    expect(judgement.verdict).toBe('refused');
    expect(judgement.reasons).toEqual([{ code: 'system-drive', verdict: 'refused', message: message('verdict.system-drive-mounted', { mountpoints: '/boot/efi, /' }) }]);
    expect(said(judgement.reasons[0])).toBe("It is one of this computer's own disks (mounted at /boot/efi, /), not a removable flash drive.");
  });

  it('refuses virtual, read-only and size-less drives', () => {
    expect(codes({ isVirtual: true })).toEqual(['virtual-drive']);
    expect(codes({ isReadOnly: true })).toEqual(['read-only']);
    expect(codes({ size: null })).toEqual(['unknown-size']);
    expect(codes({ size: 0 })).toEqual(['unknown-size']);
  });

  it('refuses a drive smaller than the backup needs, with sizes that differ as written, and accepts one exactly as large', () => {
    const needed = { neededBytes: 8_000_000_000, holdsBackup: false };
    expect(judge({ size: 7_999_999_999 }, needed).reasons.map((reason) => [reason.code, reason.verdict, said(reason)])).toEqual([
      ['too-small', 'refused', 'It holds 7,999,999,999 bytes, but this backup needs 8,000,000,000 bytes.'],
    ]);
    expect(said(judge({ size: 4_000_000_000 }, needed).reasons[0])).toBe('It holds 4.0 GB, but this backup needs 8.0 GB.');
    expect(judge({ size: 8_000_000_000 }, needed).verdict).toBe('ok');
  });

  it('refuses the drive the backup zip is on', () => {
    expect(judge({}, { neededBytes: 1_000_000_000, holdsBackup: true }).reasons).toEqual([
      { code: 'holds-backup', verdict: 'refused', message: message('verdict.holds-backup') },
    ]);
  });

  it('gives only the refusals of a refused drive, in order, leaving out warnings that no longer matter', () => {
    const judgement = judge({ isReadOnly: true, size: 128_000_000_000, guid: null, noGuidReason: message('guid.no-serial') }, { neededBytes: 1, holdsBackup: true });
    expect(judgement.reasons.map((reason) => reason.code)).toEqual(['read-only', 'holds-backup']);
  });

  it('warns about a drive that is not USB, removable or not', () => {
    expect(said(judge({ isUSB: false, guid: null, noGuidReason: message('guid.no-serial') }).reasons[0])).toBe(
      'It is removable but not a USB drive: Unraid starts and licenses itself only from a USB flash drive.',
    );
    expect(said(judge({ isUSB: false, isRemovable: false }).reasons[0])).toBe(
      'It is not a USB drive: Unraid starts and licenses itself only from a USB flash drive.',
    );
  });

  it('warns above 64 GB, but not about a stick sold as 64 GB', () => {
    expect(codes({ size: LARGE_DRIVE_BYTES })).toEqual([]);
    expect(codes({ size: LARGE_DRIVE_BYTES + 1 })).toEqual(['larger-than-64gb']);
    expect(said(judge({ size: 123_480_309_760 }).reasons[0])).toBe(
      'It holds 123 GB, more than 64 GB: large for an Unraid flash drive, so make sure it is not a disk you want to keep.',
    );
  });

  it('warns below a 4 GB stick, but not about a stick sold as 4 GB', () => {
    expect(codes({ size: 3_880_452_096 })).toEqual([]);
    expect(codes({ size: SMALL_DRIVE_BYTES })).toEqual([]);
    expect(codes({ size: SMALL_DRIVE_BYTES - 1 })).toEqual(['smaller-than-4gb']);
    expect(said(judge({ size: 2_013_265_920 }).reasons[0])).toMatch(/^It holds only 2\.0 GB, less than a 4 GB stick: /u);
  });

  it('warns about a USB drive without a GUID, in the words of the reason', () => {
    const judgement = judge({ guid: null, noGuidReason: message('guid.no-serial') });
    expect(judgement).toEqual({
      verdict: 'warning',
      reasons: [{ code: 'no-guid', verdict: 'warning', message: message('verdict.no-guid', { reason: message('guid.no-serial') }) }],
    });
    expect(said(judgement.reasons[0])).toBe('No USB serial number: Unraid cannot license this drive.');
  });

  it('lists several warnings in a fixed order', () => {
    expect(codes({ size: 2_000_000_000, guid: null, noGuidReason: message('guid.no-serial') })).toEqual(['smaller-than-4gb', 'no-guid']);
  });
});

describe('driveHoldingPath and judgeDrives', () => {
  const system: JudgedDrive = { ...stick, device: '/dev/sda', isSystem: true, isUSB: false, mountpoints: ['/', '/boot/efi'] };
  const backups: JudgedDrive = { ...stick, device: '/dev/sdd', mountpoints: ['/media/joe/BACKUPS'] };
  const target: JudgedDrive = { ...stick, mountpoints: ['/media/joe/BACKUPS2'] };

  it('gives the drive of the deepest mountpoint holding the path, not one that only shares its first letters', () => {
    const drives = [system, backups, target];
    expect(driveHoldingPath(drives, '/media/joe/BACKUPS/tower.zip', 'posix')).toBe('/dev/sdd');
    expect(driveHoldingPath(drives, '/media/joe/BACKUPS2/tower.zip', 'posix')).toBe('/dev/sdb');
    expect(driveHoldingPath(drives, '/home/joe/tower.zip', 'posix')).toBe('/dev/sda');
    expect(driveHoldingPath([backups], '/home/joe/tower.zip', 'posix')).toBeUndefined();
  });

  it('compares Windows paths without case and with either slash', () => {
    const windowsStick: JudgedDrive = { ...stick, device: '\\\\.\\PhysicalDrive2', mountpoints: ['E:\\'] };
    const windowsSystem: JudgedDrive = { ...system, device: '\\\\.\\PhysicalDrive0', mountpoints: ['C:\\'] };
    expect(driveHoldingPath([windowsSystem, windowsStick], 'e:/Backups/tower.zip', 'win32')).toBe('\\\\.\\PhysicalDrive2');
    expect(driveHoldingPath([windowsSystem, windowsStick], 'C:\\Users\\joe\\tower.zip', 'win32')).toBe('\\\\.\\PhysicalDrive0');
    expect(driveHoldingPath([windowsStick], 'e:/Backups/tower.zip', 'posix')).toBeUndefined();
  });

  it('refuses the drive holding the zip and checks every drive against the needed size', () => {
    const summaries = judgeDrives([system, backups, target], { neededBytes: 70_000_000_000, zipPath: '/media/joe/BACKUPS/tower.zip' }, 'posix');
    expect(summaries.map((summary) => [summary.device, summary.verdict, summary.reasons.map((reason) => reason.code)])).toEqual([
      ['/dev/sda', 'refused', ['system-drive', 'too-small']],
      ['/dev/sdd', 'refused', ['too-small', 'holds-backup']],
      ['/dev/sdb', 'refused', ['too-small']],
    ]);
    expect(summaries[2]?.guid).toBe(stick.guid);
  });

  it('checks neither size nor location without a backup', () => {
    expect(judgeDrives([backups], null, 'posix')[0]?.verdict).toBe('ok');
  });
});

describe('every reason', () => {
  it('is one sentence for the user: capitalised, on one line, ending with a full stop', () => {
    expect(seen.length).toBeGreaterThan(15);
    for (const reason of seen) expect(said(reason)).toMatch(/^[A-Z][^\n]*\.$/u);
  });
});
