// What `syslinux --install` writes, computed on bytes: ldlinux.sys patched with the sectors it
// occupies, and the boot sector code that loads its first sector. Follows syslinux 6's
// libinstaller (syslxmod.c, setadv.c, fat.c); checked byte for byte against Debian's installer.
import {
  BOOT_CODE_END,
  BOOT_CODE_START,
  EXTENT_SIZE,
  LDLINUX_MAGIC,
  SECTOR_SIZE,
  type PatchArea,
  type SyslinuxBlobs,
} from '../../backup/syslinux/blobs.js';
import { SyslinuxError } from '../../backup/syslinux/errors.js';

/** Consecutive sectors, as LBAs relative to the start of the partition. */
export interface SectorRun {
  readonly lba: number;
  readonly count: number;
}

export interface LdlinuxPlacement {
  /**
   * Where ldlinux.sys lies, in file order. May cover more sectors than the file (whole clusters):
   * the file uses the first ones.
   */
  readonly runs: readonly SectorRun[];
  /**
   * Install directory written into the core. Omitted, the core keeps its empty default, as
   * `syslinux --install` does without `-d` (Unraid's make_bootable: ldlinux.sys at the root).
   */
  readonly directory?: string;
}

export interface LdlinuxInstall {
  /** The whole file: patched core padded to a sector, then two empty ADV sectors. */
  readonly ldlinuxSys: Uint8Array;
  /** The boot sector template pointing at ldlinux.sys; merge it with `mergeBootSector`. */
  readonly bootSectorCode: Uint8Array;
}

const ADV_SECTORS = 2;
const ADV_HEAD = 0x5a2d2fa5;
const ADV_CHECKSUM = 0xa3041767;
const ADV_TAIL = 0xdd28bf64;
// syslinux's installer closes an extent before it would reach 64 KiB: 127 sectors at most. (Its
// test for crossing a 64 KiB address boundary compares the two ends of one sector: it never fires.)
const MAX_EXTENT_BYTES = 0x10000;

/** Size of ldlinux.sys in sectors: the core, padded to a sector, and two ADV sectors. */
export function ldlinuxSysSectors(blobs: SyslinuxBlobs): number {
  return Math.ceil(blobs.core.length / SECTOR_SIZE) + ADV_SECTORS;
}

/** ldlinux.sys for the given sectors, and the boot sector code that starts it, as syslinux_patch(). */
export function buildLdlinuxSys(blobs: SyslinuxBlobs, placement: LdlinuxPlacement): LdlinuxInstall {
  const sectors = fileSectors(placement.runs, ldlinuxSysSectors(blobs));
  const dataSectors = sectors.length - ADV_SECTORS;
  const file = new Uint8Array(sectors.length * SECTOR_SIZE);
  file.set(blobs.core);
  const view = viewOf(file);
  const area = blobs.patchArea;

  // Patch area: u32 magic, u32 instance, u16 data sectors, u16 ADV sectors, u32 dwords, u32 checksum.
  view.setUint16(area.magic + 8, dataSectors, true);
  view.setUint16(area.magic + 10, ADV_SECTORS, true);
  view.setUint32(area.magic + 12, Math.floor(blobs.core.length / 4), true);
  // The boot sector loads the first sector; the core loads its other data sectors by extent.
  writeExtents(view, area, sectors.slice(1, dataSectors));
  setUint64(view, area.advPointers, sectors[dataSectors]!);
  setUint64(view, area.advPointers + 8, sectors[dataSectors + 1]!);
  if (placement.directory !== undefined) writeDirectory(file, area, placement.directory);
  writeChecksum(view, area, blobs.core.length);
  for (let adv = 0; adv < ADV_SECTORS; adv++) writeEmptyAdv(view, (dataSectors + adv) * SECTOR_SIZE);

  const bootSectorCode = new Uint8Array(blobs.bootSectorTemplate);
  const boot = viewOf(bootSectorCode);
  boot.setUint32(area.sector1Low, sectors[0]! % 2 ** 32, true);
  boot.setUint32(area.sector1High, Math.floor(sectors[0]! / 2 ** 32), true);
  return { ldlinuxSys: file, bootSectorCode };
}

/**
 * Our FAT32 boot sector with syslinux's jump, OEM name and boot code: the BPB (bytes 11–89) and
 * the 55 AA signature stay ours. Write the result to the boot sector and to its backup.
 */
export function mergeBootSector(fatBootSector: Uint8Array, bootSectorCode: Uint8Array): Uint8Array {
  if (fatBootSector.length !== SECTOR_SIZE || bootSectorCode.length !== SECTOR_SIZE) {
    throw new RangeError('A boot sector is 512 bytes.');
  }
  const merged = new Uint8Array(fatBootSector);
  merged.set(bootSectorCode.subarray(0, 11), 0);
  merged.set(bootSectorCode.subarray(BOOT_CODE_START, BOOT_CODE_END), BOOT_CODE_START);
  return merged;
}

function fileSectors(runs: readonly SectorRun[], needed: number): number[] {
  const sectors: number[] = [];
  for (const run of runs) {
    if (!Number.isSafeInteger(run.lba) || run.lba < 0 || !Number.isSafeInteger(run.count) || run.count < 1) {
      throw new SyslinuxError('syslinux-bad-placement', `ldlinux.sys cannot be placed at ${run.count} sectors from LBA ${run.lba}.`);
    }
    for (let i = 0; i < run.count && sectors.length < needed; i++) sectors.push(run.lba + i);
  }
  if (sectors.length < needed) {
    throw new SyslinuxError('syslinux-bad-placement', `ldlinux.sys needs ${needed} sectors; its placement has ${sectors.length}.`);
  }
  return sectors;
}

function writeExtents(view: DataView, area: PatchArea, sectors: readonly number[]): void {
  const extents: SectorRun[] = [];
  for (const lba of sectors) {
    const last = extents.at(-1);
    if (last && lba === last.lba + last.count && (last.count + 1) * SECTOR_SIZE < MAX_EXTENT_BYTES) {
      extents[extents.length - 1] = { lba: last.lba, count: last.count + 1 };
    } else {
      extents.push({ lba, count: 1 });
    }
  }
  if (extents.length > area.extentSlots) {
    throw new SyslinuxError(
      'syslinux-bad-placement',
      `ldlinux.sys is split into ${extents.length} pieces; the syslinux core can load at most ${area.extentSlots}.`,
    );
  }
  new Uint8Array(view.buffer, view.byteOffset + area.extents, area.extentSlots * EXTENT_SIZE).fill(0);
  extents.forEach((extent, index) => {
    const at = area.extents + index * EXTENT_SIZE;
    setUint64(view, at, extent.lba);
    view.setUint16(at + 8, extent.count, true);
  });
}

function writeDirectory(file: Uint8Array, area: PatchArea, directory: string): void {
  const path = new TextEncoder().encode(`${directory}\0`);
  if (path.length > area.directoryRoom) {
    throw new SyslinuxError(
      'syslinux-directory-too-long',
      `The install directory “${directory}” is too long for syslinux (at most ${area.directoryRoom - 1} bytes).`,
    );
  }
  file.set(path, area.directory);
}

/** The core checks itself at boot: magic − (sum of its dwords, this one zero) is stored here. */
function writeChecksum(view: DataView, area: PatchArea, coreLength: number): void {
  const checksumAt = area.magic + 16;
  view.setUint32(checksumAt, 0, true);
  let sum = 0;
  for (let at = 0; at + 4 <= coreLength; at += 4) sum = (sum + view.getUint32(at, true)) >>> 0;
  view.setUint32(checksumAt, (LDLINUX_MAGIC - sum) >>> 0, true);
}

/** An ADV with no entries: its data dwords are all zero, so the checksum is the constant itself. */
function writeEmptyAdv(view: DataView, at: number): void {
  view.setUint32(at, ADV_HEAD, true);
  view.setUint32(at + 4, ADV_CHECKSUM, true);
  view.setUint32(at + SECTOR_SIZE - 4, ADV_TAIL, true);
}

function setUint64(view: DataView, at: number, value: number): void {
  view.setBigUint64(at, BigInt(value), true);
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
