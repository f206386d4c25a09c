// One Linux device described by its path, from the kernel itself (sysfs, /proc), whether drivelist
// lists it or not (it leaves out loop devices). The privileged writer calls this to check, just
// before it writes, that the target is still the drive the user chose and safe to write.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { DriveFacts, FlashGuid } from '../../shared/drives.js';
import { guidOf } from './guid.js';
import { readLinuxUsbIdentity } from './guid/linux.js';
import { devNumberOf, mountHolding, parseMountInfo, parseSwapPartitions, type MountEntry } from './mounts.js';
import { isMissing, readAttribute, realpathIfExists } from './files.js';

export type DeviceErrorCode = 'no-such-device' | 'not-a-block-device' | 'partition' | 'unreadable';

/** Why a path cannot be described as a drive, in a sentence that names it. */
export class DeviceError extends Error {
  constructor(
    readonly code: DeviceErrorCode,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'DeviceError';
  }
}

/** A filesystem or swap area in use from the drive, one of its partitions or a device built on them. */
export interface DeviceUse {
  readonly source: string;
  /** Where it is mounted; "[SWAP]" for swap, as lsblk writes it. */
  readonly mountpoint: string;
  readonly fstype: string;
}

export type DeviceDescription = DriveFacts &
  FlashGuid & {
    /** The kernel's name: sdb, loop3. */
    readonly name: string;
    /** "major:minor", which stays the same while the drive stays plugged in. */
    readonly devNumber: string;
    /** The file a loop device reads and writes; null for other devices. */
    readonly backingFile: string | null;
    readonly inUse: readonly DeviceUse[];
    /** True when the backup zip lives on a filesystem of this drive. */
    readonly holdsBackupZip: boolean;
  };

export interface DescribeDeviceOptions {
  readonly backupZipPath?: string;
  /** Where sysfs is: /sys, or a recorded tree in tests (the USB identity still comes from the system). */
  readonly sysRoot?: string;
}

const SYSTEM_MOUNTPOINTS = new Set(['/', '/boot', '/boot/efi', '/efi', '/usr', '/var', '/home']);
const SWAP = '[SWAP]';
const SECTOR_BYTES = 512;

export async function describeDevice(path: string, options: DescribeDeviceOptions = {}): Promise<DeviceDescription> {
  const sysRoot = options.sysRoot ?? '/sys';
  const devNumber = await blockDevNumber(path);
  const sysDir = await realpathIfExists(join(sysRoot, 'dev', 'block', devNumber));
  if (!sysDir) {
    throw new DeviceError('no-such-device', `${path} is device ${devNumber}, which the kernel no longer has: was the drive unplugged?`, path);
  }
  const name = basename(sysDir);
  if ((await readAttribute(sysDir, 'partition')) !== undefined) {
    const disk = `/dev/${basename(dirname(sysDir))}`;
    throw new DeviceError('partition', `${path} is a partition of ${disk}: choose the whole drive, ${disk}.`, path);
  }

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

/** The path's device number, or why it is not a block device. */
async function blockDevNumber(path: string): Promise<string> {
  let info;
  try {
    info = await stat(path, { bigint: true });
  } catch (error) {
    if (isMissing(error)) throw new DeviceError('no-such-device', `${path} does not exist.`, path);
    throw new DeviceError('unreadable', `${path} cannot be read: ${(error as Error).message}`, path);
  }
  if (!info.isBlockDevice()) {
    const kind = info.isFile() ? 'a regular file' : info.isDirectory() ? 'a folder' : info.isCharacterDevice() ? 'a character device' : 'not a drive';
    throw new DeviceError('not-a-block-device', `${path} is ${kind}, not a block device: name a whole drive, such as /dev/sdb.`, path);
  }
  return devNumberOf(info.rdev);
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
