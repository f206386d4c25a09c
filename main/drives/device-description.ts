// What the checks before a write know about one drive: read from the kernel on Linux (device.ts),
// from drivelist's list on macOS and Windows (listed-device.ts).
import type { DriveFacts, FlashGuid } from '../../shared/drives.js';

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
    /** "major:minor", which stays the same while the drive stays plugged in; on Windows see windowsDevNumber. */
    readonly devNumber: string;
    /** The file a loop device reads and writes; null for other devices. */
    readonly backingFile: string | null;
    readonly inUse: readonly DeviceUse[];
    /** True when the backup zip lives on a filesystem of this drive. */
    readonly holdsBackupZip: boolean;
    /** The path to open in place of `device`: /dev/rdisk4 on macOS. */
    readonly raw?: string;
  };
