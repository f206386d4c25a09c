// One macOS or Windows drive described from drivelist's list, for the writer's last check before it
// writes (on Linux, device.ts asks the kernel instead). Pure: describeDevice lists the drives, reads
// the drive's USB identity and its device number, and passes them in.
import { posix, win32 } from 'node:path';
import type { Drive } from 'drivelist';
import type { DeviceDescription } from './device-description.js';
import { DeviceError, partitionError } from './device-error.js';
import { guidOf, type UsbLookup } from './guid.js';
import { factsFromDrivelist } from './list.js';
import { driveHoldingPath } from './verdict.js';
import { message } from '../../shared/message.js';

export type ListedPlatform = 'darwin' | 'win32';

export interface ListedDeviceOptions {
  /** The zip's absolute path, links resolved. */
  readonly backupZipPath?: string;
  readonly platform: ListedPlatform;
  /** What tells this drive from another plugged in in its place: see describeDevice. */
  readonly devNumber: string;
}

const SYSTEM_NAMES: Record<ListedPlatform, string> = { darwin: 'macOS', win32: 'Windows' };

/** The drive at `path` as drivelist lists it, with its GUID, and whether the backup zip is on it. */
export function describeListedDevice(path: string, drives: readonly Drive[], lookup: UsbLookup, options: ListedDeviceOptions): DeviceDescription {
  const drive = findListedDrive(path, drives, options.platform);
  const facts = factsFromDrivelist(drive, lookup.kind === 'usb');
  return {
    ...facts,
    ...guidOf(lookup),
    name: (options.platform === 'win32' ? win32 : posix).basename(drive.device),
    devNumber: options.devNumber,
    raw: drive.raw,
    backingFile: null,
    // drivelist tells where the drive's volumes are mounted, not which partition or filesystem each is.
    inUse: facts.mountpoints.map((mountpoint) => ({ source: drive.device, mountpoint, fstype: '' })),
    holdsBackupZip: options.backupZipPath !== undefined && holderOf(options.backupZipPath, drives, options.platform) === drive.device,
  };
}

/**
 * The listed drive a path names: /dev/diskN or /dev/rdiskN on macOS, \\.\PhysicalDriveN in any case on
 * Windows. Throws a DeviceError for a partition, a path that names no drive, and a drive not listed.
 */
export function findListedDrive(path: string, drives: readonly Drive[], platform: ListedPlatform): Drive {
  const wanted = platform === 'darwin' ? macDiskPath(path) : windowsDrivePath(path);
  const drive = drives.find((listed) => listed.device.toLowerCase() === wanted);
  if (!drive) throw new DeviceError('no-such-device', message('device.not-listed', { path, system: SYSTEM_NAMES[platform] }), path);
  return drive;
}

/**
 * What stands in for the device number on Windows, where \\.\PhysicalDriveN cannot be stat'ed: the
 * path, size and model. drivelist gives no devicePath there, and the PnP instance id stays inside
 * the USB identity query (guid/win32.ts); the GUID, compared beside this, tells sticks of one model apart.
 */
export function windowsDevNumber(drive: Drive): string {
  return `${win32.basename(drive.device)}:${drive.size ?? 0}:${drive.description}`;
}

/** /dev/disk4 for /dev/disk4 and /dev/rdisk4: the whole disk, as drivelist names it. */
function macDiskPath(path: string): string {
  const match = /^\/dev\/r?(disk\d+)((?:s\d+)*)$/u.exec(path);
  if (match?.[1] === undefined) throw notADrive(path, '/dev/disk4');
  const disk = `/dev/${match[1]}`;
  if (match[2]) throw partitionError(path, disk);
  return disk;
}

/** \\.\physicaldrive1, for comparing without case as Windows does. */
function windowsDrivePath(path: string): string {
  if (!/^\\\\\.\\PhysicalDrive\d+$/iu.test(path)) throw notADrive(path, '\\\\.\\PhysicalDrive1');
  return path.toLowerCase();
}

function notADrive(path: string, example: string): DeviceError {
  return new DeviceError('not-a-block-device', message('device.not-a-drive', { path, example }), path);
}

/** The drive whose volume holds the zip; every drive counts, as a volume may be mounted inside another's. */
function holderOf(zipPath: string, drives: readonly Drive[], platform: ListedPlatform): string | undefined {
  const listed = drives.map((drive) => factsFromDrivelist(drive, false));
  return driveHoldingPath(listed, zipPath, platform === 'win32' ? 'win32' : 'posix');
}
