// Finds, inside a syslinux 6 installer binary (ELF or PE), the two pieces a legacy install writes:
// the FAT boot sector template and the core image that becomes ldlinux.sys. Taking them from the
// release's own installer keeps the core the same build as the release's ldlinux.c32. The backup
// reader checks them (legacy-boot-files.ts); the disk engine installs them (disk/syslinux/install.ts).
import { SyslinuxError } from './errors.js';

export const SECTOR_SIZE = 512;
export const LDLINUX_MAGIC = 0x3eb202fe;

/** Byte offsets of the fields the installer patches. */
export interface PatchArea {
  /** In the core: the magic that starts the patch area. */
  readonly magic: number;
  /** In the core: two u64 LBAs, one per ADV sector. */
  readonly advPointers: number;
  /** In the core: the NUL-terminated install directory and the room it has. */
  readonly directory: number;
  readonly directoryRoom: number;
  /** In the core: the table of sector extents (u64 lba, u16 length) and how many it holds. */
  readonly extents: number;
  readonly extentSlots: number;
  /** In the boot sector: the LBA of ldlinux.sys's first sector, low and high u32. */
  readonly sector1Low: number;
  readonly sector1High: number;
}

export interface SyslinuxBlobs {
  /** 512 bytes: jump, OEM name "SYSLINUX", boot code, 55 AA. Its BPB bytes mean nothing. */
  readonly bootSectorTemplate: Uint8Array;
  /** ldlinux.sys before patching, without its two ADV sectors. */
  readonly core: Uint8Array;
  readonly patchArea: PatchArea;
}

// The boot code the template carries lies between the FAT32 BPB and the 55 AA signature.
export const BOOT_CODE_START = 90;
export const BOOT_CODE_END = 510;
const PATCH_AREA_LENGTH = 24;
export const EXTENT_SIZE = 10;

/**
 * Finds the boot sector template and the core image in `installer`. The core ends where the
 * installer's embedded copy of `ldlinuxC32` begins; a module that is not embedded comes from
 * another syslinux build, and that core would not load it.
 */
export function extractSyslinuxBlobs(installer: Uint8Array, ldlinuxC32: Uint8Array): SyslinuxBlobs {
  const bytes = Buffer.from(installer.buffer, installer.byteOffset, installer.byteLength);
  const { templateAt, magicAt } = findTemplateAndCore(bytes);
  const coreAt = templateAt + SECTOR_SIZE;
  const coreEnd = ldlinuxC32.length > 0 ? bytes.indexOf(ldlinuxC32, coreAt + SECTOR_SIZE) : -1;
  if (coreEnd < 0) {
    throw new SyslinuxError(
      'syslinux-version-mismatch',
      'The release’s syslinux/ldlinux.c32 is not the one its syslinux installer was built with, so a drive made from them would stop at boot. Use the syslinux folder of one complete Unraid release.',
    );
  }
  // Copies (new Uint8Array), not views: Buffer's slice() would share the installer's memory.
  const core = new Uint8Array(installer.subarray(coreAt, coreEnd));
  return {
    bootSectorTemplate: new Uint8Array(installer.subarray(templateAt, coreAt)),
    core,
    patchArea: readPatchArea(core, magicAt - coreAt),
  };
}

/**
 * The template is a 512-byte block with "SYSLINUX" at offset 3 and 55 AA at 510; the core follows
 * it, with LDLINUX_MAGIC at a 4-byte-aligned offset in its first sector. (The magic also appears
 * elsewhere in the installer, even at the end of the template itself: only this one counts.)
 */
function findTemplateAndCore(bytes: Buffer): { templateAt: number; magicAt: number } {
  let foundTemplate = false;
  for (let name = bytes.indexOf('SYSLINUX'); name >= 0; name = bytes.indexOf('SYSLINUX', name + 1)) {
    const templateAt = name - 3;
    if (templateAt < 0 || bytes[templateAt + 510] !== 0x55 || bytes[templateAt + 511] !== 0xaa) continue;
    foundTemplate = true;
    const coreAt = templateAt + SECTOR_SIZE;
    for (let at = coreAt; at + 4 <= Math.min(coreAt + SECTOR_SIZE, bytes.length); at += 4) {
      if (bytes.readUInt32LE(at) === LDLINUX_MAGIC) return { templateAt, magicAt: at };
    }
  }
  if (!foundTemplate) {
    throw new SyslinuxError(
      'syslinux-no-template',
      'The release’s syslinux installer holds no boot sector to copy, so the drive cannot be made to boot on BIOS computers. The file is damaged or is not a syslinux 6 installer.',
    );
  }
  throw new SyslinuxError('syslinux-no-core', noCoreMessage);
}

const noCoreMessage =
  'The release’s syslinux installer holds no usable syslinux core (ldlinux.sys), so the drive cannot be made to boot on BIOS computers. The file is damaged or comes from an unsupported syslinux version.';

/** Reads the patch area and its extension, and checks that every field they point to exists. */
function readPatchArea(core: Uint8Array, magic: number): PatchArea {
  const view = new DataView(core.buffer, core.byteOffset, core.byteLength);
  const u16 = (at: number) => (at >= 0 && at + 2 <= core.length ? view.getUint16(at, true) : -1);
  const extension = u16(magic + 22);
  const field = (index: number) => u16(extension + 2 * index);
  const area: PatchArea = {
    magic,
    advPointers: field(0),
    directory: field(1),
    directoryRoom: field(2),
    extents: field(5),
    extentSlots: field(6),
    sector1Low: field(7),
    sector1High: field(8),
  };
  const inCore = (at: number, length: number) => at >= 0 && length >= 0 && at + length <= core.length;
  const inBootCode = (at: number) => at >= BOOT_CODE_START && at + 4 <= BOOT_CODE_END;
  const valid =
    inCore(magic, PATCH_AREA_LENGTH) &&
    inCore(extension, 20) &&
    inCore(area.advPointers, 16) &&
    inCore(area.directory, area.directoryRoom) &&
    inCore(area.extents, area.extentSlots * EXTENT_SIZE) &&
    inBootCode(area.sector1Low) &&
    inBootCode(area.sector1High);
  if (!valid) throw new SyslinuxError('syslinux-no-core', noCoreMessage);
  return area;
}
