// What a flash that may need repair holds, read once and read-only, as data for the diagnosis: the
// FAT volume's own state (dirty bit, boot sector against its backup, clusters no chain reaches),
// the files that cannot be read whole, and the release at the root and in previous/ with the
// SHA-256 of every bz file. The files come from the one way a flash is opened (flash-source).
import { createHash } from 'node:crypto';
import { parseVersionLine, CHECKED_IMAGES, SKIP_BZ_CHECK } from '../backup/release.js';
import { BOOT_CONFIG_PATHS, type BootFileText } from '../backup/boot-names.js';
import { sha256FromChecksumFile } from '../backup/config-facts.js';
import { readBytes, type FlashFile, type FlashFiles } from '../backup-maker/flash-files.js';
import type { FatVolume } from '../fat/volume.js';
import { readBootLoader, type BootLoaderState } from './boot-loader.js';

/** One bz image and its .sha256, as found. */
export interface ImageState {
  readonly name: (typeof CHECKED_IMAGES)[number];
  readonly present: boolean;
  /** Its SHA-256; null when it cannot be read whole. */
  readonly sha256: string | null;
  /** What its .sha256 file says; null when there is none or it holds no hash. */
  readonly expected: string | null;
}

export interface ReleaseState {
  /** From changes.txt's first line; null when unknown. */
  readonly version: string | null;
  readonly images: readonly ImageState[];
}

export interface VolumeState {
  readonly fatType: 12 | 16 | 32;
  /** The boot sector's label field, trailing spaces removed. */
  readonly bootSectorLabel: string;
  readonly volumeId: number;
  /** Set by Linux in the boot sector (byte 0x41 on FAT32, 0x25 on FAT12/16), or by Windows in FAT entry 1. */
  readonly dirty: boolean;
  /** FAT32: the sector of the backup boot sector when it differs from the boot sector; null when they match or there is none. */
  readonly backupDiffersAt: number | null;
  /** Clusters the FAT marks as used that no chain of a file or folder reaches. */
  readonly lostClusters: number;
}

export interface FlashState {
  /** The volume label the flash carries (the root folder's label entry, else the boot sector's). */
  readonly label: string | null;
  readonly volume: VolumeState;
  /** Files and folders that cannot be read whole (broken, looping or shared chains, read errors). */
  readonly unreadable: readonly string[];
  readonly release: ReleaseState;
  /** The release in previous/, when the folder exists. */
  readonly previous: ReleaseState | null;
  readonly bootFiles: readonly BootFileText[];
  /** ldlinux.sys, the legacy boot loader's core, at the root. */
  readonly hasLdlinuxSys: boolean;
  /** Whether the boot loader is the one the release's own syslinux/ files make. */
  readonly bootLoader: BootLoaderState;
  readonly efiFolder: 'EFI' | 'EFI-' | null;
  readonly skipBzCheck: boolean;
}

const SECTOR = 512;
const FAT32_BPB_START = 11;
const FAT32_BPB_END = 90;
/** Where Linux marks a FAT32 volume dirty while it is mounted (0x25 on FAT12/16). */
const FAT32_STATE_BYTE = 0x41;
const TEXT_LIMIT = 64 * 1024;
/** FAT entry 1's clean-shutdown bit: clear while the volume is mounted. */
const CLEAN_SHUTDOWN: Record<12 | 16 | 32, number> = { 12: 0, 16: 0x8000, 32: 0x08000000 };

/** The state of the flash whose files `flash` holds, read from its FAT volume (read-only). */
export async function readFlashState(flash: FlashFiles & Required<Pick<FlashFiles, 'fat'>>): Promise<FlashState> {
  const files = new Map(flash.files.map((file) => [file.path.toLowerCase(), file]));
  const find = (path: string): FlashFile | undefined => files.get(path.toLowerCase());
  const bootFiles: BootFileText[] = [];
  for (const path of BOOT_CONFIG_PATHS) {
    const text = await textOf(find(path));
    if (text !== undefined) bootFiles.push({ path: find(path)!.path, text });
  }
  const folder = (name: string): boolean => find(name)?.kind === 'directory';
  return {
    label: flash.label ?? null,
    volume: await volumeState(flash.fat.volume, flash.fat.usedClusters),
    unreadable: flash.files.filter((file) => file.unreadable !== undefined).map((file) => file.path),
    release: await releaseState(find, ''),
    previous: folder('previous') ? await releaseState(find, 'previous/') : null,
    bootFiles,
    hasLdlinuxSys: find('ldlinux.sys')?.kind === 'file',
    bootLoader: await readBootLoader(flash.fat.volume, find),
    efiFolder: folder('EFI') ? 'EFI' : folder('EFI-') ? 'EFI-' : null,
    skipBzCheck: find(SKIP_BZ_CHECK) !== undefined,
  };
}

async function releaseState(find: (path: string) => FlashFile | undefined, folder: string): Promise<ReleaseState> {
  const changes = await textOf(find(`${folder}changes.txt`));
  const images: ImageState[] = [];
  for (const name of CHECKED_IMAGES) {
    const image = find(`${folder}${name}`);
    const checksum = await textOf(find(`${folder}${name}.sha256`));
    images.push({
      name,
      present: image?.kind === 'file',
      sha256: image?.kind === 'file' ? await readableSha256(image) : null,
      expected: checksum === undefined ? null : sha256FromChecksumFile(checksum) ?? null,
    });
  }
  return { version: changes === undefined ? null : parseVersionLine(changes.split(/\r?\n/)[0] ?? '')?.version ?? null, images };
}

async function volumeState(volume: FatVolume, usedClusters: number): Promise<VolumeState> {
  const p = volume.parameters;
  const bytes = volume.source;
  const boot = await bytes.read(volume.offset, SECTOR);
  const stateByte = boot[p.fatType === 32 ? FAT32_STATE_BYTE : 0x25] ?? 0;
  const entryOne = await volume.fatEntry(1);
  const windowsDirty = CLEAN_SHUTDOWN[p.fatType] !== 0 && (entryOne & CLEAN_SHUTDOWN[p.fatType]) === 0;
  let backupDiffersAt: number | null = null;
  if (p.fatType === 32 && p.backupBootSector > 0 && p.backupBootSector < p.reservedSectors) {
    const backup = await bytes.read(volume.offset + p.backupBootSector * p.bytesPerSector, SECTOR);
    if (!parametersOf(backup).equals(parametersOf(boot))) backupDiffersAt = p.backupBootSector;
  }
  return {
    fatType: p.fatType,
    bootSectorLabel: p.label,
    volumeId: p.volumeId,
    dirty: (stateByte & 1) === 1 || windowsDirty,
    backupDiffersAt,
    lostClusters: Math.max(0, (await allocatedClusters(volume)) - usedClusters),
  };
}

/**
 * The FAT32 boot sector's parameters (BPB and extended BPB, bytes 11 to 89), without Linux's state
 * byte. The boot code around them differs on every stick syslinux made bootable: its installer
 * writes the boot sector only, and fsck.fat calls that "mostly harmless".
 */
function parametersOf(sector: Buffer): Buffer {
  const parameters = Buffer.from(sector.subarray(FAT32_BPB_START, FAT32_BPB_END));
  parameters[FAT32_STATE_BYTE - FAT32_BPB_START] = 0;
  return parameters;
}

/** Clusters the FAT marks as used (neither free nor bad). */
async function allocatedClusters(volume: FatVolume): Promise<number> {
  const bad = { 12: 0xff7, 16: 0xfff7, 32: 0x0ffffff7 }[volume.parameters.fatType];
  let count = 0;
  for (let cluster = 2; cluster <= volume.parameters.clusterCount + 1; cluster++) {
    const entry = await volume.fatEntry(cluster);
    if (entry !== 0 && entry !== bad) count++;
  }
  return count;
}

/** The file's SHA-256 as hex; throws where its source fails. */
export async function sha256Of(file: FlashFile): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of file.chunks()) hash.update(chunk);
  return hash.digest('hex');
}

/** Its SHA-256; null when it cannot be read whole. */
async function readableSha256(file: FlashFile): Promise<string | null> {
  return file.unreadable === undefined ? sha256Of(file).catch(() => null) : null;
}

/** A small file's text; undefined when it is absent or cannot be read. */
async function textOf(file: FlashFile | undefined): Promise<string | undefined> {
  if (file?.kind !== 'file' || file.unreadable !== undefined) return undefined;
  try {
    return (await readBytes(file, TEXT_LIMIT)).toString('latin1');
  } catch {
    return undefined;
  }
}
