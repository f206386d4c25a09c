// The drive list: recorded `lsblk --bytes --all --json --paths` output of a Linux desktop with four
// USB drives (cut to the columns drivelist reads), turned into drives by drivelist's own lsblk parser,
// with USB identities from the recorded sysfs tree (no USB stick on this machine); then the real list
// of this machine, which has only its system disk and a zram device.
import { basename, join } from 'node:path';
import { list as listSystemDrives } from 'drivelist';
import { parse as parseLsblk } from 'drivelist/js/lsblk/json.js';
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isCandidateDrive, type DriveSummary } from '../../shared/drives.js';
import { renderDriveTable } from '../../main/cli/drives.js';
import { lookupEach } from '../../main/drives/guid.js';
import { readSysfsUsbIdentity } from '../../main/drives/guid/linux.js';
import { describeDrives, listDrives, watchDriveList } from '../../main/drives/list.js';
import { systemDisk } from '../fixtures/drives/host.js';
import { recorded, recordedSysfs } from '../fixtures/drives/recorded.js';
import { formatMessage } from '../../shared/message.js';

const scratch = mkdtempSync(join(tmpdir(), 'list-test-'));
const sysRoot = recordedSysfs(scratch);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const drives = parseLsblk(recorded('linux-lsblk.json'));
const backup = { neededBytes: 1_500_000_000, zipPath: '/media/joe/BACKUPS/Tower-flash-backup-20261125-0312.zip' };

function recordedIdentities(devices: readonly string[]) {
  return lookupEach(devices, (device) => readSysfsUsbIdentity(basename(device), sysRoot));
}

describe('describeDrives on a recorded Linux desktop', () => {
  it('gives each drive its GUID and verdict', async () => {
    const summaries = await describeDrives(drives, { backup, usbIdentities: recordedIdentities, pathStyle: 'posix' });
    expect(summaries.map((drive) => [drive.device, drive.guid, drive.verdict, drive.reasons.map((reason) => reason.code)])).toEqual([
      ['/dev/sda', null, 'refused', ['system-drive']],
      ['/dev/sdb', '0781-5583-0001-230101117405', 'ok', []],
      ['/dev/sdc', null, 'warning', ['smaller-than-4gb', 'no-guid']],
      ['/dev/sdd', '0951-1666-AE22-EEA0797900E5', 'refused', ['holds-backup']],
      ['/dev/sde', '0BDA-0129-0100-201396000000', 'refused', ['read-only']],
    ]);
    expect(formatMessage(summaries[0]!.reasons[0]!.message)).toBe(
      "It is one of this computer's own disks (mounted at /boot/efi, /, [SWAP]), not a removable flash drive.",
    );
    expect(formatMessage(summaries[2]!.noGuidReason!)).toBe('no USB serial number: Unraid cannot license this drive');
    expect(summaries.filter(isCandidateDrive).map((drive) => drive.device)).toEqual(['/dev/sdb', '/dev/sdc', '/dev/sdd', '/dev/sde']);
  });

  it('renders them as a table with each reason under its drive', async () => {
    const summaries = await describeDrives(drives, { backup, usbIdentities: recordedIdentities, pathStyle: 'posix' });
    expect(renderDriveTable(summaries.filter(isCandidateDrive), 1)).toBe(
      [
        'DEVICE    SIZE     DESCRIPTION                          UNRAID GUID                  VERDICT',
        '/dev/sdb  61.5 GB  SanDisk Ultra Fit (UNRAID)           0781-5583-0001-230101117405  ok',
        '/dev/sdc  2.0 GB   Generic Flash Disk                   none                         warning',
        '  - It holds only 2.0 GB, less than a 4 GB stick: Unraid keeps the previous release on the drive when it upgrades and may run out of room.',
        '  - No USB serial number: Unraid cannot license this drive.',
        '/dev/sdd  123 GB   Kingston DataTraveler 3.0 (BACKUPS)  0951-1666-AE22-EEA0797900E5  refused',
        '  - The backup zip is on this drive; writing to it would destroy the backup.',
        '/dev/sde  15.9 GB  Generic- SD/MMC                      0BDA-0129-0100-201396000000  refused',
        '  - It is read-only: its write-protect switch is on, or the stick has worn out and locked itself.',
        "(1 other drive not shown: this computer's own disks and virtual drives; --all lists them.)",
        '',
      ].join('\n'),
    );
  });

  it('says so when there is no drive to show', () => {
    expect(renderDriveTable([], 2)).toBe(
      "No flash drive found: plug in a USB flash drive.\n(2 other drives not shown: this computer's own disks and virtual drives; --all lists them.)\n",
    );
  });
});

describe("listDrives on this machine's real drives", () => {
  it('lists what drivelist lists, and refuses the system disk found from the mount of /', async () => {
    const [summaries, systemDrives] = await Promise.all([listDrives(), listSystemDrives()]);
    expect(summaries.map((drive) => drive.device).sort()).toEqual(systemDrives.map((drive) => drive.device).sort());
    const system = summaries.find((drive) => drive.device === systemDisk());
    expect(system?.verdict).toBe('refused');
    expect(system?.reasons.map((reason) => reason.code)).toContain('system-drive');
    expect(formatMessage(system!.noGuidReason!)).toBe('not a USB drive, so it has no Unraid GUID');
  });

  it('watchDriveList reports the described list as soon as it starts', async () => {
    const first = await new Promise<readonly DriveSummary[]>((resolve, reject) => {
      const watcher = watchDriveList((drives) => {
        watcher.stop();
        resolve(drives);
      }, reject);
    });
    expect(first).toEqual(await listDrives());
  });
});
