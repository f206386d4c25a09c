// Verify, independently of the planner: read the drive's MBR and FAT32 as any OS would, walk every
// directory, and compare what is there with the backup, file by file, naming every difference.
import { createHash, type Hash } from 'node:crypto';
import { crc32 } from '../checksum/crc32.js';
import { SKIP_BZ_CHECK } from '../backup/release.js';
import { fatPathKey } from '../backup/restore-plan.js';
import type { LegacyBootFiles } from '../disk/legacy-boot.js';
import type { ByteSource } from '../fat/byte-source.js';
import type { Difference } from './difference.js';
import { message, type AnyMessage } from '../../shared/message.js';
import { readFat32BootSector } from '../fat/boot-sector.js';
import { FatVolume as Fat32Volume, READ_BYTES } from '../fat/volume.js';
import { checkFats } from './fat-copies.js';
import { readPartitionTable } from '../fat/partition-table.js';
import { readDirectory } from '../fat/directory-reader.js';
import { verifyLegacyBoot } from './legacy-boot.js';
import { collect, MAX_DIRECTORY_BYTES, walkVolume, type VolumeEntry } from '../fat/walk.js';

/** What the drive should hold: the backup's restore items have this shape. */
export interface ExpectedItem {
  readonly path: string;
  readonly kind: 'file' | 'directory';
  readonly size: number;
  /** The zip entry's CRC-32; without one (a generated file) only the size is compared. */
  readonly entry?: { readonly crc32: number };
}

export interface VerifyOptions {
  /** 'UNRAID' when omitted. */
  readonly label?: string;
  readonly onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** The release's syslinux files, when the drive was made to boot on a legacy BIOS with them. */
  readonly legacyBoot?: LegacyBootFiles;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly differences: readonly Difference[];
  readonly files: number;
  readonly directories: number;
  /** File bytes read back and compared. */
  readonly bytesChecked: number;
  /** The volume label the drive was checked for. */
  readonly label: string;
}

const SECTOR = 512;
const EXPECTED_START = 2048;
const FAT32_LBA = 0x0c;

export async function verifyImage(source: ByteSource, expected: readonly ExpectedItem[], options: VerifyOptions = {}): Promise<VerifyReport> {
  const label = options.label ?? 'UNRAID';
  const differences: Difference[] = [];
  const report = (bytesChecked = 0): VerifyReport => ({
    ok: differences.length === 0,
    differences,
    files: expected.filter((item) => item.kind === 'file').length,
    directories: expected.filter((item) => item.kind === 'directory').length,
    bytesChecked,
    label,
  });

  const volume = await openVolume(source, differences);
  if (!volume) return report();
  if (volume.parameters.label !== label) {
    differences.push({ kind: 'label', message: message('difference.label-boot-sector', { found: volume.parameters.label, label }) });
  }
  const fats = await checkFats(source, volume);
  differences.push(...fats.problems);
  const tree = await walkVolume(volume);
  differences.push(...tree.problems.map(({ kind, path, message }) => ({ kind, path, message })));
  if (tree.rootLabel !== label) {
    differences.push({ kind: 'label', message: tree.rootLabel === undefined ? message('difference.label-root-missing', { label }) : message('difference.label-root', { found: tree.rootLabel, label }) });
  }
  if (fats.allocatedClusters > tree.usedClusters) {
    differences.push({ kind: 'filesystem', message: message('difference.lost-clusters', { count: fats.allocatedClusters - tree.usedClusters }) });
  }
  const matched = matchEntries(expected, tree.entries, differences);
  const { bytesChecked, kept } = await compareContents(volume, matched, tree.entries, differences, options.onProgress);
  if (options.legacyBoot) {
    const ldlinuxSys = tree.entries.find(isLdlinuxSys);
    differences.push(...(await verifyLegacyBoot(source, volume, tree.entries, options.legacyBoot, ldlinuxSys && kept.get(ldlinuxSys))));
  }
  return report(bytesChecked);
}

/** The names in the root folder of the drive's volume; none when there is no readable volume. */
export async function rootNames(source: ByteSource): Promise<string[]> {
  const volume = await openVolume(source, []);
  if (!volume) return [];
  const chain = await volume.chain(volume.parameters.rootCluster, Math.ceil(MAX_DIRECTORY_BYTES / volume.clusterBytes));
  const bytes = Buffer.concat(await collect(volume.read(chain.spans, MAX_DIRECTORY_BYTES)));
  return readDirectory(bytes).records.map((record) => record.name);
}

/** The MBR's one partition and its FAT32 volume; undefined (with the differences why) when unreadable. */
async function openVolume(source: ByteSource, differences: Difference[]): Promise<Fat32Volume | undefined> {
  const table = readPartitionTable(await source.read(0, SECTOR));
  const partitionProblem = (problem: AnyMessage): void => void differences.push({ kind: 'partition-table', message: problem });
  if (!table.hasSignature) {
    partitionProblem(message('difference.no-partition-table'));
    return undefined;
  }
  if (table.partitions.length !== 1) partitionProblem(message('difference.partitions', { count: table.partitions.length }));
  const partition = table.partitions[0];
  if (!partition) return undefined;
  if (partition.type !== FAT32_LBA) partitionProblem(message('difference.partition-type', { partition: partition.number, type: `0x${partition.type.toString(16)}` }));
  if (!partition.active) partitionProblem(message('difference.partition-inactive', { partition: partition.number }));
  if (partition.startSector !== EXPECTED_START) partitionProblem(message('difference.partition-start', { partition: partition.number, start: partition.startSector, expectedStart: EXPECTED_START }));
  const partitionEnd = (partition.startSector + partition.sectorCount) * SECTOR;
  if (partitionEnd > source.size) {
    partitionProblem(message('difference.partition-past-end', { partition: partition.number, end: partitionEnd, driveBytes: source.size }));
    return undefined;
  }
  const offset = partition.startSector * SECTOR;
  const bootSector = await source.read(offset, SECTOR);
  const reading = readFat32BootSector(bootSector);
  if ('problem' in reading) {
    differences.push({ kind: 'filesystem', message: message('difference.no-volume', { partition: partition.number, reason: reading.problem }) });
    return undefined;
  }
  const parameters = reading.parameters;
  if (parameters.totalSectors > partition.sectorCount) {
    differences.push({ kind: 'filesystem', message: message('difference.volume-larger', { sectors: parameters.totalSectors, partitionSectors: partition.sectorCount }) });
    return undefined;
  }
  const backup = await source.read(offset + parameters.backupBootSector * parameters.bytesPerSector, SECTOR);
  if (parameters.backupBootSector === 0 || !backup.equals(bootSector)) {
    differences.push({ kind: 'filesystem', message: message('difference.backup-boot-sector', { sector: parameters.backupBootSector }) });
  }
  return new Fat32Volume(source, offset, parameters);
}

interface Match {
  readonly expected: ExpectedItem;
  readonly found: VolumeEntry;
}

/** Pairs expected items with what the drive holds, by exact path; reports what is missing or extra. */
function matchEntries(expected: readonly ExpectedItem[], entries: readonly VolumeEntry[], differences: Difference[]): Match[] {
  const byPath = new Map(entries.map((entry) => [entry.path, entry]));
  const byKey = new Map(entries.map((entry) => [fatPathKey(entry.path), entry]));
  const claimed = new Set<VolumeEntry>();
  const matches: Match[] = [];
  for (const item of expected) {
    const found = byPath.get(item.path);
    if (!found) {
      const sameOnFat = byKey.get(fatPathKey(item.path));
      if (sameOnFat) claimed.add(sameOnFat);
      differences.push(sameOnFat
        ? { kind: 'name-case', path: item.path, message: message('difference.name-case', { path: item.path, found: sameOnFat.path }) }
        : { kind: 'missing', path: item.path, message: message('difference.missing', { path: item.path }) });
      continue;
    }
    claimed.add(found);
    if (found.kind !== item.kind) {
      differences.push({ kind: 'type', path: item.path, message: message(found.kind === 'file' ? 'difference.file-for-folder' : 'difference.folder-for-file', { path: item.path }) });
    } else if (found.size !== item.size) {
      differences.push({ kind: 'size', path: item.path, message: message('difference.size', { path: item.path, foundBytes: found.size, expectedBytes: item.size }) });
    } else if (item.kind === 'file' && found.readable) {
      matches.push({ expected: item, found });
    }
  }
  for (const entry of entries) {
    if (!claimed.has(entry)) differences.push({ kind: 'extra', path: entry.path, message: message('difference.extra', { path: entry.path }) });
  }
  return matches;
}

/** How much of a file to keep while it is read: the start of a `.sha256` file, all of ldlinux.sys. */
const KEPT_SHA256_BYTES = 4096;

/**
 * Reads every matched file back, in the order they lie on the drive (a stick reads fastest in
 * order): CRC-32 against the zip's, and for the root's bz* files, SHA-256 against their .sha256
 * file on the drive (the check Unraid makes at boot). Returns the bytes kept of the files that
 * later checks need (`.sha256` files, ldlinux.sys), so that nothing is read twice.
 */
async function compareContents(
  volume: Fat32Volume,
  matches: readonly Match[],
  entries: readonly VolumeEntry[],
  differences: Difference[],
  onProgress: VerifyOptions['onProgress'],
): Promise<{ bytesChecked: number; kept: Map<VolumeEntry, Buffer> }> {
  const checksumFiles = sha256Pairs(entries);
  const keepBytes = new Map<VolumeEntry, number>([...checksumFiles.values()].map((file) => [file, Math.min(file.size, KEPT_SHA256_BYTES)]));
  const ldlinuxSys = entries.find(isLdlinuxSys);
  if (ldlinuxSys) keepBytes.set(ldlinuxSys, ldlinuxSys.size);
  const bytesTotal = matches.reduce((sum, match) => sum + match.found.size, 0);
  let bytesDone = 0;
  const digests = new Map<VolumeEntry, string>();
  const kept = new Map<VolumeEntry, Buffer>();
  // Two, so that the drive reads the next chunk while this one is hashed.
  const buffers = [Buffer.allocUnsafe(READ_BYTES), Buffer.allocUnsafe(READ_BYTES)] as const;
  const read = async (file: VolumeEntry, hash: Hash | undefined, progress: (bytes: number) => void): Promise<number> => {
    const keep = keepBytes.get(file);
    const start = keep === undefined ? undefined : Buffer.alloc(keep);
    const crc = await readFile(volume, file, buffers, hash, start, progress);
    if (start) kept.set(file, start);
    return crc;
  };
  for (const { expected, found } of [...matches].sort((a, b) => diskOrder(volume, a.found) - diskOrder(volume, b.found))) {
    const hash = checksumFiles.has(found) ? createHash('sha256') : undefined;
    const crc = await read(found, hash, (bytes) => {
      bytesDone += bytes;
      onProgress?.(bytesDone, bytesTotal);
    });
    if (hash) digests.set(found, hash.digest('hex'));
    if (expected.entry && crc !== expected.entry.crc32 >>> 0) {
      differences.push({ kind: 'content', path: found.path, message: message('difference.content', { path: found.path }) });
    }
  }
  // Files verify did not compare (not in the backup, or of another size) are read only for what the checks below need.
  for (const file of keepBytes.keys()) if (!kept.has(file) && file.readable) await read(file, undefined, () => undefined);
  for (const [file, checksumFile] of checksumFiles) {
    const digest = digests.get(file) ?? (await digestOf(volume, file, buffers));
    const text = kept.get(checksumFile)!.toString('latin1');
    const recorded = /^[0-9a-fA-F]{64}/.exec(text)?.[0].toLowerCase();
    if (recorded !== digest) {
      const why = recorded ? message('difference.sha256-mismatch', { path: file.path }) : message('difference.sha256-empty', { path: file.path, checksum: checksumFile.path });
      differences.push({ kind: 'sha256', path: file.path, message: why });
    }
  }
  return { bytesChecked: bytesDone, kept };
}

/** Where a file's bytes begin on the drive; an empty file sorts first. */
function diskOrder(volume: Fat32Volume, file: VolumeEntry): number {
  const first = file.spans[0];
  return first ? volume.clusterOffset(first.first) : 0;
}

function isLdlinuxSys(entry: VolumeEntry): boolean {
  return entry.kind === 'file' && entry.path.toLowerCase() === 'ldlinux.sys';
}

/**
 * The file's CRC-32 (and its SHA-256 into `hash`, and its first bytes into `start`), read through
 * `buffers`, the next read going to the drive while one chunk is worked on.
 */
async function readFile(volume: Fat32Volume, file: VolumeEntry, buffers: readonly [Buffer, Buffer], hash: Hash | undefined, start: Buffer | undefined, progress: (bytes: number) => void): Promise<number> {
  let crc = 0;
  let at = 0;
  for await (const chunk of volume.read(file.spans, file.size, buffers)) {
    crc = crc32(chunk, crc);
    hash?.update(chunk);
    if (start && at < start.length) chunk.copy(start, at, 0, Math.min(chunk.length, start.length - at));
    at += chunk.length;
    progress(chunk.length);
  }
  return crc >>> 0;
}

async function digestOf(volume: Fat32Volume, file: VolumeEntry, buffers: readonly [Buffer, Buffer]): Promise<string> {
  const hash = createHash('sha256');
  await readFile(volume, file, buffers, hash, undefined, () => undefined);
  return hash.digest('hex');
}

/** Root files named bz* that have a `<name>.sha256` beside them, with that file; none when config/skipbzcheck turns Unraid's check off. */
function sha256Pairs(entries: readonly VolumeEntry[]): Map<VolumeEntry, VolumeEntry> {
  if (entries.some((entry) => entry.kind === 'file' && fatPathKey(entry.path) === fatPathKey(SKIP_BZ_CHECK))) return new Map();
  const rootFiles = new Map(entries.filter((entry) => entry.kind === 'file' && !entry.path.includes('/')).map((entry) => [fatPathKey(entry.path), entry]));
  const pairs = new Map<VolumeEntry, VolumeEntry>();
  for (const [key, file] of rootFiles) {
    const checksumFile = rootFiles.get(`${key}.SHA256`);
    const readable = file.readable && checksumFile?.readable;
    if (key.startsWith('BZ') && !key.endsWith('.SHA256') && checksumFile && readable) pairs.set(file, checksumFile);
  }
  return pairs;
}
