// A whole drive as a write target and as a byte source for verify, through etcher-sdk's BlockDevice:
// it unmounts the drive's volumes (mountutils; diskpart on Windows), opens the raw device with
// O_DIRECT and O_EXCL, and unmounts again at the end. Transient errors (EIO, EBUSY) are retried as
// etcher does; one that persists, or a short write, ends the write with the amount written so far.
import { createRequire } from 'node:module';
import { errors, sourceDestination } from 'etcher-sdk';
import type { ByteSource } from '../fat/byte-source.js';
import type { Target } from './target.js';

/** The drive as the user confirmed it and the re-check found it. */
export interface DriveToOpen {
  /** /dev/sdb; on macOS the raw /dev/rdiskN is opened in its place. */
  readonly device: string;
  readonly raw?: string;
  readonly description: string;
  readonly size: number;
}

/** The few operations the target needs from the device; tests wrap them to inject faults. */
export interface RawDevice {
  /** Writes `length` bytes of an aligned buffer; returns how many the system took. */
  write(buffer: Buffer, length: number, offset: number): Promise<number>;
  read(buffer: Buffer, length: number, offset: number): Promise<number>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface BlockDeviceOptions {
  /** Read-only for verify: no unmount, no exclusive open. */
  readonly write: boolean;
  /** Between the target and the device (fault injection in tests). */
  readonly wrapDevice?: (device: RawDevice) => RawDevice;
}

export type DeviceTarget = Target & ByteSource;

/** The write that failed and how much had been written before it. */
export class DriveStoppedError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly bytesWritten: number,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'DriveStoppedError';
  }
}

// O_DIRECT needs the buffer's address, offset and length aligned; 4 KiB suits every logical
// block size. Node's buffers are not aligned, so data passes through aligned staging buffers.
const ALIGNMENT = 4096;
const STAGING_BYTES = 4 * 1024 * 1024;
const RETRIES = 5;
const RETRY_BASE_MS = 100;

const directIo = createRequire(import.meta.url)('@ronomon/direct-io') as { getAlignedBuffer(size: number, alignment: number): Buffer };

/** etcher-sdk's BlockDevice, plus the fsync it does not offer. */
class SyncableBlockDevice extends sourceDestination.BlockDevice {
  sync(): Promise<void> {
    return this.fileHandle.sync();
  }
}

export async function openBlockDevice(drive: DriveToOpen, options: BlockDeviceOptions): Promise<DeviceTarget> {
  const device = new SyncableBlockDevice({
    drive: drivelistDrive(drive),
    write: options.write,
    direct: true,
    // Unmount again when done: the desktop may mount the new UNRAID volume as soon as it appears.
    unmountOnSuccess: options.write,
  });
  await device.open();
  const raw: RawDevice = {
    write: async (buffer, length, offset) => (await device.write(buffer, 0, length, offset)).bytesWritten,
    read: async (buffer, length, offset) => (await device.read(buffer, 0, length, offset)).bytesRead,
    sync: () => device.sync(),
    close: () => device.close(),
  };
  return deviceTarget(drive, options.wrapDevice ? options.wrapDevice(raw) : raw);
}

/** The target over a raw device: aligned staging, retries, short writes and failures named. */
export function deviceTarget(drive: DriveToOpen, device: RawDevice): DeviceTarget {
  const staging: Buffer[] = [];
  const takeStaging = (): Buffer => staging.pop() ?? directIo.getAlignedBuffer(STAGING_BYTES, ALIGNMENT);
  let bytesWritten = 0;
  const description = `the drive ${drive.device}`;

  const writeChunk = async (bytes: Uint8Array, offset: number): Promise<void> => {
    const buffer = takeStaging();
    try {
      buffer.set(bytes);
      const taken = await errors.retryOnTransientError(() => device.write(buffer, bytes.length, offset), RETRIES, RETRY_BASE_MS);
      if (taken !== bytes.length) {
        throw new DriveStoppedError(
          `${description} took only ${taken} of ${bytes.length} bytes at ${megabytes(offset)} (a short write) after ${megabytes(bytesWritten)} written`,
          offset,
          bytesWritten,
        );
      }
      bytesWritten += bytes.length;
    } catch (error) {
      if (error instanceof DriveStoppedError) throw error;
      throw new DriveStoppedError(
        `${description} stopped responding after ${megabytes(bytesWritten)} written (the write at ${megabytes(offset)} failed: ${detailOf(error)})`,
        offset,
        bytesWritten,
        { cause: error },
      );
    } finally {
      staging.push(buffer);
    }
  };

  return {
    description,
    size: drive.size,
    unwrittenReadsAsZero: false,
    async write(bytes, offset) {
      for (let done = 0; done < bytes.length; done += STAGING_BYTES) {
        await writeChunk(bytes.subarray(done, done + STAGING_BYTES), offset + done);
      }
    },
    flush: () => device.sync(),
    close: () => device.close(),
    async read(offset, length, into) {
      // Zeroed: a short read or the end of the drive leaves part of it unread.
      const result = into ? into.subarray(0, length).fill(0) : Buffer.alloc(length);
      const start = Math.floor(offset / ALIGNMENT) * ALIGNMENT;
      const end = Math.min(Math.ceil((offset + length) / ALIGNMENT) * ALIGNMENT, drive.size);
      const buffer = takeStaging();
      try {
        for (let at = start; at < end; at += STAGING_BYTES) {
          const count = Math.min(STAGING_BYTES, end - at);
          const got = await errors.retryOnTransientError(() => device.read(buffer, count, at), RETRIES, RETRY_BASE_MS);
          // The part of this chunk that falls inside the requested range.
          const from = Math.max(offset, at);
          const to = Math.min(offset + length, at + got);
          if (to > from) buffer.copy(result, from - offset, from - at, to - at);
        }
      } finally {
        staging.push(buffer);
      }
      return result;
    },
  };
}

/** "412.3 MB": decimal megabytes, as the rest of the app counts sizes. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function detailOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  // etcher-sdk marks an error that outlived its retries as EUNPLUGGED.
  return code === 'EUNPLUGGED' ? `${error.message}; retried ${RETRIES} times, the drive may have been unplugged` : error.message;
}

/** The drivelist-shaped object BlockDevice wants; only device, raw, size and read-only matter to it. */
function drivelistDrive(drive: DriveToOpen): ConstructorParameters<typeof sourceDestination.BlockDevice>[0]['drive'] {
  return {
    device: drive.device,
    raw: drive.raw ?? drive.device,
    description: drive.description,
    size: drive.size,
    blockSize: ALIGNMENT,
    logicalBlockSize: ALIGNMENT,
    isReadOnly: false,
    mountpoints: [],
    busType: 'UNKNOWN',
    busVersion: null,
    devicePath: null,
    enumerator: '',
    error: null,
    isCard: null,
    isRemovable: true,
    isSCSI: null,
    isSystem: false,
    isUAS: null,
    isUSB: null,
    isVirtual: null,
    partitionTableType: null,
  };
}
