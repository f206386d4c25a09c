// Drives as the flash creator shows them: what each one is, its Unraid GUID, and whether it may be
// written. Plain data, printed by the CLI and sent to the UI over IPC.
import type { AnyMessage } from './message.js';

/** ok: a good target. warning: usable, but the user should read why. refused: never written. */
export type DriveVerdict = 'ok' | 'warning' | 'refused';

/** Stable codes for the reasons behind a verdict (scripts, the UI and the writer rely on them). */
export type VerdictReasonCode =
  // refused
  | 'system-drive'
  | 'virtual-drive'
  | 'read-only'
  | 'unknown-size'
  | 'too-small'
  | 'holds-backup'
  // warning
  | 'not-usb'
  | 'larger-than-64gb'
  | 'smaller-than-4gb'
  | 'no-guid';

export interface VerdictReason {
  readonly code: VerdictReasonCode;
  readonly verdict: Exclude<DriveVerdict, 'ok'>;
  /** What the user reads (verdict.*). */
  readonly message: AnyMessage;
}

/** What the operating system tells about a whole drive, before any judgement. */
export interface DriveFacts {
  /** The path the user and the writer name it by: /dev/sdb, /dev/disk4, \\.\PhysicalDrive1. */
  readonly device: string;
  readonly description: string;
  /** Bytes; null when the system cannot tell (e.g. an empty card reader). */
  readonly size: number | null;
  /** As the system names the bus: USB, SATA, NVME, VIRTUAL, UNKNOWN... */
  readonly busType: string;
  readonly isUSB: boolean;
  readonly isRemovable: boolean;
  readonly isSystem: boolean;
  readonly isVirtual: boolean;
  readonly isReadOnly: boolean;
  /** Where its filesystems are mounted (drive letters on Windows). */
  readonly mountpoints: readonly string[];
  /** Each mounted filesystem's volume label, where the system gives it (drivelist does on some systems). */
  readonly volumeLabels?: readonly { readonly mountpoint: string; readonly label: string | null }[];
}

/** Unraid's licence identity of a USB flash drive: VID-PID-SSSS-SSSSSSSSSSSS, or why there is none. */
export type FlashGuid =
  | { readonly guid: string; readonly noGuidReason: null }
  | { readonly guid: null; readonly noGuidReason: AnyMessage };

/** Whether a written drive was ejected, so the user may pull it out; if not, why. */
export type EjectResult = { readonly ejected: true } | { readonly ejected: false; readonly reason: AnyMessage };

/** One drive with its identity and verdict: a row of the drive list. */
export type DriveSummary = DriveFacts &
  FlashGuid & {
    readonly verdict: DriveVerdict;
    /** Only refusals when refused, only warnings when warning, empty when ok. */
    readonly reasons: readonly VerdictReason[];
  };

/** Drives a listing offers by default: not this computer's own disks, not virtual ones. */
export function isCandidateDrive(drive: DriveFacts): boolean {
  return !drive.isSystem && !drive.isVirtual;
}
