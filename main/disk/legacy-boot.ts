// Legacy BIOS boot for a restore: from the release's own syslinux files, the MBR boot code, the
// generated ldlinux.sys, the root ldlinux.c32 and the FAT boot sector code, as the official
// make_bootable scripts' `syslinux --install` would leave them (REFERENCE §1, §6). The files come
// checked from the backup reader (backup/legacy-boot-files.ts).
import type { LegacyBootFiles } from '../backup/legacy-boot-files.js';
import type { BootCode, FilePlacement, GeneratedFile } from './layout.js';
import { buildLdlinuxSys, ldlinuxSysSectors, mergeBootSector } from './syslinux.js';

export type { LegacyBootFiles } from '../backup/legacy-boot-files.js';

export const LDLINUX_SYS = 'ldlinux.sys';
export const ROOT_LDLINUX_C32 = 'ldlinux.c32';
// What `syslinux --install` sets on both files it writes: read-only, hidden, system (and archive).
const INSTALLED_ATTRIBUTES = 0x01 | 0x02 | 0x04 | 0x20;

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
