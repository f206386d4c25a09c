// The FAT32 boot sector (with its BPB) and the FSInfo sector, byte for byte (fatgen103).
import { FAT_COUNT, SECTOR_SIZE, type Fat32Geometry } from './geometry.js';

export const FSINFO_SECTOR = 1;
export const BACKUP_BOOT_SECTOR = 6;
export const ROOT_CLUSTER = 2;
const MEDIA_FIXED_DISK = 0xf8;
// After the BPB, boot code would run: without syslinux the sector just asks the BIOS to try the
// next boot device (int 18h) and halts, rather than executing zeros.
const NO_BOOT_CODE = [0xcd, 0x18, 0xf4, 0xeb, 0xfd];
export const BOOT_CODE_OFFSET = 90;

export interface VolumeIdentity {
  /** 11 bytes once space-padded; the planner validates it. */
  readonly label: string;
  readonly volumeId: number;
  /** The partition's start LBA: FAT32 stores it as "hidden sectors". */
  readonly hiddenSectors: number;
}

export function bootSector(geometry: Fat32Geometry, identity: VolumeIdentity): Buffer {
  const sector = Buffer.alloc(SECTOR_SIZE);
  sector.set([0xeb, 0x58, 0x90], 0);
  sector.write('MSWIN4.1', 3, 'latin1');
  sector.writeUInt16LE(SECTOR_SIZE, 11);
  sector.writeUInt8(geometry.sectorsPerCluster, 13);
  sector.writeUInt16LE(geometry.reservedSectors, 14);
  sector.writeUInt8(FAT_COUNT, 16);
  // 17: root entries, 19: total sectors (16-bit), 22: FAT size (16-bit) stay 0 on FAT32.
  sector.writeUInt8(MEDIA_FIXED_DISK, 21);
  sector.writeUInt16LE(63, 24); // sectors per track
  sector.writeUInt16LE(255, 26); // heads
  sector.writeUInt32LE(identity.hiddenSectors, 28);
  sector.writeUInt32LE(geometry.totalSectors, 32);
  sector.writeUInt32LE(geometry.fatSectors, 36);
  // 40: flags 0 (FATs mirrored), 42: version 0.0
  sector.writeUInt32LE(ROOT_CLUSTER, 44);
  sector.writeUInt16LE(FSINFO_SECTOR, 48);
  sector.writeUInt16LE(BACKUP_BOOT_SECTOR, 50);
  sector.writeUInt8(0x80, 64); // drive number
  sector.writeUInt8(0x29, 66); // extended boot signature: id, label and type follow
  sector.writeUInt32LE(identity.volumeId >>> 0, 67);
  sector.write(identity.label.padEnd(11, ' '), 71, 'latin1');
  sector.write('FAT32   ', 82, 'latin1');
  sector.set(NO_BOOT_CODE, BOOT_CODE_OFFSET);
  sector.writeUInt16LE(0xaa55, 510);
  return sector;
}

/** FSInfo: the free-cluster count and where to look for the next free cluster. */
export function fsInfoSector(freeClusters: number, nextFreeCluster: number): Buffer {
  const sector = Buffer.alloc(SECTOR_SIZE);
  sector.writeUInt32LE(0x41615252, 0);
  sector.writeUInt32LE(0x61417272, 484);
  sector.writeUInt32LE(freeClusters, 488);
  sector.writeUInt32LE(nextFreeCluster, 492);
  sector.writeUInt32LE(0xaa550000, 508);
  return sector;
}
