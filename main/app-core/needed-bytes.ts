// The smallest drive a restore fits on, asked of the disk planner itself: plan for an empty drive
// and let the planner say how much it needs; a larger volume has larger clusters (more slack per
// file), so plan again at that size until the answer settles.
import type { RestoreItem } from '../backup/restore-item.js';
import { LayoutError } from '../disk/layout-error.js';
import { planLayout } from '../disk/plan.js';

/** Each round moves to a larger cluster size at most; there are five, after the smallest volume. */
const MAX_ROUNDS = 8;

export function neededDriveBytes(items: readonly RestoreItem[]): number {
  let diskBytes = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    try {
      planLayout({ diskBytes, items, volumeId: 0 });
      return diskBytes;
    } catch (error) {
      if (!(error instanceof LayoutError) || error.neededBytes === undefined || error.neededBytes <= diskBytes) throw error;
      diskBytes = error.neededBytes;
    }
  }
  return diskBytes;
}
