// The writer's look at a drive on macOS and Windows, from drivelist's list, on drive lists
// reconstructed from drivelist's sources (no macOS or Windows host here: see the "about" of
// macos-drivelist.json and win32-drivelist.json). The sticks' USB identities come from the recorded
// ioreg and PowerShell outputs of the GUID tests, and the writer's re-check (refusalsFor) judges the
// descriptions as it will on those systems.
import type { Drive } from 'drivelist';
import { describe, expect, it } from 'vitest';
import { confirmedDrive } from '../../main/cli/verify.js';
import { DeviceError, darwinDevNumberOf, describeDevice, type DeviceDescription } from '../../main/drives/device.js';
import { NOT_USB_REASON, type UsbLookup } from '../../main/drives/guid.js';
import { parseIoregTree, usbLookupForDisk } from '../../main/drives/guid/darwin.js';
import { parseDiskParents, usbLookupFromParents } from '../../main/drives/guid/win32.js';
import { describeListedDevice, windowsDevNumber } from '../../main/drives/listed-device.js';
import { refusalsFor } from '../../main/writer/recheck.js';
import { recorded } from '../fixtures/drives/recorded.js';
import { formatMessage } from '../../shared/message.js';

function recordedDrives(name: string): Drive[] {
  return (JSON.parse(recorded(name)) as { drives: Drive[] }).drives;
}

const macDrives = recordedDrives('macos-drivelist.json');
const windowsDrives = recordedDrives('win32-drivelist.json');
const stickOnMac = usbLookupForDisk(parseIoregTree(recorded('macos-ioreg-usb.txt')), 'disk4');
const stickOnWindows = usbLookupFromParents(parseDiskParents(recorded('win32-disk-parents.json')).get(1) ?? []);
const notUsb: UsbLookup = { kind: 'not-usb' };
const STICK_GUID = '0781-5583-0001-230101117405';
// What describeDevice would pass in for the sticks: disk4's BSD major and minor, and windowsDevNumber.
const MAC_DEV_NUMBER = '1:10';
const WINDOWS_DEV_NUMBER = 'PhysicalDrive1:61530439680:SanDisk Ultra Fit USB Device';
const HOLDS_BACKUP = 'The backup zip is on this drive; writing to it would destroy the backup.';
const READ_ONLY = 'It is read-only: its write-protect switch is on, or the stick has worn out and locked itself.';

function onMac(path: string, lookup: UsbLookup = notUsb, backupZipPath?: string): DeviceDescription {
  return describeListedDevice(path, macDrives, lookup, { platform: 'darwin', devNumber: MAC_DEV_NUMBER, backupZipPath });
}

function onWindows(path: string, lookup: UsbLookup = notUsb, backupZipPath?: string): DeviceDescription {
  return describeListedDevice(path, windowsDrives, lookup, { platform: 'win32', devNumber: WINDOWS_DEV_NUMBER, backupZipPath });
}

/** Every reason the writer would give not to write the drive it just described, unsafe or not. */
function refusals(found: DeviceDescription, unsafe = false): string[] {
  return refusalsFor(found, confirmedDrive(found), { unsafe }).map(formatMessage);
}

function deviceError(describeIt: () => unknown): DeviceError {
  try {
    describeIt();
  } catch (error) {
    if (error instanceof DeviceError) return error;
    throw error;
  }
  throw new Error('expected a DeviceError');
}

describe('describeListedDevice on a recorded macOS drive list (no macOS host here)', () => {
  it('describes the USB stick with its GUID, its raw device and its mounted volume, and lets it be written', () => {
    const stick = onMac('/dev/disk4', stickOnMac);
    expect(stick).toEqual({
      device: '/dev/disk4',
      description: 'SanDisk Ultra Fit Media',
      size: 61_530_439_680,
      busType: 'USB',
      isUSB: true,
      isRemovable: true,
      isSystem: false,
      isVirtual: false,
      isReadOnly: false,
      mountpoints: ['/Volumes/OLDSTICK'],
      volumeLabels: [{ mountpoint: '/Volumes/OLDSTICK', label: 'OLDSTICK' }],
      guid: STICK_GUID,
      noGuidReason: null,
      name: 'disk4',
      devNumber: MAC_DEV_NUMBER,
      raw: '/dev/rdisk4',
      backingFile: null,
      inUse: [{ source: '/dev/disk4', mountpoint: '/Volumes/OLDSTICK', fstype: '' }],
      holdsBackupZip: false,
    });
    expect(refusals(stick)).toEqual([]);
  });

  it('takes the raw device /dev/rdisk4 for the disk /dev/disk4', () => {
    expect(onMac('/dev/rdisk4', stickOnMac)).toEqual(onMac('/dev/disk4', stickOnMac));
  });

  it.each(['/dev/disk4s1', '/dev/rdisk4s1', '/dev/disk1s5s1'])('refuses the partition %s, naming its whole disk', (path) => {
    const disk = /^\/dev\/r?(disk\d+)/u.exec(path)?.[1] ?? '';
    expect(deviceError(() => onMac(path))).toMatchObject({
      code: 'partition',
      message: `${path} is a partition of /dev/${disk}: choose the whole drive, /dev/${disk}.`,
      path,
    });
  });

  it('says a disk macOS does not list may have been unplugged', () => {
    expect(deviceError(() => onMac('/dev/disk7'))).toMatchObject({
      code: 'no-such-device',
      message: '/dev/disk7 is not among the drives macOS lists: was the drive unplugged?',
    });
  });

  it.each(['/dev/sdb', '/Volumes/OLDSTICK', 'disk4'])('says %s names no drive', (path) => {
    expect(deviceError(() => onMac(path))).toMatchObject({
      code: 'not-a-block-device',
      message: `${path} is not a drive: name a whole drive, such as /dev/disk4.`,
    });
  });

  it('refuses the internal APFS system disk even with --unsafe: its volumes are in use', () => {
    const disk = onMac('/dev/disk0');
    expect(disk).toMatchObject({ isSystem: true, isUSB: false, guid: null, noGuidReason: NOT_USB_REASON, raw: '/dev/rdisk0' });
    expect(disk.inUse.map((use) => use.mountpoint)).toContain('/');
    expect(refusals(disk, true)).toEqual([
      "It is one of this computer's own disks (mounted at /, /System/Volumes/VM, /System/Volumes/Preboot, /System/Volumes/Update, /System/Volumes/Data), not a removable flash drive.",
    ]);
  });

  it('knows the backup zip is on the stick when it lies under /Volumes/OLDSTICK, and refuses the stick', () => {
    const zip = '/Volumes/OLDSTICK/backups/tower-flash-backup.zip';
    const stick = onMac('/dev/disk4', stickOnMac, zip);
    expect(stick.holdsBackupZip).toBe(true);
    expect(refusals(stick, true)).toEqual([HOLDS_BACKUP]);
    expect(onMac('/dev/disk0', notUsb, zip).holdsBackupZip).toBe(false);
  });

  it('knows a zip in the home folder is on the system disk, not on the stick', () => {
    const zip = '/Users/joe/Downloads/tower-flash-backup.zip';
    expect(onMac('/dev/disk0', notUsb, zip).holdsBackupZip).toBe(true);
    expect(onMac('/dev/disk4', stickOnMac, zip).holdsBackupZip).toBe(false);
    // A volume named like the stick's, but not inside it.
    expect(onMac('/dev/disk4', stickOnMac, '/Volumes/OLDSTICK2/tower-flash-backup.zip').holdsBackupZip).toBe(false);
  });

  it('refuses the write-protected SD card as read-only, and gives it no GUID', () => {
    const card = onMac('/dev/disk2');
    expect(card).toMatchObject({ isReadOnly: true, isRemovable: true, isSystem: false, isUSB: false, guid: null, busType: 'Secure Digital' });
    expect(refusals(card, true)).toEqual([READ_ONLY]);
  });

  it('reads a macOS device number as BSD major and minor, as ioreg shows them for disk4 (1, 10)', () => {
    expect(darwinDevNumberOf(0x0100_000an)).toBe('1:10');
    expect(darwinDevNumberOf(0x1000_0003n)).toBe('16:3');
  });
});

describe('describeListedDevice on a recorded Windows drive list (no Windows host here)', () => {
  it('describes the USB stick with its GUID and drive letter, and lets it be written', () => {
    const stick = onWindows('\\\\.\\PhysicalDrive1', stickOnWindows);
    expect(stick).toMatchObject({
      device: '\\\\.\\PhysicalDrive1',
      raw: '\\\\.\\PhysicalDrive1',
      name: 'PhysicalDrive1',
      devNumber: WINDOWS_DEV_NUMBER,
      description: 'SanDisk Ultra Fit USB Device',
      size: 61_530_439_680,
      isUSB: true,
      guid: STICK_GUID,
      mountpoints: ['E:\\'],
      inUse: [{ source: '\\\\.\\PhysicalDrive1', mountpoint: 'E:\\', fstype: '' }],
      holdsBackupZip: false,
    });
    expect(refusals(stick)).toEqual([]);
  });

  it.each(['\\\\.\\PHYSICALDRIVE1', '\\\\.\\physicaldrive1'])('finds %s whatever its case, under the name drivelist gives it', (path) => {
    expect(onWindows(path, stickOnWindows)).toEqual(onWindows('\\\\.\\PhysicalDrive1', stickOnWindows));
  });

  it('says a disk Windows does not list may have been unplugged', () => {
    expect(deviceError(() => onWindows('\\\\.\\PhysicalDrive2'))).toMatchObject({
      code: 'no-such-device',
      message: '\\\\.\\PhysicalDrive2 is not among the drives Windows lists: was the drive unplugged?',
    });
  });

  it.each(['E:', 'E:\\', '\\\\.\\E:'])('says the volume %s is not a drive', (path) => {
    expect(deviceError(() => onWindows(path))).toMatchObject({
      code: 'not-a-block-device',
      message: `${path} is not a drive: name a whole drive, such as \\\\.\\PhysicalDrive1.`,
    });
  });

  it('refuses the system disk with C:\\ even with --unsafe', () => {
    const disk = onWindows('\\\\.\\PhysicalDrive0');
    expect(disk).toMatchObject({ isSystem: true, isUSB: false, guid: null, busType: 'INVALID' });
    expect(refusals(disk, true)).toEqual(["It is one of this computer's own disks (mounted at C:\\), not a removable flash drive."]);
  });

  it.each(['E:\\Backups\\tower-flash-backup.zip', 'e:/Backups/tower-flash-backup.zip'])(
    'knows the backup zip %s is on the stick mounted at E:\\, and refuses the stick',
    (zip) => {
      const stick = onWindows('\\\\.\\PhysicalDrive1', stickOnWindows, zip);
      expect(stick.holdsBackupZip).toBe(true);
      expect(refusals(stick, true)).toEqual([HOLDS_BACKUP]);
      expect(onWindows('\\\\.\\PhysicalDrive0', notUsb, zip).holdsBackupZip).toBe(false);
    },
  );

  it('knows a zip in Downloads on C:\\ is not on the stick', () => {
    expect(onWindows('\\\\.\\PhysicalDrive1', stickOnWindows, 'C:\\Users\\joe\\Downloads\\tower-flash-backup.zip').holdsBackupZip).toBe(false);
  });

  it('stands in for the device number with path, size and model, which another stick in its place changes', () => {
    const stick = windowsDrives[1]!;
    expect(windowsDevNumber(stick)).toBe(WINDOWS_DEV_NUMBER);
    const other = { ...stick, size: 15_376_318_464, description: 'Kingston DataTraveler 3.0 USB Device' };
    const describeAs = (drive: Drive) =>
      describeListedDevice('\\\\.\\PhysicalDrive1', [drive], stickOnWindows, { platform: 'win32', devNumber: windowsDevNumber(drive) });
    const confirmed = confirmedDrive(describeAs(stick));
    expect(refusalsFor(describeAs(other), confirmed, { unsafe: false }).map(formatMessage).join('\n')).toMatch(/is now device PhysicalDrive1:15376318464:.*: it was unplugged or replaced/u);
  });
});

describe('describeDevice on a system without a drive check', () => {
  it('refuses to describe a drive on FreeBSD, saying the system is not supported', async () => {
    const error: unknown = await describeDevice('/dev/da0', { platform: 'freebsd' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeviceError);
    expect(error).toMatchObject({ code: 'unreadable', message: '/dev/da0 cannot be checked: Flash Creator does not support freebsd.' });
  });
});
