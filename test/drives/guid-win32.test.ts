// Windows USB identities from the recorded output of DISK_PARENTS_SCRIPT (no Windows host here):
// Windows PowerShell 5.1's ConvertTo-Json layout (CRLF, 4-space indents, arrays aligned under their
// bracket, & written \u0026). The instance ids follow Windows' forms as public code shows them:
// USB\VID_0781&PID_5567\<serial> above USBSTOR\DISK&VEN_SANDISK&...\<serial>&0 (a USB token checker's
// tests), port-made ids with '&' for devices without a serial, which unraid/usb-creator's
// deviceenumerator_windows.cpp skips (it accepts only ids ending in \[0-9A-Z]+), and an &MI_00 interface
// between the disk and a composite device.
import { describe, expect, it } from 'vitest';
import { guidOf, NO_SERIAL_REASON } from '../../main/drives/guid.js';
import { DISK_PARENTS_SCRIPT, parseDiskParents, usbLookupFromParents } from '../../main/drives/guid/win32.js';
import { recorded } from '../fixtures/drives/recorded.js';

const disks = parseDiskParents(recorded('win32-disk-parents.json'));

function guidOfDisk(index: number): string | null {
  return guidOf(usbLookupFromParents(disks.get(index) ?? [])).guid;
}

describe('Windows disk parents (recorded PowerShell 5.1 output; no Windows host here)', () => {
  it('reads every disk with its parent chain, nearest first, with & unescaped', () => {
    expect([...disks.keys()]).toEqual([0, 1, 2, 3, 4]);
    expect(disks.get(1)?.[0]).toBe('USB\\VID_0781&PID_5583\\4C530001230101117405');
  });

  it('reads the GUID of a SanDisk stick from its USB device instance id', () => {
    expect(usbLookupFromParents(disks.get(1) ?? [])).toEqual({
      kind: 'usb',
      identity: { vendorId: 0x0781, productId: 0x5583, serial: '4C530001230101117405' },
    });
    expect(guidOfDisk(1)).toBe('0781-5583-0001-230101117405');
  });

  it('does not take a port-made instance id (6&1D4C2B6E&0&3) for a serial', () => {
    const lookup = usbLookupFromParents(disks.get(2) ?? []);
    expect(lookup).toEqual({ kind: 'usb', identity: { vendorId: 0x058f, productId: 0x6387, serial: null } });
    expect(guidOf(lookup).noGuidReason).toBe(NO_SERIAL_REASON);
  });

  it('reads a UAS drive, whose disk sits under SCSI, from its USB parent', () => {
    expect(guidOfDisk(3)).toBe('04E8-61FB-0S6N-PNS0T704117T');
  });

  it('passes over the &MI_00 interface of a composite device to the device itself', () => {
    expect(guidOfDisk(4)).toBe('0781-5406-0774-910D1E012345');
  });

  it('finds no USB device above an NVMe system disk', () => {
    expect(usbLookupFromParents(disks.get(0) ?? [])).toEqual({ kind: 'not-usb' });
  });

  it('reads a lone disk printed as an object instead of a list, a single parent as a string, and no disks', () => {
    const lone = '{\r\n    "Index":  1,\r\n    "PNPDeviceID":  "USBSTOR\\\\DISK",\r\n    "Parents":  "USB\\\\VID_0781\\u0026PID_5583\\\\4C530001230101117405"\r\n}\r\n';
    expect(parseDiskParents(lone)).toEqual(new Map([[1, ['USB\\VID_0781&PID_5583\\4C530001230101117405']]]));
    expect(parseDiskParents('\r\n')).toEqual(new Map());
  });

  it('throws a clear error on output that is not the list it asked for', () => {
    expect(() => parseDiskParents('Get-PnpDeviceProperty : The term is not recognized')).toThrow(SyntaxError);
    expect(() => parseDiskParents('[{"PNPDeviceID": "X"}]')).toThrow('an entry has no disk number');
    expect(() => parseDiskParents('[{"Index": 2, "Parents": [3]}]')).toThrow('disk 2 has parents that are not device instance ids');
  });

  it('asks PowerShell for disk number, instance id and up to four parents as JSON', () => {
    expect(DISK_PARENTS_SCRIPT).toContain('Win32_DiskDrive');
    expect(DISK_PARENTS_SCRIPT).toContain('DEVPKEY_Device_Parent');
    expect(DISK_PARENTS_SCRIPT).toMatch(/ConvertTo-Json -InputObject \$disks/u);
  });
});
