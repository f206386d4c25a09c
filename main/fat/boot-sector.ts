// Reads a FAT32 boot sector (BPB) on its own terms: every field checked, nothing taken from the
// planner that wrote it.

export interface Fat32Parameters {
  readonly bytesPerSector: number;
  readonly sectorsPerCluster: number;
  readonly reservedSectors: number;
  readonly fatCount: number;
  /** Sectors of one FAT. */
  readonly fatSectors: number;
  readonly totalSectors: number;
  readonly rootCluster: number;
  readonly fsInfoSector: number;
  readonly backupBootSector: number;
  readonly volumeId: number;
  /** The label field (11 bytes), trailing spaces removed. */
  readonly label: string;
  /** Sector of cluster 2, from the volume start. */
  readonly dataStartSector: number;
  readonly clusterCount: number;
}

export type BootSectorReading = { readonly parameters: Fat32Parameters } | { readonly problem: string };

const MIN_FAT32_CLUSTERS = 65_525;

export function readFat32BootSector(sector: Buffer): BootSectorReading {
  if (sector.readUInt16LE(510) !== 0xaa55) return { problem: 'the boot sector has no 55 AA signature' };
  const bytesPerSector = sector.readUInt16LE(11);
  const sectorsPerCluster = sector.readUInt8(13);
  const reservedSectors = sector.readUInt16LE(14);
  const fatCount = sector.readUInt8(16);
  const fatSectors = sector.readUInt32LE(36);
  const totalSectors = sector.readUInt32LE(32);
  if (![512, 1024, 2048, 4096].includes(bytesPerSector)) return { problem: `the boot sector claims ${bytesPerSector} bytes per sector` };
  if (!isPowerOfTwo(sectorsPerCluster)) return { problem: `the boot sector claims ${sectorsPerCluster} sectors per cluster` };
  if (reservedSectors === 0 || fatCount === 0) return { problem: 'the boot sector has no reserved sectors or no FAT' };
  if (sector.readUInt16LE(17) !== 0 || sector.readUInt16LE(19) !== 0 || sector.readUInt16LE(22) !== 0 || fatSectors === 0) {
    return { problem: 'the boot sector is not a FAT32 one (it has FAT12/16 fields)' };
  }
  if (sector.readUInt8(66) !== 0x29) return { problem: 'the boot sector has no extended signature, so no volume id or label' };
  const dataStartSector = reservedSectors + fatCount * fatSectors;
  const clusterCount = Math.floor((totalSectors - dataStartSector) / sectorsPerCluster);
  if (totalSectors <= dataStartSector || clusterCount < MIN_FAT32_CLUSTERS) {
    return { problem: `the volume has ${Math.max(0, clusterCount)} clusters; FAT32 has at least ${MIN_FAT32_CLUSTERS}` };
  }
  if ((fatSectors * bytesPerSector) / 4 < clusterCount + 2) return { problem: 'the FAT is too small for the clusters of the volume' };
  const rootCluster = sector.readUInt32LE(44);
  if (rootCluster < 2 || rootCluster > clusterCount + 1) return { problem: `the root directory cluster ${rootCluster} is outside the volume` };
  return {
    parameters: {
      bytesPerSector,
      sectorsPerCluster,
      reservedSectors,
      fatCount,
      fatSectors,
      totalSectors,
      rootCluster,
      fsInfoSector: sector.readUInt16LE(48),
      backupBootSector: sector.readUInt16LE(50),
      volumeId: sector.readUInt32LE(67),
      label: sector.toString('latin1', 71, 82).trimEnd(),
      dataStartSector,
      clusterCount,
    },
  };
}

function isPowerOfTwo(value: number): boolean {
  return value > 0 && (value & (value - 1)) === 0;
}
