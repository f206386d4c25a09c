// A whole drive as a write target and as a byte source for verify, through etcher-sdk's BlockDevice:
// it unmounts the drive's volumes (mountutils; diskpart on Windows), opens the raw device with
// O_DIRECT and O_EXCL, and unmounts again at the end. Transient errors (EIO, EBUSY) are retried as
// etcher does; one that persists, or a short write, ends the write with the amount written so far.
import { createRequire } from 'node:module';
import type * as ErrorsModule from 'etcher-sdk/build/errors.js';
import type * as BlockDeviceModule from 'etcher-sdk/build/source-destination/block-device.js';
import { alignUp } from '../disk/align.js';
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

const require = createRequire(import.meta.url);
const directIo = require('@ronomon/direct-io') as { getAlignedBuffer(size: number, alignment: number): Buffer };
// Only the two etcher-sdk modules used: its index loads every kind of source it knows (compressed
// images, HTTP, USB boot, …), which cost the writer 38 MB of memory (VmHWM 81 MB against 43 MB for
// Node alone, measured importing each). `require` also spares the ES module loader's CommonJS
// export scan, another 9-11 MB the first time an ES module imports a CommonJS one.
const { BlockDevice } = require('etcher-sdk/build/source-destination/block-device.js') as typeof BlockDeviceModule;
const { retryOnTransientError } = require('etcher-sdk/build/errors.js') as typeof ErrorsModule;

/** etcher-sdk's BlockDevice, plus the fsync and fstat it does not offer. */
class SyncableBlockDevice extends BlockDevice {
  sync(): Promise<void> {
    return this.fileHandle.sync();
  }

  async rdev(): Promise<bigint> {
    return (await this.fileHandle.stat({ bigint: true })).rdev;
  }
}

/** A drive opened once: the device its descriptor really is, and targets that share that descriptor. */
export interface OpenedDrive {
  /** The device number (dev_t) of what was opened, from the descriptor itself, not from the path. */
  readonly rdev: bigint;
  /** The drive as a write target and byte source; closing it leaves the descriptor open for the next. */
  target(wrapDevice?: (device: RawDevice) => RawDevice): DeviceTarget;
  close(): Promise<void>;
}

export async function openDrive(drive: DriveToOpen, options: { readonly write: boolean }): Promise<OpenedDrive> {
  const device = new SyncableBlockDevice({
    drive: drivelistDrive(drive),
    write: options.write,
    direct: true,
    // Unmounting again when done is for macOS only, which mounts a drive's volumes as soon as a
    // descriptor on it that wrote is closed: etcher-sdk then waits 2 s before it unmounts, or the
    // volume would be mounted again right after. Linux and Windows mount nothing on close (and
    // nothing can mount the drive while the job holds it open exclusively, verify included).
    unmountOnSuccess: options.write && process.platform === 'darwin',
  });
  await device.open();
  let rdev: bigint;
  try {
    rdev = await device.rdev();
  } catch (error) {
    await device.close();
    throw error;
  }
  const raw: RawDevice = {
    write: async (buffer, length, offset) => (await device.write(buffer, 0, length, offset)).bytesWritten,
    read: async (buffer, length, offset) => (await device.read(buffer, 0, length, offset)).bytesRead,
    sync: () => device.sync(),
    close: async () => undefined,
  };
  return {
    rdev,
    target: (wrapDevice) => deviceTarget(drive, wrapDevice ? wrapDevice(raw) : raw),
    close: () => device.close(),
  };
}

/** The drive opened for one use: the target closes the descriptor. */
export async function openBlockDevice(drive: DriveToOpen, options: BlockDeviceOptions): Promise<DeviceTarget> {
  const opened = await openDrive(drive, options);
  const target = opened.target(options.wrapDevice);
  return { ...target, close: () => opened.close() };
}

/** The target over a raw device: aligned staging, retries, short writes and failures named. */
export function deviceTarget(drive: DriveToOpen, device: RawDevice): DeviceTarget {
  const staging: Buffer[] = [];
  const takeStaging = (): Buffer => staging.pop() ?? directIo.getAlignedBuffer(STAGING_BYTES, ALIGNMENT);
  // Buffers handed out aligned, by where their aligned start lies: writes from them need no staging copy.
  const alignedStarts = new WeakMap<ArrayBufferLike, number>();
  const isAligned = (bytes: Uint8Array): boolean => {
    const start = alignedStarts.get(bytes.buffer);
    return start !== undefined && (bytes.byteOffset - start) % ALIGNMENT === 0 && bytes.length % ALIGNMENT === 0;
  };
  let bytesWritten = 0;
  const description = `the drive ${drive.device}`;

  const writeChunk = async (bytes: Uint8Array, offset: number): Promise<void> => {
    const direct = isAligned(bytes);
    const buffer = direct ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) : takeStaging();
    try {
      if (!direct) buffer.set(bytes);
      const taken = await retryOnTransientError(() => device.write(buffer, bytes.length, offset), RETRIES, RETRY_BASE_MS);
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
      if (!direct) staging.push(buffer);
    }
  };

  return {
    description,
    size: drive.size,
    unwrittenReadsAsZero: false,
    allocateBuffer(bytes) {
      const buffer = directIo.getAlignedBuffer(alignUp(bytes, ALIGNMENT), ALIGNMENT).subarray(0, bytes);
      alignedStarts.set(buffer.buffer, buffer.byteOffset);
      return buffer;
    },
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
          const got = await retryOnTransientError(() => device.read(buffer, count, at), RETRIES, RETRY_BASE_MS);
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
function drivelistDrive(drive: DriveToOpen): ConstructorParameters<typeof BlockDevice>[0]['drive'] {
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
