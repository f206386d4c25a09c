// The writer's own look at the drive, just before it opens it: still the drive the user confirmed
// (path, size, device number, GUID), and still one that may be written. Nothing is opened for
// writing unless this finds no reason against it.
import type { DeviceDescription } from '../drives/device.js';
import { judgeDrive } from '../drives/verdict.js';
import type { ConfirmedDrive } from './job.js';

export interface RecheckOptions {
  /** Accept a non-removable or virtual drive, provided nothing on it is in use. */
  readonly unsafe: boolean;
}

/** Every reason not to write `found`; empty when it may be written. Pure. */
export function refusalsFor(found: DeviceDescription, confirmed: ConfirmedDrive, options: RecheckOptions): string[] {
  return [...identityChanges(found, confirmed), ...judgedRefusals(found, options)];
}

/** Ways the drive now differs from the one the user confirmed. */
export function identityChanges(found: DeviceDescription, confirmed: ConfirmedDrive): string[] {
  const changes: string[] = [];
  if (found.device !== confirmed.device) changes.push(`${confirmed.device} is now ${found.device}.`);
  if (found.devNumber !== confirmed.devNumber) {
    changes.push(`${confirmed.device} is now device ${found.devNumber}, not ${confirmed.devNumber}: it was unplugged or replaced since you confirmed it.`);
  }
  if (found.size !== confirmed.size) {
    changes.push(`${confirmed.device} now holds ${found.size ?? 'an unknown number of'} bytes, not the ${confirmed.size} you confirmed: it is not the same drive.`);
  }
  if (found.guid !== confirmed.guid) {
    changes.push(`${confirmed.device} now has the GUID ${found.guid ?? 'none'}, not ${confirmed.guid ?? 'none'}: it is not the same drive.`);
  }
  return changes;
}

/**
 * The verdict's refusals. --unsafe waives only two: a virtual drive (a loop device) and a
 * non-removable one, and only while nothing on it is mounted or swapped to; the drive the system
 * runs from always has something in use, so it is always refused.
 */
function judgedRefusals(found: DeviceDescription, options: RecheckOptions): string[] {
  const judgement = judgeDrive(found, { neededBytes: null, holdsBackup: found.holdsBackupZip });
  if (judgement.verdict !== 'refused') return [];
  const unsafeOnly = (code: string): boolean => (code === 'virtual-drive' || code === 'system-drive') && found.inUse.length === 0;
  return judgement.reasons
    .filter((reason) => !(options.unsafe && unsafeOnly(reason.code)))
    .map((reason) => (unsafeOnly(reason.code) ? `${reason.message} (--unsafe allows it while nothing on it is in use.)` : reason.message));
}
