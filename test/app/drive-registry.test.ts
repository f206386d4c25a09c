// Drive ids: stable while a drive stays plugged in, valid only in the latest list.
import { describe, expect, it } from 'vitest';
import { DriveRegistry } from '../../main/app-core/drive-registry.js';
import type { DriveSummary } from '../../shared/drives.js';
import { message } from '../../shared/message.js';

function drive(device: string): DriveSummary & { flash: null } {
  return { flash: null, device, description: device, size: 8e9, busType: 'USB', isUSB: true, isRemovable: true, isSystem: false, isVirtual: false, isReadOnly: false, mountpoints: [], guid: null, noGuidReason: message('guid.no-serial'), verdict: 'ok', reasons: [] };
}

describe('DriveRegistry', () => {
  it('keeps a drive’s id across lists and finds drives of the latest list only', () => {
    const registry = new DriveRegistry();
    const first = registry.update([drive('/dev/sdb'), drive('/dev/sdc')]);
    expect(first.generation).toBe(1);
    const [sdb, sdc] = first.drives.map((row) => row.id);
    const second = registry.update([drive('/dev/sdc'), drive('/dev/sdd')]);
    expect(second.generation).toBe(2);
    expect(second.drives.map((row) => row.id)).toEqual([sdc, 'drive-3']);
    expect(registry.find(sdb!)).toBeUndefined();
    expect(registry.find(sdc!)?.device).toBe('/dev/sdc');
    expect(registry.find('/dev/sdc')).toBeUndefined();
    const third = registry.update([drive('/dev/sdb')]);
    expect(third.drives[0]!.id).toBe(sdb);
  });
});
