// The smallest drive a backup fits on, as the planner itself decides.
import { describe, expect, it } from 'vitest';
import { neededDriveBytes } from '../../main/app-core/needed-bytes.js';
import { readBackup } from '../../main/backup/read-backup.js';
import { LayoutError } from '../../main/disk/layout-error.js';
import { planLayout } from '../../main/disk/plan.js';
import { tempSampleBackup } from '../backup/temp-zip.js';

describe('neededDriveBytes', () => {
  it.each([1 << 20, 280_000_000])('is a size the backup fits on, and a tenth less is not (release of %i bytes)', async (releaseBytes) => {
    const backup = await readBackup(tempSampleBackup({ releaseBytes, method: 'store' }));
    backup.archive.close();
    const needed = neededDriveBytes(backup.items);
    expect(needed).toBeGreaterThan(backup.report.totalBytes);
    expect(() => planLayout({ diskBytes: needed, items: backup.items, volumeId: 1 })).not.toThrow();
    expect(() => planLayout({ diskBytes: Math.floor((needed * 0.9) / 4096) * 4096, items: backup.items, volumeId: 1 })).toThrow(LayoutError);
  });
});
