import { describe, expect, it } from 'vitest';
import {
  ALIGNMENT_SECTORS,
  clusterSector,
  fat32Geometry,
  FIRST_CLUSTER,
  MIN_FAT32_CLUSTERS,
  SECTOR_SIZE,
} from '../../main/disk/fat32/geometry.js';
import { LayoutError } from '../../main/disk/layout-error.js';

const MIB_SECTORS = 2048;
const GIB_SECTORS = 2 ** 21;

describe('fat32Geometry', () => {
  it.each([
    ['40 MiB', 40 * MIB_SECTORS, 1],
    ['300 MiB', 300 * MIB_SECTORS, 8],
    ['1 GiB', GIB_SECTORS - MIB_SECTORS, 8],
    ['8 GiB', 8 * GIB_SECTORS - MIB_SECTORS, 8],
    ['16 GiB', 16 * GIB_SECTORS - MIB_SECTORS, 16],
    ['32 GiB', 32 * GIB_SECTORS - MIB_SECTORS, 32],
    ['64 GiB', 64 * GIB_SECTORS - MIB_SECTORS, 64],
    ['2 TiB', 0xffffffff - MIB_SECTORS, 64],
  ])('lays out %s: cluster size by volume size, FATs that fit, data on a 1 MiB boundary', (_name, totalSectors, sectorsPerCluster) => {
    const geometry = fat32Geometry(totalSectors);
    expect(geometry.sectorsPerCluster).toBe(sectorsPerCluster);
    expect(geometry.reservedSectors).toBeGreaterThanOrEqual(32);
    expect(geometry.dataStartSector % ALIGNMENT_SECTORS).toBe(0);
    expect(geometry.dataStartSector).toBe(geometry.reservedSectors + 2 * geometry.fatSectors);
    // Every cluster has its FAT entry, and the last cluster ends inside the volume.
    expect(geometry.fatSectors * SECTOR_SIZE).toBeGreaterThanOrEqual((geometry.clusterCount + FIRST_CLUSTER) * 4);
    const end = clusterSector(geometry, FIRST_CLUSTER + geometry.clusterCount);
    expect(end).toBeLessThanOrEqual(totalSectors);
    expect(totalSectors - end).toBeLessThan(sectorsPerCluster);
    expect(geometry.clusterCount).toBeGreaterThanOrEqual(MIN_FAT32_CLUSTERS);
    // No FAT sector is wasted: one fewer would not hold every entry.
    expect((geometry.fatSectors - 1) * SECTOR_SIZE).toBeLessThan((geometry.clusterCount + FIRST_CLUSTER) * 4);
  });

  it('refuses a volume too small for FAT32 and says what size would do', () => {
    let error: unknown;
    try {
      fat32Geometry(20 * MIB_SECTORS);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LayoutError);
    const { code, neededBytes, message } = error as LayoutError;
    expect(code).toBe('target-too-small');
    expect(message).toMatch(/65525 clusters/);
    // The size it names is enough (its partition starts 1 MiB in), and a sector less is not.
    const neededSectors = neededBytes! / SECTOR_SIZE - MIB_SECTORS;
    expect(fat32Geometry(neededSectors).clusterCount).toBeGreaterThanOrEqual(MIN_FAT32_CLUSTERS);
    expect(() => fat32Geometry(neededSectors - 8)).toThrow(LayoutError);
  });
});
