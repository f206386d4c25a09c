// One drive described by its path, for the privileged writer to check, just before it writes, that
// the target is still the drive the user chose and safe to write. On Linux from the kernel itself
// (sysfs, /proc), whether drivelist lists it or not (it leaves out loop devices); on macOS and
// Windows from drivelist's list (listed-device.ts).
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { list as listSystemDrives } from 'drivelist';
import { guidOf } from './guid.js';
import { readLinuxUsbIdentity } from './guid/linux.js';
import { readUsbIdentities } from './list.js';
import { describeListedDevice, findListedDrive, windowsDevNumber, type ListedPlatform } from './listed-device.js';
import { devNumberOf, mountHolding, parseMountInfo, parseSwapPartitions, type MountEntry } from './mounts.js';
import { isMissing, readAttribute, realpathIfExists } from './files.js';
import { DeviceError, partitionError } from './device-error.js';
import type { DeviceDescription, DeviceUse } from './device-description.js';
import { message } from '../../shared/message.js';

export { DeviceError, type DeviceErrorCode } from './device-error.js';
export type { DeviceDescription, DeviceUse } from './device-description.js';

export interface DescribeDeviceOptions {
  readonly backupZipPath?: string;
  /** Where sysfs is: /sys, or a recorded tree in tests (the USB identity still comes from the system). */
  readonly sysRoot?: string;
  /** The system to describe the device as: this one, or another in tests. */
  readonly platform?: NodeJS.Platform;
}

const SYSTEM_MOUNTPOINTS = new Set(['/', '/boot', '/boot/efi', '/efi', '/usr', '/var', '/home']);
const SWAP = '[SWAP]';
const SECTOR_BYTES = 512;

export async function describeDevice(path: string, options: DescribeDeviceOptions = {}): Promise<DeviceDescription> {
  const platform = options.platform ?? process.platform;
  if (platform === 'linux') return describeLinuxDevice(path, options);
  if (platform === 'darwin' || platform === 'win32') return describeSystemListedDevice(path, platform, options);
  throw new DeviceError('unreadable', message('device.unsupported-platform', { path, platform }), path);
}

/** A macOS dev_t as "major:minor": the major in its top 8 bits, the minor in the low 24 (<sys/types.h>). */
export function darwinDevNumberOf(dev: bigint): string {
  return `${(dev >> 24n) & 0xffn}:${dev & 0xffffffn}`;
}

async function describeSystemListedDevice(path: string, platform: ListedPlatform, options: DescribeDeviceOptions): Promise<DeviceDescription> {
  const drives = await listSystemDrives();
  const drive = findListedDrive(path, drives, platform);
  const lookup = (await readUsbIdentities([drive.device], platform)).get(drive.device) ?? { kind: 'not-usb' };
  // /dev/diskN is a block device on macOS; Windows cannot stat \\.\PhysicalDriveN (see windowsDevNumber).
  const devNumber = platform === 'darwin' ? darwinDevNumberOf(await blockDeviceNumber(drive.device)) : windowsDevNumber(drive);
  const backupZipPath = options.backupZipPath === undefined ? undefined : await realOrAbsolute(options.backupZipPath);
  return describeListedDevice(path, drives, lookup, { backupZipPath, platform, devNumber });
}

async function describeLinuxDevice(path: string, options: DescribeDeviceOptions): Promise<DeviceDescription> {
  const sysRoot = options.sysRoot ?? '/sys';
  const devNumber = devNumberOf(await blockDeviceNumber(path));
  const sysDir = await realpathIfExists(join(sysRoot, 'dev', 'block', devNumber));
  if (!sysDir) {
    throw new DeviceError('no-such-device', message('device.gone', { path, device: devNumber }), path);
  }
  const name = basename(sysDir);
  if ((await readAttribute(sysDir, 'partition')) !== undefined) throw partitionError(path, `/dev/${basename(dirname(sysDir))}`);

  const lookup = await readLinuxUsbIdentity(`/dev/${name}`);
  const isVirtual = sysDir.startsWith(join(await realpath(sysRoot), 'devices', 'virtual') + '/');
  const isRemovable = (await readAttribute(sysDir, 'removable')) === '1' || lookup.kind === 'usb';
  const backingFile = (await readAttribute(sysDir, 'loop/backing_file')) ?? null;
  const family = await devicesBuiltOn(sysDir);
  const mounts = await mountsWithDevices();
  const inUse = [...mountsOn(family, mounts), ...(await swapsOn(family))];
  const zipPath = options.backupZipPath === undefined ? undefined : await realOrAbsolute(options.backupZipPath);
  const zipMount = zipPath === undefined ? undefined : mountHolding(mounts.map(({ mount }) => mount), zipPath);

  return {
    device: `/dev/${name}`,
    description: backingFile ? `Loop device backed by ${backingFile}` : await modelOf(sysDir),
    // 0 when there is no medium (an empty card reader): unknown, as drivelist has it.
    size: Number((await readAttribute(sysDir, 'size')) ?? 0) * SECTOR_BYTES || null,
    busType: lookup.kind === 'usb' ? 'USB' : isVirtual ? 'VIRTUAL' : 'UNKNOWN',
    isUSB: lookup.kind === 'usb',
    isRemovable,
    // As drivelist judges: a fixed physical disk is a system disk; so is any drive the system runs from.
    isSystem: inUse.some((use) => SYSTEM_MOUNTPOINTS.has(use.mountpoint) || use.mountpoint === SWAP) || (!isRemovable && !isVirtual),
    isVirtual,
    isReadOnly: (await readAttribute(sysDir, 'ro')) === '1',
    mountpoints: inUse.map((use) => use.mountpoint),
    ...guidOf(lookup),
    name,
    devNumber,
    backingFile,
    inUse,
    holdsBackupZip: mounts.some(({ mount, device }) => mount === zipMount && family.has(device)),
  };
}

/** The path's device number (a dev_t), or why it is not a block device. */
async function blockDeviceNumber(path: string): Promise<bigint> {
  let info;
  try {
    info = await stat(path, { bigint: true });
  } catch (error) {
    if (isMissing(error)) throw new DeviceError('no-such-device', message('device.missing', { path }), path);
    throw new DeviceError('unreadable', message('device.unreadable', { path, detail: (error as Error).message }), path);
  }
  if (!info.isBlockDevice()) {
    const kind = info.isFile() ? 'file' : info.isDirectory() ? 'folder' : info.isCharacterDevice() ? 'character-device' : 'other';
    throw new DeviceError('not-a-block-device', message('device.not-a-block-device', { path, kind: message(`device.kind.${kind}`) }), path);
  }
  return info.rdev;
}

/** Device numbers of the drive, its partitions, and whatever is built on them (LVM, RAID, crypt). */
async function devicesBuiltOn(sysDir: string): Promise<Set<string>> {
  const numbers = new Set<string>();
  const visit = async (dir: string): Promise<void> => {
    const number = await readAttribute(dir, 'dev');
    if (number === undefined || numbers.has(number)) return;
    numbers.add(number);
    for (const holder of await entries(join(dir, 'holders'))) await visit(await realpath(join(dir, 'holders', holder)));
  };
  await visit(sysDir);
  for (const entry of await entries(sysDir)) {
    if ((await readAttribute(join(sysDir, entry), 'partition')) !== undefined) await visit(join(sysDir, entry));
  }
  return numbers;
}

/** A mount with the device number of its filesystem's block device ('' when it has none). */
interface DeviceMount {
  readonly mount: MountEntry;
  readonly device: string;
}

async function mountsWithDevices(): Promise<DeviceMount[]> {
  const mounts = parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));
  return Promise.all(
    mounts.map(async (mount) => {
      // btrfs and some others show an anonymous 0:N here; their source still names the block device.
      if (!mount.devNumber.startsWith('0:')) return { mount, device: mount.devNumber };
      return { mount, device: (await blockDevNumberOrNone(mount.source)) ?? '' };
    }),
  );
}

async function swapsOn(family: ReadonlySet<string>): Promise<DeviceUse[]> {
  const uses: DeviceUse[] = [];
  for (const partition of parseSwapPartitions(await readFile('/proc/swaps', 'utf8'))) {
    const number = await blockDevNumberOrNone(partition);
    if (number !== undefined && family.has(number)) uses.push({ source: partition, mountpoint: SWAP, fstype: 'swap' });
  }
  return uses;
}

async function blockDevNumberOrNone(path: string): Promise<string | undefined> {
  if (!path.startsWith('/')) return undefined;
  try {
    const info = await stat(path, { bigint: true });
    return info.isBlockDevice() ? devNumberOf(info.rdev) : undefined;
  } catch {
    return undefined;
  }
}

function mountsOn(family: ReadonlySet<string>, mounts: readonly DeviceMount[]): DeviceUse[] {
  return mounts
    .filter(({ device }) => family.has(device))
    .map(({ mount }) => ({ source: mount.source, mountpoint: mount.mountpoint, fstype: mount.fstype }));
}

/** "SanDisk Ultra Fit" from the SCSI vendor and model, or the model alone (NVMe). */
async function modelOf(sysDir: string): Promise<string> {
  const vendor = (await readAttribute(sysDir, 'device/vendor')) ?? '';
  const model = (await readAttribute(sysDir, 'device/model')) ?? '';
  return `${vendor.trim()} ${model.trim()}`.trim();
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

async function realOrAbsolute(path: string): Promise<string> {
  return (await realpathIfExists(path)) ?? resolve(path);
}
