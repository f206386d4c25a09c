// The writer's own look at the drive, just before it opens it: still the drive the user confirmed
// (path, size, device number, GUID), and still one that may be written. Nothing is opened for
// writing unless this finds no reason against it.
import { message, type AnyMessage } from '../../shared/message.js';
import { DeviceError, describeDevice, type DescribeDeviceOptions, type DeviceDescription } from '../drives/device.js';
import { judgeDrive } from '../drives/verdict.js';
import type { VerdictReasonCode } from '../../shared/drives.js';
import type { ConfirmedDrive } from './job.js';

export interface RecheckOptions {
  /** Accept a non-removable or virtual drive, provided nothing on it is in use. */
  readonly unsafe: boolean;
}

/** How a job ends when the drive is not (or no longer) one it may work on. */
export interface Refused {
  readonly status: 'refused';
  readonly device: string;
  readonly reasons: readonly AnyMessage[];
}

/** The drive as the kernel describes it now, or the refusal when it cannot be described (gone, not a block device…). */
export async function describeOrRefuse(device: string, options?: DescribeDeviceOptions): Promise<DeviceDescription | Refused> {
  try {
    return await describeDevice(device, options);
  } catch (error) {
    if (error instanceof DeviceError) return { status: 'refused', device, reasons: [error.reason] };
    throw error;
  }
}

/** Every reason not to write `found`; empty when it may be written. Pure. */
export function refusalsFor(found: DeviceDescription, confirmed: ConfirmedDrive, options: RecheckOptions): AnyMessage[] {
  return [...identityChanges(found, confirmed), ...judgedRefusals(found, options)];
}

/** Ways the drive now differs from the one the user confirmed. */
export function identityChanges(found: DeviceDescription, confirmed: ConfirmedDrive): AnyMessage[] {
  const changes: AnyMessage[] = [];
  const device = confirmed.device;
  if (found.device !== device) changes.push(message('verdict.moved', { device, found: found.device }));
  if (found.devNumber !== confirmed.devNumber) {
    changes.push(message('verdict.replaced', { device, found: String(found.devNumber), confirmed: String(confirmed.devNumber) }));
  }
  if (found.size !== confirmed.size) {
    const sizes = { device, confirmed: String(confirmed.size) };
    changes.push(found.size === null ? message('verdict.other-size-unknown', sizes) : message('verdict.other-size', { ...sizes, found: String(found.size) }));
  }
  if (found.guid !== confirmed.guid) {
    const none = message('verdict.none');
    changes.push(message('verdict.other-guid', { device, found: found.guid ?? none, confirmed: confirmed.guid ?? none }));
  }
  return changes;
}

/**
 * The verdict's refusals. --unsafe waives only two: a virtual drive (a loop device) and a
 * non-removable one, and only while nothing on it is mounted or swapped to; the drive the system
 * runs from always has something in use, so it is always refused.
 */
function judgedRefusals(found: DeviceDescription, options: RecheckOptions, only?: ReadonlySet<VerdictReasonCode>): AnyMessage[] {
  const judgement = judgeDrive(found, { neededBytes: null, holdsBackup: found.holdsBackupZip });
  if (judgement.verdict !== 'refused') return [];
  const unsafeOnly = (code: string): boolean => (code === 'virtual-drive' || code === 'system-drive') && found.inUse.length === 0;
  return judgement.reasons
    .filter((reason) => only === undefined || only.has(reason.code))
    .filter((reason) => !(options.unsafe && unsafeOnly(reason.code)))
    .map((reason) => (unsafeOnly(reason.code) ? message('verdict.unsafe-allows', { reason: reason.message }) : reason.message));
}

/** The verdict's refusals that stand for a read: a read-only drive, or one too small for a backup, is read all the same. */
const READ_REFUSALS: ReadonlySet<VerdictReasonCode> = new Set(['system-drive', 'virtual-drive', 'unknown-size']);

/**
 * Every reason not to read `found` for a copy or a back-up: not the drive confirmed, the system's
 * own disk, a drive in use (its mounted folder is read instead, as the system sees it), or a
 * virtual or non-removable one unless --unsafe. Reading a raw drive needs root's rights, so a read
 * is judged as strictly as a write. Pure.
 */
export function readRefusals(found: DeviceDescription, confirmed: ConfirmedDrive, options: RecheckOptions): AnyMessage[] {
  const inUse = found.inUse.length > 0 ? [message('verdict.read-in-use', { device: found.device, mountpoints: found.inUse.map((use) => use.mountpoint).join(', ') })] : [];
  return [...identityChanges(found, confirmed), ...judgedRefusals(found, options, READ_REFUSALS), ...inUse];
}
