// The harness's drives: image files it creates on request, listed and judged like real drives (the
// same verdict rules), with a made-up USB identity so they have a GUID. A test can place an image
// on a small filesystem to make a write fail for real, describe a drive as this computer's own
// disk to see it refused, or give it a USB stick's write speed to watch (and cancel) a write.
// A drive may start out holding an image (an old Unraid flash, for the copy and back-up jobs).
// It opens only its own images for writing, whatever device a job names.
import { copyFile, mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DriveFacts, DriveSummary, FlashGuid } from '../../shared/drives.js';
import type { DriveSource } from '../app-core/drive-source.js';
import type { DriveAccess } from '../app-core/restore-job.js';
import { createImageTarget, TargetError } from '../flash/image-target.js';
import type { Target } from '../flash/target.js';
import { openImageSource, type ClosableByteSource } from '../fat/byte-source.js';
import { deviceAsSource, deviceAsTarget, openImageFileDevice, type ImageFileDevice } from './image-file-device.js';
import { flashGuid, type UsbIdentity } from '../drives/guid.js';
import { judgeDrives, type BackupToRestore } from '../drives/verdict.js';
import { watchDrives, type DriveWatcher } from '../drives/watch.js';

export interface ImageDriveOptions {
  /** Bytes; the file is sparse, so a large drive costs only what is written. */
  readonly size: number;
  readonly description?: string;
  /** The folder for the image file; the harness's own when omitted. */
  readonly directory?: string;
  /** The USB serial number it pretends to have; null for none (then it has no GUID). */
  readonly serial?: string | null;
  readonly isSystem?: boolean;
  readonly isReadOnly?: boolean;
  /** Bytes per second the drive accepts, like a slow USB stick; as fast as the disk when omitted. */
  readonly writeSpeed?: number;
  /** A counterfeit: it claims `size` but its file holds only this many bytes, and every offset wraps onto them. */
  readonly realSize?: number;
  /** An image file the drive starts out holding (an old Unraid flash to copy or back up), copied to its start. */
  readonly holding?: string;
  /** Where the system has its volumes mounted (drive letters on Windows), as the list reports them; none when omitted. */
  readonly mountpoints?: readonly string[];
  /** The mounted volumes' labels, as drivelist gives them on some systems. */
  readonly volumeLabels?: DriveFacts['volumeLabels'];
}

/** How often the list is checked for changes: quicker than a real system's, so tests wait less. */
const POLL_MS = 200;

export class ImageDrives implements DriveSource, DriveAccess {
  private readonly drives = new Map<string, DriveFacts & FlashGuid>();
  private readonly writeSpeeds = new Map<string, number>();
  /** The counterfeits' real sizes. */
  private readonly realSizes = new Map<string, number>();
  private count = 0;

  constructor(private readonly folder: string) {}

  async add(options: ImageDriveOptions): Promise<DriveFacts & FlashGuid> {
    const number = ++this.count;
    const directory = options.directory ?? this.folder;
    await mkdir(directory, { recursive: true });
    const device = join(directory, `drive-${number}.img`);
    if (options.holding) await copyFile(options.holding, device);
    const file = await open(device, options.holding ? 'r+' : 'w');
    await file.truncate(options.realSize ?? options.size).finally(() => file.close());
    const usb: UsbIdentity = { vendorId: 0x0781, productId: 0x5581, serial: options.serial === undefined ? `4C5300${String(number).padStart(2, '0')}0123456789` : options.serial };
    const drive: DriveFacts & FlashGuid = {
      device,
      description: options.description ?? `Test drive ${number}`,
      size: options.size,
      busType: 'USB',
      isUSB: true,
      isRemovable: !options.isSystem,
      isSystem: options.isSystem ?? false,
      isVirtual: false,
      isReadOnly: options.isReadOnly ?? false,
      mountpoints: options.mountpoints ?? [],
      ...(options.volumeLabels === undefined ? {} : { volumeLabels: options.volumeLabels }),
      ...flashGuid(usb),
    };
    this.drives.set(device, drive);
    if (options.writeSpeed) this.writeSpeeds.set(device, options.writeSpeed);
    if (options.realSize !== undefined) this.realSizes.set(device, options.realSize);
    return drive;
  }

  /** Unplugs a drive: it leaves the list and its image is deleted. */
  async remove(device: string): Promise<void> {
    this.drives.delete(device);
    await rm(device, { force: true });
  }

  async openTarget(device: string, size: number): Promise<Target> {
    if (!this.drives.has(device)) throw new TargetError(`${device} is not one of the harness's drives.`);
    const realSize = this.realSizes.get(device);
    const target = realSize === undefined ? await createImageTarget(device, size) : deviceAsTarget(device, await openImageFileDevice(device, size, realSize));
    const speed = this.writeSpeeds.get(device);
    return speed ? paced(target, speed) : target;
  }

  async openSource(device: string): Promise<ClosableByteSource> {
    const realSize = this.realSizes.get(device);
    const size = this.drives.get(device)?.size;
    return realSize === undefined || !size ? openImageSource(device) : deviceAsSource(await openImageFileDevice(device, size, realSize));
  }

  /** The image in place, as its drive maps it: the probe reads the old bytes and puts them back. */
  async openProbeDevice(device: string): Promise<ImageFileDevice> {
    const drive = this.drives.get(device);
    if (!drive?.size) throw new TargetError(`${device} is not one of the harness's drives.`);
    const opened = await openImageFileDevice(device, drive.size, this.realSizes.get(device) ?? drive.size);
    const speed = this.writeSpeeds.get(device);
    return speed ? { ...opened, write: async (bytes, offset) => (await sleep((bytes.length / speed) * 1000), opened.write(bytes, offset)) } : opened;
  }

  watch(backup: BackupToRestore | null, onChange: (drives: readonly DriveSummary[]) => void, onError: (error: unknown) => void): DriveWatcher {
    return watchDrives({
      list: async () => [...this.drives.values()],
      onChange: (drives) => onChange(judgeDrives(drives, backup, 'posix')),
      onError,
      intervalMs: POLL_MS,
    });
  }
}

/** Takes as long over each write as a drive of that speed would. */
function paced(target: Target, bytesPerSecond: number): Target {
  return {
    ...target,
    write: async (bytes, offset) => {
      await sleep((bytes.length / bytesPerSecond) * 1000);
      await target.write(bytes, offset);
    },
  };
}
