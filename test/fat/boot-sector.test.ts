// The FAT type comes from the cluster count alone (fatgen103): below 4085 FAT12, below 65 525
// FAT16, else FAT32, whatever the boot sector's type string says. Boot sectors built by hand.
import { describe, expect, it } from 'vitest';
import { readBootSector, readFat32BootSector } from '../../main/fat/boot-sector.js';
import { readDirectory } from '../../main/fat/directory-reader.js';
import { message } from '../../shared/message.js';

interface Bpb {
  sectorsPerCluster?: number;
  reservedSectors?: number;
  rootEntries: number;
  totalSectors: number;
  fatSectors: number;
  /** Writes the FAT32 fields (FAT size at 36, root cluster at 44, extended fields at 64). */
  fat32?: boolean;
  typeString?: string;
}

function bootSector(bpb: Bpb): Buffer {
  const sector = Buffer.alloc(512);
  sector.set([0xeb, 0x3c, 0x90]);
  sector.writeUInt16LE(512, 11);
  sector.writeUInt8(bpb.sectorsPerCluster ?? 1, 13);
  sector.writeUInt16LE(bpb.reservedSectors ?? (bpb.fat32 ? 32 : 1), 14);
  sector.writeUInt8(2, 16);
  sector.writeUInt16LE(bpb.rootEntries, 17);
  if (bpb.totalSectors < 0x10000 && !bpb.fat32) sector.writeUInt16LE(bpb.totalSectors, 19);
  else sector.writeUInt32LE(bpb.totalSectors, 32);
  sector.writeUInt8(0xf8, 21);
  const extended = bpb.fat32 ? 64 : 36;
  if (bpb.fat32) {
    sector.writeUInt32LE(bpb.fatSectors, 36);
    sector.writeUInt32LE(2, 44);
    sector.writeUInt16LE(1, 48);
    sector.writeUInt16LE(6, 50);
  } else {
    sector.writeUInt16LE(bpb.fatSectors, 22);
  }
  sector.writeUInt8(0x29, extended + 2);
  sector.writeUInt32LE(0x1234abcd, extended + 3);
  sector.write('UNRAID     ', extended + 7, 'latin1');
  sector.write(bpb.typeString ?? 'FAT     ', extended + 18, 'latin1');
  sector.writeUInt16LE(0xaa55, 510);
  return sector;
}

/** A FAT12/16 volume of `clusters` clusters of one sector: 1 reserved sector, 2 FATs, 512 root entries (32 sectors). */
function smallVolume(clusters: number, fatSectors: number): Buffer {
  return bootSector({ rootEntries: 512, totalSectors: 1 + 2 * fatSectors + 32 + clusters, fatSectors });
}

describe('readBootSector', () => {
  it.each([
    [4084, 12, 12], [4085, 16, 16], [65_524, 16, 256],
  ])('calls %i clusters FAT%i', (clusters, fatType, fatSectors) => {
    const reading = readBootSector(smallVolume(clusters, fatSectors));
    expect(reading).toMatchObject({ parameters: { fatType, clusterCount: clusters, rootEntryCount: 512, rootDirectorySector: 1 + 2 * fatSectors, label: 'UNRAID', volumeId: 0x1234abcd } });
  });

  it('calls 65 525 clusters FAT32, with its root cluster and FSInfo', () => {
    const fatSectors = 513;
    const reading = readBootSector(bootSector({ rootEntries: 0, totalSectors: 32 + 2 * fatSectors + 65_525, fatSectors, fat32: true, typeString: 'FAT32   ' }));
    expect(reading).toMatchObject({ parameters: { fatType: 32, clusterCount: 65_525, rootCluster: 2, fsInfoSector: 1, backupBootSector: 6, label: 'UNRAID' } });
  });

  it('goes by the cluster count, not the type string', () => {
    expect(readBootSector(bootSector({ rootEntries: 512, totalSectors: 1 + 2 * 12 + 32 + 3000, fatSectors: 12, typeString: 'FAT16   ' }))).toMatchObject({ parameters: { fatType: 12 } });
  });

  it('refuses a FAT whose sectors cannot hold an entry for every cluster', () => {
    expect(readBootSector(smallVolume(4084, 11))).toEqual({ problem: message('fat.boot.fat-too-small') });
  });

  it('refuses a FAT16-sized volume without a root folder region', () => {
    expect(readBootSector(bootSector({ rootEntries: 0, totalSectors: 1 + 2 * 40 + 10_000, fatSectors: 40 }))).toEqual({ problem: message('fat.boot.no-root-region', { clusters: 10_000, fatType: 16 }) });
  });

  it('reads a boot sector without the extended fields (no label, no volume id)', () => {
    const sector = smallVolume(2000, 12);
    sector.writeUInt8(0, 38);
    expect(readBootSector(sector)).toMatchObject({ parameters: { fatType: 12, label: '', volumeId: 0 } });
  });
});

describe('readFat32BootSector', () => {
  it('still refuses a FAT16 volume, as verify needs', () => {
    expect(readFat32BootSector(smallVolume(10_000, 40))).toEqual({ problem: message('fat.boot.not-fat32') });
  });
});

describe('readDirectory', () => {
  it('applies the NT case bits to a short name that has no long one, and skips deleted entries', () => {
    const entry = (name: string, caseBits: number, first = 0x20): Buffer => {
      const bytes = Buffer.alloc(32);
      bytes.write(name, 'latin1');
      bytes[0] = first === 0x20 ? bytes[0]! : first;
      bytes[11] = 0x20;
      bytes[12] = caseBits;
      return bytes;
    };
    const directory = Buffer.concat([entry('README  TXT', 0x08), entry('GO      CFG', 0x10), entry('MIXED   CFG', 0x18), entry('GONE    TXT', 0, 0xe5), Buffer.alloc(32)]);
    expect(readDirectory(directory).records.map((record) => record.name)).toEqual(['readme.TXT', 'GO.cfg', 'mixed.cfg']);
  });
});
