// Reads an MBR partition table from its sector, trusting nothing.

export interface PartitionEntry {
  /** 1 to 4. */
  readonly number: number;
  readonly active: boolean;
  /** The status byte as stored: 0x80 active, 0x00 inactive, anything else invalid. */
  readonly status: number;
  readonly type: number;
  readonly startSector: number;
  readonly sectorCount: number;
}

export interface PartitionTable {
  /** 55 AA at the end of the sector. */
  readonly hasSignature: boolean;
  /** Entries in use (type not 0). */
  readonly partitions: readonly PartitionEntry[];
}

export function readPartitionTable(sector: Buffer): PartitionTable {
  const partitions: PartitionEntry[] = [];
  for (let index = 0; index < 4; index++) {
    const at = 446 + index * 16;
    const type = sector.readUInt8(at + 4);
    if (type === 0) continue;
    const status = sector.readUInt8(at);
    partitions.push({
      number: index + 1,
      active: status === 0x80,
      status,
      type,
      startSector: sector.readUInt32LE(at + 8),
      sectorCount: sector.readUInt32LE(at + 12),
    });
  }
  return { hasSignature: sector.readUInt16LE(510) === 0xaa55, partitions };
}
