// Whether a drive may become the new flash drive, and why (not). Pure: a drive's facts and GUID, the
// size the backup needs and where its zip lives decide; every reason is a message for the user.
import type { DriveFacts, DriveSummary, DriveVerdict, FlashGuid, VerdictReason, VerdictReasonCode } from '../../shared/drives.js';
import { formatBytes } from '../../shared/format.js';
import { message, type AnyMessage } from '../../shared/message.js';

/** A stick sold as 64 GB holds at most 64 × 10⁹ bytes; a larger drive is a 128 GB stick or a disk. */
export const LARGE_DRIVE_BYTES = 64_000_000_000;
/** A stick sold as 4 GB holds 3.7 to 4.0 × 10⁹ bytes; below 3.6 × 10⁹ it is a 2 GB stick or smaller. */
export const SMALL_DRIVE_BYTES = 3_600_000_000;

export type JudgedDrive = DriveFacts & FlashGuid;

/** The backup about to be restored, when one is chosen. */
export interface BackupToRestore {
  /** Bytes the restored drive needs, from the disk planner. */
  readonly neededBytes: number;
  /** The zip's absolute path with symbolic links resolved. */
  readonly zipPath: string;
}

export interface DriveContext {
  /** Null while no backup is chosen: then size is not checked against it. */
  readonly neededBytes: number | null;
  /** True when the backup zip lives on this drive. */
  readonly holdsBackup: boolean;
}

export interface Judgement {
  readonly verdict: DriveVerdict;
  readonly reasons: readonly VerdictReason[];
}

/** Windows compares paths without case and with either slash. */
export type PathStyle = 'posix' | 'win32';

interface Rule {
  readonly code: VerdictReasonCode;
  readonly verdict: VerdictReason['verdict'];
  readonly applies: (drive: JudgedDrive, context: DriveContext) => boolean;
  readonly message: (drive: JudgedDrive, context: DriveContext) => AnyMessage;
}

// Refusals first, then warnings: the order the user reads them in.
const RULES: readonly Rule[] = [
  {
    code: 'system-drive',
    verdict: 'refused',
    applies: (drive) => drive.isSystem,
    message: (drive) => (drive.mountpoints.length > 0 ? message('verdict.system-drive-mounted', { mountpoints: drive.mountpoints.join(', ') }) : message('verdict.system-drive')),
  },
  {
    code: 'virtual-drive',
    verdict: 'refused',
    applies: (drive) => drive.isVirtual,
    message: () => message('verdict.virtual-drive'),
  },
  {
    code: 'read-only',
    verdict: 'refused',
    applies: (drive) => drive.isReadOnly,
    message: () => message('verdict.read-only'),
  },
  {
    code: 'unknown-size',
    verdict: 'refused',
    applies: (drive) => !drive.size,
    message: () => message('verdict.unknown-size'),
  },
  {
    code: 'too-small',
    verdict: 'refused',
    applies: (drive, context) => !!drive.size && context.neededBytes !== null && drive.size < context.neededBytes,
    message: (drive, context) => {
      const sizes = { has: drive.size ?? 0, needs: context.neededBytes ?? 0 };
      // In bytes when rounding would make the two look the same.
      return formatBytes(sizes.has) !== formatBytes(sizes.needs) ? message('verdict.too-small', sizes) : message('verdict.too-small-exact', sizes);
    },
  },
  {
    code: 'holds-backup',
    verdict: 'refused',
    applies: (_drive, context) => context.holdsBackup,
    message: () => message('verdict.holds-backup'),
  },
  {
    code: 'not-usb',
    verdict: 'warning',
    applies: (drive) => !drive.isUSB,
    message: (drive) => message(drive.isRemovable ? 'verdict.not-usb-removable' : 'verdict.not-usb'),
  },
  {
    code: 'larger-than-64gb',
    verdict: 'warning',
    applies: (drive) => (drive.size ?? 0) > LARGE_DRIVE_BYTES,
    message: (drive) => message('verdict.larger-than-64gb', { size: drive.size ?? 0 }),
  },
  {
    code: 'smaller-than-4gb',
    verdict: 'warning',
    applies: (drive) => !!drive.size && drive.size < SMALL_DRIVE_BYTES,
    message: (drive) => message('verdict.smaller-than-4gb', { size: drive.size ?? 0 }),
  },
  {
    code: 'no-guid',
    verdict: 'warning',
    applies: (drive) => drive.isUSB && drive.guid === null,
    message: (drive) => message('verdict.no-guid', { reason: drive.noGuidReason ?? message('guid.no-serial') }),
  },
];

/**
 * The verdict on one drive: refused if any refusal applies (then only the refusals are given: the
 * warnings no longer matter), warning if any warning does, else ok.
 */
export function judgeDrive(drive: JudgedDrive, context: DriveContext): Judgement {
  const reasons = RULES.filter((rule) => rule.applies(drive, context)).map(
    (rule): VerdictReason => ({ code: rule.code, verdict: rule.verdict, message: rule.message(drive, context) }),
  );
  const refusals = reasons.filter((reason) => reason.verdict === 'refused');
  if (refusals.length > 0) return { verdict: 'refused', reasons: refusals };
  return { verdict: reasons.length > 0 ? 'warning' : 'ok', reasons };
}

/** Every drive with its verdict; the drive holding the backup zip is the one whose mount holds it. */
export function judgeDrives(drives: readonly JudgedDrive[], backup: BackupToRestore | null, style: PathStyle): DriveSummary[] {
  const holder = backup ? driveHoldingPath(drives, backup.zipPath, style) : undefined;
  return drives.map((drive) => ({
    ...drive,
    ...judgeDrive(drive, { neededBytes: backup?.neededBytes ?? null, holdsBackup: drive.device === holder }),
  }));
}

/** The drive whose mountpoint holds the path; the deepest mountpoint wins (/mnt/usb over /). */
export function driveHoldingPath(drives: readonly DriveFacts[], path: string, style: PathStyle): string | undefined {
  let holder: { device: string; depth: number } | undefined;
  for (const drive of drives) {
    for (const mountpoint of drive.mountpoints) {
      if (isInside(path, mountpoint, style) && mountpoint.length > (holder?.depth ?? -1)) {
        holder = { device: drive.device, depth: mountpoint.length };
      }
    }
  }
  return holder?.device;
}

function isInside(path: string, mountpoint: string, style: PathStyle): boolean {
  const separator = style === 'win32' ? '\\' : '/';
  const normal = (text: string) => (style === 'win32' ? text.replaceAll('/', '\\').toLowerCase() : text);
  const file = normal(path);
  const mount = normal(mountpoint);
  return file === mount || file.startsWith(mount.endsWith(separator) ? mount : mount + separator);
}
