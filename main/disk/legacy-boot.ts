// Legacy BIOS boot for a restore: from the release's own syslinux files, the MBR boot code, the
// generated ldlinux.sys, the root ldlinux.c32 and the FAT boot sector code, as the official
// make_bootable scripts' `syslinux --install` would leave them (REFERENCE §1, §6).
import type { RestoreItem } from '../backup/restore-item.js';
import type { BootCode, FilePlacement, GeneratedFile } from './layout.js';
import { MBR_BOOT_CODE_BYTES } from './mbr.js';
import {
  buildLdlinuxSys,
  extractSyslinuxBlobs,
  ldlinuxSysSectors,
  mergeBootSector,
  SyslinuxError,
  type SyslinuxBlobs,
} from './syslinux.js';

/** The release files a legacy install is made of, checked to fit together. */
export interface LegacyBootFiles {
  readonly blobs: SyslinuxBlobs;
  /** The first 440 bytes of syslinux/mbr.bin. */
  readonly mbrCode: Uint8Array;
  /** syslinux/ldlinux.c32: the installer also puts a copy at the root, which the core loads first. */
  readonly ldlinuxC32: Uint8Array;
  /** Timestamp for the files the install creates: the release's ldlinux.c32's own. */
  readonly dosDate: number;
  readonly dosTime: number;
}

export interface LegacyBootSource {
  readonly mbr: Uint8Array;
  readonly ldlinux: { readonly bytes: Uint8Array; readonly item: RestoreItem };
  /** The release's installer binaries, in order of preference, with their paths for messages. */
  readonly installers: readonly { readonly path: string; readonly bytes: Uint8Array }[];
}

/** The files, or why they cannot make a legacy boot (a phrase, no final stop). */
export type LegacyBootCheck = { readonly files: LegacyBootFiles } | { readonly reason: string };

export const LDLINUX_SYS = 'ldlinux.sys';
export const ROOT_LDLINUX_C32 = 'ldlinux.c32';
// What `syslinux --install` sets on both files it writes: read-only, hidden, system (and archive).
const INSTALLED_ATTRIBUTES = 0x01 | 0x02 | 0x04 | 0x20;

/** Takes the boot sector template and core from the first installer that matches the release's ldlinux.c32. */
export function checkLegacyBoot(source: LegacyBootSource): LegacyBootCheck {
  if (source.mbr.length < MBR_BOOT_CODE_BYTES) {
    return { reason: `syslinux/mbr.bin is ${source.mbr.length} bytes, too short for MBR boot code (${MBR_BOOT_CODE_BYTES})` };
  }
  // The preferred installer's reason is the one to give: later ones are fallbacks.
  let firstError: SyslinuxError | undefined;
  for (const installer of source.installers) {
    try {
      const blobs = extractSyslinuxBlobs(installer.bytes, source.ldlinux.bytes);
      return {
        files: {
          blobs,
          mbrCode: source.mbr.subarray(0, MBR_BOOT_CODE_BYTES),
          ldlinuxC32: source.ldlinux.bytes,
          dosDate: source.ldlinux.item.dosDate,
          dosTime: source.ldlinux.item.dosTime,
        },
      };
    } catch (error) {
      if (!(error instanceof SyslinuxError)) throw error;
      firstError ??= error;
    }
  }
  const tried = source.installers.map((installer) => installer.path).join(', ');
  return { reason: firstError ? `${tried}: ${firstError.message.replace(/\.$/, '')}` : 'the backup has no syslinux installer' };
}

/** ldlinux.sys's size: the core and its two ADV sectors. */
export function ldlinuxSysBytes(files: LegacyBootFiles): number {
  return ldlinuxSysSectors(files.blobs) * 512;
}

/** The planner's inputs that install syslinux: two generated root files and the boot code. */
export function legacyBootLayout(files: LegacyBootFiles): { generatedFiles: GeneratedFile[]; bootCode: BootCode } {
  const install = (placement: FilePlacement) => buildLdlinuxSys(files.blobs, { runs: placement.runs });
  const created = { attributes: INSTALLED_ATTRIBUTES, dosDate: files.dosDate, dosTime: files.dosTime };
  return {
    generatedFiles: [
      { path: LDLINUX_SYS, size: ldlinuxSysBytes(files), ...created, content: (placement) => install(placement).ldlinuxSys },
      { path: ROOT_LDLINUX_C32, size: files.ldlinuxC32.length, ...created, content: () => files.ldlinuxC32 },
    ],
    bootCode: {
      mbr: files.mbrCode,
      bootSector: (ours, placements) => {
        const placement = placements.get(LDLINUX_SYS);
        if (!placement) throw new Error('ldlinux.sys was not placed');
        return mergeBootSector(ours, install(placement).bootSectorCode);
      },
    },
  };
}
