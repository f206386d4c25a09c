// Reads a FAT boot sector (BPB) on its own terms: every field checked, nothing taken from the
// planner that wrote it. The FAT type follows from the cluster count alone, as fatgen103 says:
// fewer than 4085 clusters is FAT12, fewer than 65 525 FAT16, else FAT32.
import { message } from '../../shared/message.js';
import type { BootSectorReason } from './reasons.js';

export type FatType = 12 | 16 | 32;

export interface FatParameters {
  readonly fatType: FatType;
  readonly bytesPerSector: number;
  readonly sectorsPerCluster: number;
  readonly reservedSectors: number;
  readonly fatCount: number;
  /** Sectors of one FAT. */
  readonly fatSectors: number;
  readonly totalSectors: number;
  /** FAT32: the root folder's first cluster. FAT12/16: 0 (the root is a fixed region). */
  readonly rootCluster: number;
  /** FAT12/16: entries of the fixed root region; 0 on FAT32. */
  readonly rootEntryCount: number;
  /** FAT12/16: sector of the fixed root region, from the volume start. */
  readonly rootDirectorySector: number;
  /** FAT32 only (0 on FAT12/16). */
  readonly fsInfoSector: number;
  readonly backupBootSector: number;
  /** 0 when the boot sector has no extended signature. */
  readonly volumeId: number;
  /** The label field (11 bytes), trailing spaces removed; '' when there is no extended signature. */
  readonly label: string;
  /** Sector of cluster 2, from the volume start. */
  readonly dataStartSector: number;
  readonly clusterCount: number;
}

export type Fat32Parameters = FatParameters & { readonly fatType: 32 };

export type BootSectorReading = { readonly parameters: FatParameters } | { readonly problem: BootSectorReason };
export type Fat32BootSectorReading = { readonly parameters: Fat32Parameters } | { readonly problem: BootSectorReason };

const MIN_FAT16_CLUSTERS = 4_085;
const MIN_FAT32_CLUSTERS = 65_525;
const EXTENDED_SIGNATURE = 0x29;
/** Bits of an entry for each FAT type. */
const ENTRY_BITS: Record<FatType, number> = { 12: 12, 16: 16, 32: 32 };

/** A FAT12, FAT16 or FAT32 volume's boot sector. */
export function readBootSector(sector: Buffer): BootSectorReading {
  const basic = basicProblem(sector);
  if (basic) return { problem: basic };
  const bytesPerSector = sector.readUInt16LE(11);
  const sectorsPerCluster = sector.readUInt8(13);
  const reservedSectors = sector.readUInt16LE(14);
  const fatCount = sector.readUInt8(16);
  const rootEntryCount = sector.readUInt16LE(17);
  const totalSectors = sector.readUInt16LE(19) || sector.readUInt32LE(32);
  const fatSectors = sector.readUInt16LE(22) || sector.readUInt32LE(36);
  if (fatSectors === 0) return { problem: message('fat.boot.no-fat-size') };
  const rootDirectorySectors = Math.ceil((rootEntryCount * 32) / bytesPerSector);
  const rootDirectorySector = reservedSectors + fatCount * fatSectors;
  const dataStartSector = rootDirectorySector + rootDirectorySectors;
  if (totalSectors <= dataStartSector) return { problem: message('fat.boot.no-clusters', { sectors: totalSectors, dataStart: dataStartSector }) };
  const clusterCount = Math.floor((totalSectors - dataStartSector) / sectorsPerCluster);
  const fatType: FatType = clusterCount < MIN_FAT16_CLUSTERS ? 12 : clusterCount < MIN_FAT32_CLUSTERS ? 16 : 32;
  if (fatType === 32 && (rootEntryCount !== 0 || sector.readUInt16LE(22) !== 0)) {
    return { problem: message('fat.boot.fat32-old-fields', { clusters: clusterCount }) };
  }
  if (fatType !== 32 && rootEntryCount === 0) return { problem: message('fat.boot.no-root-region', { clusters: clusterCount, fatType }) };
  if ((fatSectors * bytesPerSector * 8) / ENTRY_BITS[fatType] < clusterCount + 2) return { problem: message('fat.boot.fat-too-small') };
  const rootCluster = fatType === 32 ? sector.readUInt32LE(44) : 0;
  if (fatType === 32 && (rootCluster < 2 || rootCluster > clusterCount + 1)) return { problem: message('fat.boot.root-outside', { cluster: rootCluster }) };
  // The extended fields sit after the FAT32 BPB on FAT32, straight after the common BPB on FAT12/16.
  const extended = fatType === 32 ? 64 : 36;
  const hasExtended = sector.readUInt8(extended + 2) === EXTENDED_SIGNATURE;
  return {
    parameters: {
      fatType,
      bytesPerSector,
      sectorsPerCluster,
      reservedSectors,
      fatCount,
      fatSectors,
      totalSectors,
      rootCluster,
      rootEntryCount,
      rootDirectorySector,
      fsInfoSector: fatType === 32 ? sector.readUInt16LE(48) : 0,
      backupBootSector: fatType === 32 ? sector.readUInt16LE(50) : 0,
      volumeId: hasExtended ? sector.readUInt32LE(extended + 3) : 0,
      label: hasExtended ? sector.toString('latin1', extended + 7, extended + 18).trimEnd() : '',
      dataStartSector,
      clusterCount,
    },
  };
}

/** Only a FAT32 boot sector with every FAT32 field in place, as a drive we write must have. */
export function readFat32BootSector(sector: Buffer): Fat32BootSectorReading {
  const basic = basicProblem(sector);
  if (basic) return { problem: basic };
  if (sector.readUInt16LE(17) !== 0 || sector.readUInt16LE(19) !== 0 || sector.readUInt16LE(22) !== 0 || sector.readUInt32LE(36) === 0) {
    return { problem: message('fat.boot.not-fat32') };
  }
  if (sector.readUInt8(66) !== EXTENDED_SIGNATURE) return { problem: message('fat.boot.no-extended-signature') };
  const dataStartSector = sector.readUInt16LE(14) + sector.readUInt8(16) * sector.readUInt32LE(36);
  const clusterCount = Math.floor((sector.readUInt32LE(32) - dataStartSector) / sector.readUInt8(13));
  if (clusterCount < MIN_FAT32_CLUSTERS) {
    return { problem: message('fat.boot.too-few-clusters', { clusters: Math.max(0, clusterCount), minimum: MIN_FAT32_CLUSTERS }) };
  }
  const reading = readBootSector(sector);
  if ('problem' in reading) return reading;
  return { parameters: { ...reading.parameters, fatType: 32 } };
}

/** What makes a sector no FAT boot sector at all. */
function basicProblem(sector: Buffer): BootSectorReason | undefined {
  if (sector.readUInt16LE(510) !== 0xaa55) return message('fat.boot.no-signature');
  const bytesPerSector = sector.readUInt16LE(11);
  const sectorsPerCluster = sector.readUInt8(13);
  if (![512, 1024, 2048, 4096].includes(bytesPerSector)) return message('fat.boot.sector-size', { bytes: bytesPerSector });
  if (!isPowerOfTwo(sectorsPerCluster)) return message('fat.boot.cluster-size', { sectors: sectorsPerCluster });
  if (sector.readUInt16LE(14) === 0 || sector.readUInt8(16) === 0) return message('fat.boot.no-reserved');
  return undefined;
}

function isPowerOfTwo(value: number): boolean {
  return value > 0 && (value & (value - 1)) === 0;
}
