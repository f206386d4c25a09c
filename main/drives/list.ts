// The drive list: drivelist's drives, each with its Unraid GUID (read from the system's USB tree) and
// its verdict; and a watcher that lists them again when a drive comes, goes or changes.
import { resolve } from 'node:path';
import { list as listSystemDrives, type Drive } from 'drivelist';
import type { DriveFacts, DriveSummary } from '../../shared/drives.js';
import { guidOf, lookupEach, type UsbLookup } from './guid.js';
import { readDarwinUsbIdentities } from './guid/darwin.js';
import { readLinuxUsbIdentities } from './guid/linux.js';
import { readWindowsUsbIdentities } from './guid/win32.js';
import { realpathIfExists } from './files.js';
import { judgeDrives, type BackupToRestore, type PathStyle } from './verdict.js';
import { watchDrives, type DriveWatcher } from './watch.js';

/** Looks up the USB identity of each device path at once (one ioreg or PowerShell run for all). */
export type UsbIdentityQuery = (devices: readonly string[]) => Promise<Map<string, UsbLookup>>;

const USB_IDENTITY_QUERIES: Partial<Record<NodeJS.Platform, UsbIdentityQuery>> = {
  linux: readLinuxUsbIdentities,
  darwin: readDarwinUsbIdentities,
  win32: readWindowsUsbIdentities,
};

const PATH_STYLE: PathStyle = process.platform === 'win32' ? 'win32' : 'posix';

export interface DescribeOptions {
  /** The backup about to be restored; its zip path need not be resolved yet. */
  readonly backup?: BackupToRestore | null;
  readonly usbIdentities?: UsbIdentityQuery;
  readonly pathStyle?: PathStyle;
}

/** Every drive drivelist sees, with GUID and verdict. */
export async function listDrives(backup: BackupToRestore | null = null): Promise<DriveSummary[]> {
  return describeDrives(await listSystemDrives(), { backup });
}

/** drivelist's drives with their GUIDs and verdicts. */
export async function describeDrives(drives: readonly Drive[], options: DescribeOptions = {}): Promise<DriveSummary[]> {
  const query = options.usbIdentities ?? readUsbIdentities;
  const lookups = await query(drives.map((drive) => drive.device));
  const judged = drives.map((drive) => {
    const lookup = lookups.get(drive.device) ?? { kind: 'not-usb' };
    return { ...factsFromDrivelist(drive, lookup.kind === 'usb'), ...guidOf(lookup) };
  });
  return judgeDrives(judged, await resolvedBackup(options.backup ?? null), options.pathStyle ?? PATH_STYLE);
}

/** Reports the described list at once, then whenever drivelist's list changes (within ~1 s). */
export function watchDriveList(
  onChange: (drives: readonly DriveSummary[]) => void,
  onError: (error: unknown) => void,
  backup: BackupToRestore | null = null,
): DriveWatcher {
  return watchDrives({
    list: listSystemDrives,
    onChange: async (drives) => onChange(await describeDrives(drives, { backup })),
    onError,
  });
}

/** drivelist's view of a drive; usbFound: the system's USB tree has a USB device above it. */
export function factsFromDrivelist(drive: Drive, usbFound: boolean): DriveFacts {
  return {
    device: drive.device,
    description: drive.description,
    size: drive.size,
    busType: drive.busType,
    isUSB: drive.isUSB === true || usbFound,
    isRemovable: drive.isRemovable,
    isSystem: drive.isSystem,
    isVirtual: drive.isVirtual === true,
    isReadOnly: drive.isReadOnly,
    mountpoints: drive.mountpoints.map((mountpoint) => mountpoint.path),
    volumeLabels: drive.mountpoints.map((mountpoint) => ({ mountpoint: mountpoint.path, label: mountpoint.label ?? null })),
  };
}

/** The USB identity of each device, by the query of this system (or of the platform given). */
export function readUsbIdentities(devices: readonly string[], platform: NodeJS.Platform = process.platform): Promise<Map<string, UsbLookup>> {
  const query = USB_IDENTITY_QUERIES[platform];
  if (query) return query(devices);
  return lookupEach(devices, () => ({ kind: 'unreadable', reason: `USB identities are not read on ${platform}` }));
}

/** The zip's real path, so a link to it still names the drive it is on. */
async function resolvedBackup(backup: BackupToRestore | null): Promise<BackupToRestore | null> {
  return backup && { ...backup, zipPath: (await realpathIfExists(backup.zipPath)) ?? resolve(backup.zipPath) };
}
