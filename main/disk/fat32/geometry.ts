// FAT32 geometry as plain numbers, computed before anything is written (as mkfs.fat does).
import { alignUp, BLOCK_SIZE } from '../align.js';
import { LayoutError } from '../layout-error.js';
import { message } from '../../../shared/message.js';

export const SECTOR_SIZE = 512;
/** 1 MiB in sectors: the partition start and the alignment of the data region (flash erase blocks). */
export const ALIGNMENT_SECTORS = 2048;
export const FAT_COUNT = 2;
/** Cluster numbers start at 2: FAT entries 0 and 1 are the media descriptor and the clean flags. */
export const FIRST_CLUSTER = 2;
/** FAT32 is decided by cluster count alone: fewer than this is FAT16 to every reader. */
export const MIN_FAT32_CLUSTERS = 65_525;
const MIN_RESERVED_SECTORS = 32;
const FAT_ENTRY_BYTES = 4;

export interface Fat32Geometry {
  /** Sectors in the volume (the partition). */
  readonly totalSectors: number;
  readonly sectorsPerCluster: number;
  readonly reservedSectors: number;
  /** Sectors of one FAT; there are two, back to back after the reserved sectors. */
  readonly fatSectors: number;
  /** Where cluster 2 starts, in sectors from the volume start: a multiple of 1 MiB. */
  readonly dataStartSector: number;
  readonly clusterCount: number;
}

/** Cluster size by volume size, as Windows and mkfs.fat choose it (fatgen103's FAT32 table). */
export function sectorsPerClusterFor(totalSectors: number): number {
  if (totalSectors <= 532_480) return 1; // up to 260 MB: 512 B
  if (totalSectors <= 16_777_216) return 8; // up to 8 GiB: 4 KiB
  if (totalSectors <= 33_554_432) return 16; // up to 16 GiB: 8 KiB
  if (totalSectors <= 67_108_864) return 32; // up to 32 GiB: 16 KiB
  return 64; // 32 KiB
}

/**
 * The layout of a FAT32 volume of `totalSectors`: reserved sectors grow (from 32) so that the data
 * region starts on a 1 MiB boundary, and each FAT is just large enough for every cluster.
 */
export function fat32Geometry(totalSectors: number): Fat32Geometry {
  const sectorsPerCluster = sectorsPerClusterFor(totalSectors);
  let fatSectors = 1;
  for (;;) {
    const dataStartSector = alignUp(MIN_RESERVED_SECTORS + FAT_COUNT * fatSectors, ALIGNMENT_SECTORS);
    const clusterCount = Math.max(0, Math.floor((totalSectors - dataStartSector) / sectorsPerCluster));
    const neededFatSectors = Math.ceil(((clusterCount + FIRST_CLUSTER) * FAT_ENTRY_BYTES) / SECTOR_SIZE);
    if (neededFatSectors > fatSectors) {
      fatSectors = neededFatSectors;
      continue;
    }
    if (clusterCount < MIN_FAT32_CLUSTERS) {
      throw new LayoutError(
        'target-too-small',
        message('layout.too-few-clusters', { min: String(MIN_FAT32_CLUSTERS), size: totalSectors * SECTOR_SIZE, clusters: String(clusterCount) }),
        undefined,
        smallestFat32DiskBytes(),
      );
    }
    // The FATs may have grown past what the final cluster count needs: keep them tight and let the
    // reserved sectors take up the difference, so the data region stays where it is.
    return {
      totalSectors,
      sectorsPerCluster,
      reservedSectors: dataStartSector - FAT_COUNT * neededFatSectors,
      fatSectors: neededFatSectors,
      dataStartSector,
      clusterCount,
    };
  }
}

export function clusterBytes(geometry: Fat32Geometry): number {
  return geometry.sectorsPerCluster * SECTOR_SIZE;
}

/** First sector of `cluster`, relative to the volume start. */
export function clusterSector(geometry: Fat32Geometry, cluster: number): number {
  return geometry.dataStartSector + (cluster - FIRST_CLUSTER) * geometry.sectorsPerCluster;
}

/** First sector of FAT number `copy` (0 or 1), relative to the volume start. */
export function fatStartSector(geometry: Fat32Geometry, copy: number): number {
  return geometry.reservedSectors + copy * geometry.fatSectors;
}

/** Disk bytes (with the 1 MiB before the partition) of the smallest FAT32 volume: 512-byte clusters. */
function smallestFat32DiskBytes(): number {
  const fatSectors = Math.ceil(((MIN_FAT32_CLUSTERS + FIRST_CLUSTER) * FAT_ENTRY_BYTES) / SECTOR_SIZE);
  const dataStart = alignUp(MIN_RESERVED_SECTORS + FAT_COUNT * fatSectors, ALIGNMENT_SECTORS);
  return alignUp((ALIGNMENT_SECTORS + dataStart + MIN_FAT32_CLUSTERS) * SECTOR_SIZE, BLOCK_SIZE);
}
