// The planner's input and output as data: what to lay out, and the ordered extents that are the
// drive image. Types only; `plan.ts` computes them.
import type { ArchiveEntry } from '../backup/archive.js';
import type { RestoreItem } from '../backup/restore-item.js';
import type { ClusterRun } from './fat32/fat-table.js';
import type { Fat32Geometry } from './fat32/geometry.js';

export interface LayoutRequest {
  /** Size of the drive or image in bytes. */
  readonly diskBytes: number;
  /** Every file and directory to create, parents before children (the backup reader's list). */
  readonly items: readonly RestoreItem[];
  /** Volume label, 11 characters at most; 'UNRAID' when omitted. */
  readonly label?: string;
  /** The FAT volume serial number; the MBR's disk signature too. */
  readonly volumeId: number;
  /** Files made here rather than taken from the zip (ldlinux.sys); one replaces a zip file of the same path. */
  readonly generatedFiles?: readonly GeneratedFile[];
  readonly bootCode?: BootCode;
}

/** A file whose bytes depend on where it lands, like ldlinux.sys (it stores its own sector list). */
export interface GeneratedFile {
  readonly path: string;
  readonly size: number;
  /** FAT attribute bits (read-only 0x01, hidden 0x02, system 0x04, archive 0x20). */
  readonly attributes: number;
  readonly dosDate: number;
  readonly dosTime: number;
  /** Exactly `size` bytes, given where the file is placed. */
  content(placement: FilePlacement): Uint8Array;
}

/** Where a file's clusters lie. */
export interface FilePlacement {
  readonly firstCluster: number;
  /** Its sectors as LBAs relative to the partition start, whole clusters (syslinux's SectorRun shape). */
  readonly runs: readonly { readonly lba: number; readonly count: number }[];
}

export interface BootCode {
  /** Up to 440 bytes for the start of the MBR (the first 440 bytes of syslinux/mbr.bin). */
  readonly mbr?: Uint8Array;
  /**
   * Turns our FAT32 boot sector (BPB filled in, no boot code) into the one to write, at sector 0 and
   * at the backup sector 6. Gets the placement of every generated file, by path.
   */
  bootSector?(ours: Uint8Array, placements: ReadonlyMap<string, FilePlacement>): Uint8Array;
}

/** A byte range of the disk and what fills it. Offsets and lengths are in bytes from the disk start. */
export type Extent = ZeroExtent | BytesExtent | FatExtent | FileExtent;

interface ExtentRange {
  readonly offset: number;
  readonly length: number;
}

/** Must read as zero (FAT sectors not in use, directory tails, reserved sectors, wiped areas). */
export interface ZeroExtent extends ExtentRange {
  readonly fill: 'zero';
}

/** Bytes computed by the planner: boot sector, FSInfo, MBR, directories, generated files. */
export interface BytesExtent extends ExtentRange {
  readonly fill: 'bytes';
  readonly bytes: Uint8Array;
}

/** FAT entries starting at `firstEntry`, computed from the allocation as they are written. */
export interface FatExtent extends ExtentRange {
  readonly fill: 'fat';
  readonly firstEntry: number;
  readonly runs: readonly ClusterRun[];
}

/** A file's content, streamed from its zip entry. */
export interface FileExtent extends ExtentRange {
  readonly fill: 'file';
  readonly path: string;
  readonly entry: ArchiveEntry;
}

export interface Layout {
  readonly diskBytes: number;
  readonly partition: { readonly startSector: number; readonly sectorCount: number };
  readonly geometry: Fat32Geometry;
  /**
   * Write order: `wipe` first (old partition tables and signatures), then `body` in ascending
   * offsets, then a flush, then `final` (the partition's boot sectors, then the MBR). Bytes no
   * extent covers (free clusters, the slack after a file's last byte) may hold anything.
   */
  readonly wipe: readonly ZeroExtent[];
  readonly body: readonly Extent[];
  readonly final: readonly BytesExtent[];
  readonly summary: LayoutSummary;
}

export interface LayoutSummary {
  readonly files: number;
  readonly directories: number;
  /** Bytes of file content (zip files and generated files). */
  readonly fileBytes: number;
  readonly clusterBytes: number;
  readonly usedClusters: number;
  readonly freeClusters: number;
}
