// The writer's re-check as data: the drive the user confirmed against what the kernel says now.
import { describe, expect, it } from 'vitest';
import type { DeviceDescription } from '../../main/drives/device.js';
import type { ConfirmedDrive } from '../../main/writer/job.js';
import { NOT_USB_REASON } from '../../main/drives/guid.js';
import { refusalsFor as refusalMessages } from '../../main/writer/recheck.js';
import { formatMessage } from '../../shared/message.js';
import { usbStickFacts } from '../fixtures/drives/usb-stick.js';

const stick: DeviceDescription = {
  ...usbStickFacts(),
  guid: '0781-5583-0001-234567890ABC',
  noGuidReason: null,
  name: 'sdb',
  devNumber: '8:16',
  backingFile: null,
  inUse: [],
  holdsBackupZip: false,
};
const confirmed: ConfirmedDrive = { device: '/dev/sdb', size: stick.size!, devNumber: '8:16', guid: stick.guid, description: stick.description };
const loop: DeviceDescription = { ...stick, device: '/dev/loop3', name: 'loop3', devNumber: '7:3', busType: 'VIRTUAL', isUSB: false, isRemovable: false, isVirtual: true, guid: null, noGuidReason: NOT_USB_REASON };
const loopConfirmed: ConfirmedDrive = { ...confirmed, device: '/dev/loop3', devNumber: '7:3', guid: null };
const rootMount = { source: '/dev/sda2', mountpoint: '/', fstype: 'ext4' };
const systemDisk: DeviceDescription = { ...stick, device: '/dev/sda', isUSB: false, isRemovable: false, isSystem: true, guid: null, noGuidReason: NOT_USB_REASON, inUse: [rootMount], mountpoints: ['/'] };
const systemConfirmed: ConfirmedDrive = { ...confirmed, device: '/dev/sda', guid: null };

/** The refusals in English, as the CLI prints them. */
function refusalsFor(...args: Parameters<typeof refusalMessages>): string[] {
  return refusalMessages(...args).map(formatMessage);
}

describe('refusalsFor', () => {
  it('accepts the stick the user confirmed, unchanged', () => {
    expect(refusalsFor(stick, confirmed, { unsafe: false })).toEqual([]);
  });

  it.each([
    ['a replugged drive', { devNumber: '8:32' }, /is now device 8:32, not 8:16: it was unplugged or replaced/],
    ['another size', { size: 8_000_000_000 }, /now holds 8000000000 bytes, not the 16008609792 you confirmed/],
    ['another GUID', { guid: '0781-5583-0000-000000000001' }, /now has the GUID 0781-5583-0000-000000000001, not 0781-5583-0001-234567890ABC/],
    ['another path', { device: '/dev/sdc' }, /\/dev\/sdb is now \/dev\/sdc/],
  ])('refuses %s', (_what, change, message) => {
    expect(refusalsFor({ ...stick, ...change } as DeviceDescription, confirmed, { unsafe: true }).join('\n')).toMatch(message);
  });

  it('refuses a loop device unless unsafe, and says so', () => {
    expect(refusalsFor(loop, loopConfirmed, { unsafe: false })).toEqual([expect.stringMatching(/virtual drive.*\(--unsafe allows it/)]);
    expect(refusalsFor(loop, loopConfirmed, { unsafe: true })).toEqual([]);
  });

  it('refuses a fixed disk with nothing in use unless unsafe', () => {
    const fixed = { ...systemDisk, inUse: [], mountpoints: [] };
    expect(refusalsFor(fixed, systemConfirmed, { unsafe: false })).toEqual([expect.stringMatching(/own disks.*--unsafe allows it/)]);
    expect(refusalsFor(fixed, systemConfirmed, { unsafe: true })).toEqual([]);
  });

  it('always refuses the disk the system runs from, even unsafe, without offering --unsafe', () => {
    const refusals = refusalsFor(systemDisk, systemConfirmed, { unsafe: true });
    expect(refusals).toEqual(["It is one of this computer's own disks (mounted at /), not a removable flash drive."]);
  });

  it.each([
    ['read-only', { isReadOnly: true }, /read-only/],
    ['holding the backup zip', { holdsBackupZip: true }, /The backup zip is on this drive/],
  ])('always refuses a drive %s', (_what, change, message) => {
    expect(refusalsFor({ ...loop, ...change }, loopConfirmed, { unsafe: true }).join('\n')).toMatch(message);
  });
});
