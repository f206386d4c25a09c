// The layout planner: from a target size and the restore list, every byte range of the drive and
// what fills it. Pure: the same request always gives the same layout, and nothing is read or written.
import { alignDown, alignUp, BLOCK_SIZE, MIB } from './align.js';
import { buildTree, directoriesOf, type DirectoryNode, type FileNode, type TreeNode } from './directory-tree.js';
import {
  clustersFor,
  directoryBytes,
  encodeDirectory,
  listDirectory,
  type DirectoryContext,
  type DirectoryListing,
} from './directories.js';
import { BACKUP_BOOT_SECTOR, bootSector, BOOT_CODE_OFFSET, fsInfoSector, FSINFO_SECTOR } from './fat32/boot-sector.js';
import { usedFatBytes, type ClusterRun } from './fat32/fat-table.js';
import {
  ALIGNMENT_SECTORS,
  clusterBytes,
  clusterSector,
  FAT_COUNT,
  fat32Geometry,
  fatStartSector,
  FIRST_CLUSTER,
  SECTOR_SIZE,
  type Fat32Geometry,
} from './fat32/geometry.js';
import type { BytesExtent, Extent, FilePlacement, Layout, LayoutRequest, ZeroExtent } from './layout.js';
import { LayoutError } from './layout-error.js';
import { masterBootRecord, MBR_BOOT_CODE_BYTES } from './mbr.js';
import { message } from '../../shared/message.js';

export const DEFAULT_LABEL = 'UNRAID';
/** An MBR partition table addresses 2^32 sectors (2 TiB); a larger drive gets a 2 TiB partition. */
const MBR_MAX_SECTORS = 0xffff_ffff;
const LABEL_PATTERN = /^[A-Z0-9 $%'\-_@~`!(){}^#&]{1,11}$/;
// The BPB a boot-code merge must leave alone: bytes 11 to 89 of the boot sector.
const BPB_START = 11;

export function planLayout(request: LayoutRequest): Layout {
  const label = checkedLabel(request.label ?? DEFAULT_LABEL);
  const partition = partitionFor(request.diskBytes);
  const geometry = fat32Geometry(partition.sectorCount);
  const tree = buildTree(request.items, request.generatedFiles);
  const listings = listingsOf(tree.root);
  const allocation = allocate(geometry, listings, tree.files);
  const usedClusters = allocation.nextCluster - FIRST_CLUSTER;
  if (usedClusters > geometry.clusterCount) throw doesNotFit(request.diskBytes, partition.startSector, geometry, usedClusters);

  const volume = { partitionOffset: partition.startSector * SECTOR_SIZE, geometry };
  const placements = placementsOf(volume, allocation, tree.files);
  const context: DirectoryContext = {
    label,
    labelDate: newestDate([...tree.files, ...listings.map((listing) => listing.node)]),
    clusterOf: (node) => allocation.runOf.get(node)?.firstCluster ?? 0,
  };
  const body: Extent[] = [
    ...reservedAndFats(volume, allocation.runs),
    ...dataExtents(volume, allocation, listings, context, placements),
  ];
  const boot = bootSector(geometry, { label, volumeId: request.volumeId, hiddenSectors: partition.startSector });
  const freeClusters = geometry.clusterCount - usedClusters;
  const nextFree = freeClusters > 0 ? allocation.nextCluster : 0xffff_ffff;
  const mbr = masterBootRecord({
    partitionStartSector: partition.startSector,
    partitionSectors: partition.sectorCount,
    diskSignature: request.volumeId,
    bootCode: checkedMbrCode(request.bootCode?.mbr),
  });
  const usableBytes = alignDown(request.diskBytes, BLOCK_SIZE);
  return {
    diskBytes: request.diskBytes,
    partition,
    geometry,
    wipe: [zero(0, MIB), zero(usableBytes - MIB, MIB)],
    body,
    final: [
      bytesAt(volume.partitionOffset, bootBlock(withBootCode(boot, request, placements), fsInfoSector(freeClusters, nextFree))),
      bytesAt(0, padToBlock(mbr)),
    ],
    summary: {
      files: tree.files.length,
      directories: listings.length - 1,
      fileBytes: tree.files.reduce((sum, file) => sum + file.size, 0),
      clusterBytes: clusterBytes(geometry),
      usedClusters,
      freeClusters,
    },
  };
}

/** The one partition: from 1 MiB to the last whole 4 KiB block, at most what an MBR addresses. */
function partitionFor(diskBytes: number): { startSector: number; sectorCount: number } {
  if (!Number.isSafeInteger(diskBytes) || diskBytes < 0) throw new RangeError(`Not a disk size: ${diskBytes}`);
  const diskSectors = Math.min(alignDown(diskBytes, BLOCK_SIZE) / SECTOR_SIZE, MBR_MAX_SECTORS);
  return { startSector: ALIGNMENT_SECTORS, sectorCount: Math.max(0, diskSectors - ALIGNMENT_SECTORS) };
}

function listingsOf(root: DirectoryNode): DirectoryListing[] {
  const parents = new Map<DirectoryNode, DirectoryNode>();
  return directoriesOf(root).map((node) => {
    for (const child of node.children) if (child.kind === 'directory') parents.set(child, node);
    return listDirectory(node, parents.get(node));
  });
}

interface Allocation {
  /** In cluster order. */
  readonly runs: ClusterRun[];
  readonly runOf: Map<TreeNode, ClusterRun>;
  /** In cluster order: what each run holds. */
  readonly holders: TreeNode[];
  readonly nextCluster: number;
}

/**
 * One contiguous run each, handed out in order: the root at cluster 2, the other directories,
 * the generated files (ldlinux.sys early on the disk, where any BIOS reaches it), then the zip's
 * files in zip order, so the zip is read front to back while the drive is written front to back.
 */
function allocate(geometry: Fat32Geometry, listings: readonly DirectoryListing[], files: readonly FileNode[]): Allocation {
  const runs: ClusterRun[] = [];
  const runOf = new Map<TreeNode, ClusterRun>();
  const holders: TreeNode[] = [];
  let nextCluster = FIRST_CLUSTER;
  const give = (node: TreeNode, bytes: number): void => {
    const clusterCount = clustersFor(bytes, clusterBytes(geometry));
    if (clusterCount === 0) return;
    const run = { firstCluster: nextCluster, clusterCount };
    nextCluster += clusterCount;
    runs.push(run);
    runOf.set(node, run);
    holders.push(node);
  };
  for (const listing of listings) give(listing.node, directoryBytes(listing));
  const generatedFirst = [...files.filter(isGenerated), ...files.filter((file) => !isGenerated(file))];
  for (const file of generatedFirst) give(file, file.size);
  return { runs, runOf, holders, nextCluster };
}

function isGenerated(file: FileNode): boolean {
  return file.source !== undefined && 'generated' in file.source;
}

interface Volume {
  readonly partitionOffset: number;
  readonly geometry: Fat32Geometry;
}

function clusterOffset(volume: Volume, cluster: number): number {
  return volume.partitionOffset + clusterSector(volume.geometry, cluster) * SECTOR_SIZE;
}

function placementsOf(volume: Volume, allocation: Allocation, files: readonly FileNode[]): Map<string, FilePlacement> {
  const placements = new Map<string, FilePlacement>();
  for (const file of files.filter(isGenerated)) {
    const run = allocation.runOf.get(file);
    if (!run) continue;
    const lba = clusterSector(volume.geometry, run.firstCluster);
    placements.set(file.path, { firstCluster: run.firstCluster, runs: [{ lba, count: run.clusterCount * volume.geometry.sectorsPerCluster }] });
  }
  return placements;
}

/** Reserved sectors after the boot block (zero), then each FAT: its used entries, then zeros. */
function reservedAndFats(volume: Volume, runs: readonly ClusterRun[]): Extent[] {
  const { geometry, partitionOffset } = volume;
  const extents: Extent[] = [zero(partitionOffset + BLOCK_SIZE, geometry.reservedSectors * SECTOR_SIZE - BLOCK_SIZE)];
  const fatBytes = geometry.fatSectors * SECTOR_SIZE;
  const usedBytes = alignUp(usedFatBytes(runs), SECTOR_SIZE);
  for (let copy = 0; copy < FAT_COUNT; copy++) {
    const start = partitionOffset + fatStartSector(geometry, copy) * SECTOR_SIZE;
    extents.push({ fill: 'fat', offset: start, length: usedBytes, firstEntry: 0, runs });
    if (fatBytes > usedBytes) extents.push(zero(start + usedBytes, fatBytes - usedBytes));
  }
  return extents;
}

/** The data region in cluster order: directories (zeroed to their last cluster's end), then files. */
function dataExtents(
  volume: Volume,
  allocation: Allocation,
  listings: readonly DirectoryListing[],
  context: DirectoryContext,
  placements: ReadonlyMap<string, FilePlacement>,
): Extent[] {
  const listingOf = new Map(listings.map((listing) => [listing.node, listing]));
  const extents: Extent[] = [];
  allocation.holders.forEach((node, index) => {
    const run = allocation.runs[index]!;
    const offset = clusterOffset(volume, run.firstCluster);
    if (node.kind === 'directory') {
      const bytes = encodeDirectory(listingOf.get(node)!, context);
      extents.push(bytesAt(offset, bytes));
      const runBytes = run.clusterCount * clusterBytes(volume.geometry);
      if (runBytes > bytes.length) extents.push(zero(offset + bytes.length, runBytes - bytes.length));
    } else if (node.source && 'generated' in node.source) {
      extents.push(bytesAt(offset, generatedContent(node, node.source.generated.content(placements.get(node.path)!))));
    } else if (node.source) {
      extents.push({ fill: 'file', offset, length: node.size, path: node.path, entry: node.source.entry });
    }
  });
  return extents;
}

function generatedContent(file: FileNode, content: Uint8Array): Uint8Array {
  if (content.length !== file.size) {
    throw new RangeError(`The generated ${file.path} is ${content.length} bytes; it was planned as ${file.size}.`);
  }
  return content;
}

/** The partition's first 4 KiB: boot sector, FSInfo, and their backups at sectors 6 and 7. */
function bootBlock(boot: Uint8Array, fsInfo: Uint8Array): Buffer {
  const block = Buffer.alloc(BLOCK_SIZE);
  block.set(boot, 0);
  block.set(fsInfo, FSINFO_SECTOR * SECTOR_SIZE);
  block.set(boot, BACKUP_BOOT_SECTOR * SECTOR_SIZE);
  block.set(fsInfo, (BACKUP_BOOT_SECTOR + FSINFO_SECTOR) * SECTOR_SIZE);
  return block;
}

function withBootCode(ours: Buffer, request: LayoutRequest, placements: ReadonlyMap<string, FilePlacement>): Uint8Array {
  const merge = request.bootCode?.bootSector;
  if (!merge) return ours;
  const merged = merge(ours, placements);
  const keepsBpb = merged.length === SECTOR_SIZE && Buffer.from(merged).subarray(BPB_START, BOOT_CODE_OFFSET).equals(ours.subarray(BPB_START, BOOT_CODE_OFFSET));
  if (!keepsBpb || merged[510] !== 0x55 || merged[511] !== 0xaa) {
    throw new LayoutError('bad-boot-code', message('layout.boot-sector-code'));
  }
  return merged;
}

function checkedMbrCode(code: Uint8Array | undefined): Uint8Array | undefined {
  if (code && code.length > MBR_BOOT_CODE_BYTES) {
    throw new LayoutError('bad-boot-code', message('layout.mbr-code', { size: String(code.length), max: String(MBR_BOOT_CODE_BYTES) }));
  }
  return code;
}

function checkedLabel(label: string): string {
  if (!LABEL_PATTERN.test(label)) {
    throw new LayoutError('bad-label', message('layout.bad-label', { label }));
  }
  return label;
}

/** The latest date and time among `nodes`, for the label entry: about when the backup was made. */
function newestDate(nodes: readonly TreeNode[]): { dosDate: number; dosTime: number } {
  const JANUARY_1_1980 = 0x21;
  let newest = { dosDate: JANUARY_1_1980, dosTime: 0 };
  for (const node of nodes) {
    if (node.dosDate > newest.dosDate || (node.dosDate === newest.dosDate && node.dosTime > newest.dosTime)) newest = node;
  }
  return { dosDate: newest.dosDate, dosTime: newest.dosTime };
}

function doesNotFit(diskBytes: number, partitionStart: number, geometry: Fat32Geometry, usedClusters: number): LayoutError {
  const neededBytes = alignUp((partitionStart + geometry.dataStartSector) * SECTOR_SIZE + usedClusters * clusterBytes(geometry), MIB);
  return new LayoutError(
    'does-not-fit',
    message('layout.does-not-fit', { needed: neededBytes, disk: diskBytes }),
    undefined,
    neededBytes,
  );
}

function zero(offset: number, length: number): ZeroExtent {
  return { fill: 'zero', offset, length };
}

function bytesAt(offset: number, bytes: Uint8Array): BytesExtent {
  return { fill: 'bytes', offset, length: bytes.length, bytes };
}

function padToBlock(sector: Buffer): Buffer {
  const block = Buffer.alloc(BLOCK_SIZE);
  sector.copy(block);
  return block;
}
