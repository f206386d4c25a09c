// Finds the FAT volume on a drive someone else made: in the first FAT partition of an MBR (by the
// copy of its boot sector when that is damaged), or at sector 0 of a "superfloppy" (a stick
// formatted without a partition table). Nothing here asks for the layout Flash Creator writes;
// verify keeps its own stricter checks for that.
import { readBootSector, readFat32BootSector, type BootSectorReading } from './boot-sector.js';
import type { ByteSource } from './byte-source.js';
import { readPartitionTable } from './partition-table.js';
import { FatVolume } from './volume.js';
import type { VolumeReason } from './reasons.js';
import { message, type AnyMessage } from '../../shared/message.js';

export type FoundVolume =
  | { readonly volume: FatVolume; /** 1 to 4; undefined for a superfloppy. */ readonly partition?: number }
  | { readonly problem: VolumeReason };

const SECTOR = 512;
/** Where FAT32 keeps the copy of its boot sector, from the volume's start: the sector fatgen103 recommends and every formatter uses. */
const BACKUP_BOOT_SECTOR = 6;
/** FAT12, FAT16 (<32 MB, >32 MB, LBA), FAT32 (CHS, LBA), and their hidden variants. */
const FAT_PARTITION_TYPES = new Set([0x01, 0x04, 0x06, 0x0b, 0x0c, 0x0e, 0x11, 0x14, 0x16, 0x1b, 0x1c, 0x1e]);

export async function findFatVolume(source: ByteSource): Promise<FoundVolume> {
  if (source.size < SECTOR) return { problem: message('fat.volume.too-small', { size: source.size }) };
  const first = await source.read(0, SECTOR);
  // A boot sector starts with a jump over its parameters (EB xx or E9 xx xx); MBR code does not.
  if (first[0] === 0xeb || first[0] === 0xe9) {
    const reading = readBootSector(first);
    if ('parameters' in reading && reading.parameters.totalSectors * reading.parameters.bytesPerSector <= source.size) {
      return { volume: new FatVolume(source, 0, reading.parameters) };
    }
  }
  const table = readPartitionTable(first);
  if (!table.hasSignature) return { problem: message('fat.volume.no-signature') };
  const candidates = table.partitions.filter((partition) => FAT_PARTITION_TYPES.has(partition.type));
  if (candidates.length === 0) {
    const types = table.partitions.map((partition) => message('problem.detail.name', { name: `0x${partition.type.toString(16).padStart(2, '0')}` }));
    return { problem: types.length === 0 ? message('fat.volume.empty-table') : message('fat.volume.no-fat-partition', { types }) };
  }
  const problems: AnyMessage[] = [];
  for (const partition of candidates) {
    const offset = partition.startSector * SECTOR;
    if (offset + SECTOR > source.size) {
      problems.push(message('fat.volume.partition-past-end', { partition: partition.number }));
      continue;
    }
    const reading = await bootSectorOrItsBackup(source, offset);
    if ('problem' in reading) {
      problems.push(message('fat.volume.partition-problem', { partition: partition.number, reason: reading.problem }));
      continue;
    }
    const { totalSectors, bytesPerSector } = reading.parameters;
    if (offset + totalSectors * bytesPerSector > source.size) {
      problems.push(message('fat.volume.volume-past-end', { partition: partition.number, sectors: totalSectors }));
      continue;
    }
    return { volume: new FatVolume(source, offset, reading.parameters), partition: partition.number };
  }
  return { problem: message('fat.volume.none-readable', { problems }) };
}

/**
 * The partition's boot sector; when it cannot be read as one (zeroed, overwritten), FAT32's copy
 * of it, if that is a whole FAT32 boot sector that names itself the copy.
 */
async function bootSectorOrItsBackup(source: ByteSource, offset: number): Promise<BootSectorReading> {
  const reading = readBootSector(await source.read(offset, SECTOR));
  const backupAt = offset + BACKUP_BOOT_SECTOR * SECTOR;
  if (!('problem' in reading) || backupAt + SECTOR > source.size) return reading;
  const backup = readFat32BootSector(await source.read(backupAt, SECTOR));
  return 'parameters' in backup && backup.parameters.backupBootSector === BACKUP_BOOT_SECTOR ? backup : reading;
}
