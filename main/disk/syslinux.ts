// Legacy BIOS boot with syslinux 6, installed in process on our own bytes:
//   1. extractSyslinuxBlobs: boot sector template and core image from the release's installer;
//   2. place ldlinux.sys (ldlinuxSysSectors long, read-only, hidden, system, never moved);
//   3. buildLdlinuxSys: the file's bytes for that placement, and the boot code that finds it;
//   4. mergeBootSector: that boot code into our FAT32 boot sector and its backup.
export { extractSyslinuxBlobs, type PatchArea, type SyslinuxBlobs } from '../backup/syslinux/blobs.js';
export { SyslinuxError, type SyslinuxErrorCode } from '../backup/syslinux/errors.js';
export {
  buildLdlinuxSys,
  ldlinuxSysSectors,
  mergeBootSector,
  type LdlinuxInstall,
  type LdlinuxPlacement,
  type SectorRun,
} from './syslinux/install.js';
