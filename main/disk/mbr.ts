// The master boot record: boot code, disk signature and one active FAT32 (LBA) partition.
import { MBR_BOOT_CODE_BYTES } from '../backup/legacy-boot-files.js';
import { SECTOR_SIZE } from './fat32/geometry.js';

export { MBR_BOOT_CODE_BYTES };
const PARTITION_TABLE_OFFSET = 446;
const ACTIVE = 0x80;
export const PARTITION_TYPE_FAT32_LBA = 0x0c;
// BIOS geometry every tool assumes for LBA disks; addresses beyond cylinder 1023 are written as the maximum.
const HEADS = 255;
const SECTORS_PER_TRACK = 63;
const MAX_CHS = [0xfe, 0xff, 0xff];

export interface MbrSpec {
  readonly partitionStartSector: number;
  readonly partitionSectors: number;
  readonly diskSignature: number;
  /** Up to 440 bytes of boot code (syslinux's mbr.bin); zeros when omitted. */
  readonly bootCode?: Uint8Array;
}

export function masterBootRecord(spec: MbrSpec): Buffer {
  const sector = Buffer.alloc(SECTOR_SIZE);
  if (spec.bootCode) sector.set(spec.bootCode.subarray(0, MBR_BOOT_CODE_BYTES), 0);
  sector.writeUInt32LE(spec.diskSignature >>> 0, MBR_BOOT_CODE_BYTES);
  const entry = PARTITION_TABLE_OFFSET;
  sector.writeUInt8(ACTIVE, entry);
  sector.set(chsAddress(spec.partitionStartSector), entry + 1);
  sector.writeUInt8(PARTITION_TYPE_FAT32_LBA, entry + 4);
  sector.set(chsAddress(spec.partitionStartSector + spec.partitionSectors - 1), entry + 5);
  sector.writeUInt32LE(spec.partitionStartSector, entry + 8);
  sector.writeUInt32LE(spec.partitionSectors, entry + 12);
  sector.writeUInt16LE(0xaa55, 510);
  return sector;
}

/** The legacy cylinder/head/sector form of an LBA, as stored in a partition entry. */
export function chsAddress(lba: number): number[] {
  const cylinder = Math.floor(lba / (HEADS * SECTORS_PER_TRACK));
  if (cylinder > 1023) return MAX_CHS;
  const head = Math.floor(lba / SECTORS_PER_TRACK) % HEADS;
  const sector = (lba % SECTORS_PER_TRACK) + 1;
  return [head, sector | ((cylinder >> 2) & 0xc0), cylinder & 0xff];
}
