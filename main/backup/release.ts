// What the Unraid release in a backup holds: the files every flash needs, the version, and the boot
// material the disk engine installs (REFERENCE §1, §2, §6).
import type { BootReport } from '../../shared/backup-report.js';
import { makeProblem, type BackupProblem } from '../../shared/problems.js';
import type { FileItem, ItemIndex } from './item-index.js';
import type { RestoreItem } from './restore-item.js';
import { message, nameItems, type AnyMessage } from '../../shared/message.js';

/** The syslinux installers whose embedded boot sector and core image a legacy install uses, in order of preference. */
export const INSTALLER_PATHS = ['syslinux/syslinux', 'syslinux/syslinux_linux', 'syslinux/syslinux.exe'] as const;
/** Any of the installers, as a missing file is named: one of them is enough. */
export const ANY_INSTALLER = 'syslinux/syslinux*';
export const MBR_PATH = 'syslinux/mbr.bin';
export const LDLINUX_PATH = 'syslinux/ldlinux.c32';

/** What the disk engine needs to make the drive bootable, as items of the restore. */
export interface BootMaterial {
  /** syslinux/mbr.bin: the MBR boot code. */
  readonly mbr: FileItem | undefined;
  /** syslinux/ldlinux.c32: the module the core loads; the installer's core must match it. */
  readonly ldlinux: FileItem | undefined;
  /** The installer binaries present, in INSTALLER_PATHS order. */
  readonly installers: readonly FileItem[];
  /** The EFI folder (UEFI allowed) or EFI- folder (UEFI turned off) as the backup names it. */
  readonly efiFolder: RestoreItem | undefined;
  readonly uefiEnabled: boolean;
}

export function findBootMaterial(index: ItemIndex): BootMaterial {
  const efi = folder(index, 'EFI');
  return {
    mbr: index.file(MBR_PATH),
    ldlinux: index.file(LDLINUX_PATH),
    installers: INSTALLER_PATHS.map((path) => index.file(path)).filter((item) => item !== undefined),
    efiFolder: efi ?? folder(index, 'EFI-'),
    uefiEnabled: efi !== undefined,
  };
}

function folder(index: ItemIndex, path: string): RestoreItem | undefined {
  const item = index.find(path);
  return item?.kind === 'directory' ? item : undefined;
}

/** What shows a backup of a server that boots from an internal drive (7.3's GRUB on a ZFS pool), as names in the backup. */
const INTERNAL_BOOT_SIGNS = ['grub/grub.cfg', 'config/pools/boot.cfg'];

/** The images rc.S checks against their .sha256 files at every boot (etc/rc.d/rc.S, bzcheck). */
export const CHECKED_IMAGES = ['bzimage', 'bzroot', 'bzroot-gui', 'bzmodules', 'bzfirmware'] as const;
/** With this file on the flash, rc.S skips the check. */
export const SKIP_BZ_CHECK = 'config/skipbzcheck';

/**
 * Signs that the server booted from an internal drive, when nothing in the backup boots from a USB
 * stick (no append lines): rc.6 copies the flash to the internal pool without EFI*, syslinux,
 * ldlinux* and make_bootable* (etc/rc.d/rc.6 in unraid/webgui 7.3.x, "Transfering boot configuration").
 */
export function internalBootSigns(index: ItemIndex, appendLines: number): string[] {
  if (appendLines > 0) return [];
  return INTERNAL_BOOT_SIGNS.filter((path) => index.find(path) !== undefined);
}

/** The boot modes the backup gives; `legacyUnusable` says why its syslinux files do not fit together, if they do not. */
export function bootReport(material: BootMaterial, legacyUnusable: AnyMessage | null, names: Pick<BootReport, 'label' | 'volumeSerial' | 'appendLines' | 'internalBoot'>): BootReport {
  const legacyMissing = [
    ...(material.mbr ? [] : [MBR_PATH]),
    ...(material.ldlinux ? [] : [LDLINUX_PATH]),
    ...(material.installers.length > 0 ? [] : [ANY_INSTALLER]),
  ];
  const uefi = material.uefiEnabled ? 'enabled' : material.efiFolder ? 'disabled' : 'absent';
  return { uefi, legacy: legacyMissing.length === 0 && legacyUnusable === null, legacyMissing, legacyUnusable, ...names };
}

/**
 * A drive that boots neither way is blocking; one boot mode missing is a warning. A backup with
 * UEFI turned off (EFI-) still counts as bootable: the user can turn UEFI on for the restore.
 */
function bootProblems(boot: BootReport): BackupProblem[] {
  const problems: BackupProblem[] = [];
  const lacking = boot.legacyUnusable ?? message('problem.detail.lacks', { files: boot.legacyMissing.map((name) => message('problem.detail.no-file', { name })) });
  if (!boot.legacy && boot.uefi === 'absent') {
    return [makeProblem('not-bootable', null, message('problem.detail.and-no-efi', { lacking }))];
  }
  if (!boot.legacy) problems.push(makeProblem('no-legacy-boot', null, boot.uefi === 'disabled' ? message('problem.detail.uefi-hint', { lacking }) : lacking));
  if (boot.uefi === 'disabled') problems.push(makeProblem('uefi-disabled', null));
  if (boot.uefi === 'absent') problems.push(makeProblem('no-uefi', null));
  return problems;
}

/**
 * What the release lacks: required files, the files rc.S checks at boot, then boot modes (unless it
 * is no Unraid backup at all). A backup of an internally booted server lacks the boot loader by
 * design, which one problem says better than a list of missing files.
 */
export function releaseProblems(index: ItemIndex, boot: BootReport, zipName: string): BackupProblem[] {
  const missing = requiredProblems(index, zipName);
  if (missing.some((problem) => problem.code === 'not-unraid-backup')) return missing;
  const checked = [...missing, ...bootCheckProblems(index, missing)];
  if (boot.internalBoot.length > 0) return [...checked, makeProblem('internal-boot-backup', null, message('problem.detail.names', { names: nameItems(boot.internalBoot) }), zipName)];
  return [...checked, ...bootProblems(boot)];
}

/** rc.S stops the boot when an image or its .sha256 is missing, unless config/skipbzcheck exists. */
function bootCheckProblems(index: ItemIndex, alreadyMissing: readonly BackupProblem[]): BackupProblem[] {
  if (index.find(SKIP_BZ_CHECK)) return [];
  const told = new Set(alreadyMissing.map((problem) => problem.path));
  return CHECKED_IMAGES.flatMap((image) => [image, `${image}.sha256`])
    .filter((path) => !told.has(path) && !index.file(path))
    .map((path) => makeProblem('boot-file-missing', path));
}

/** The kernel, the root filesystem and the config folder: without them it is no Unraid flash. */
function requiredProblems(index: ItemIndex, zipName: string): BackupProblem[] {
  const missing = [
    ...(index.file('bzimage') ? [] : ['bzimage']),
    ...(index.file('bzroot') ? [] : ['bzroot']),
    ...(index.find('config')?.kind === 'directory' ? [] : ['config/']),
  ];
  if (missing.length === 3) return [makeProblem('not-unraid-backup', null, '', zipName)];
  return missing.map((path) => makeProblem('missing-required-file', path));
}

/** Whether `version` ("7.3.0", "7.3.0-rc.1") is `major.minor` or later; null when it is unknown. */
export function isReleaseAtLeast(version: string | null, major: number, minor: number): boolean | null {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) return null;
  const [have, haveMinor] = [Number(match[1]), Number(match[2])];
  return have > major || (have === major && haveMinor >= minor);
}

/** "# Version 7.1.4 2026-06-10" → { version: '7.1.4', date: '2026-06-10' }. */
export function parseVersionLine(line: string): { version: string; date: string | null } | undefined {
  const match = /^\uFEFF?#*\s*Version\s+(\S+)(?:\s+(\d{4}-\d{2}-\d{2}))?/i.exec(line);
  return match?.[1] ? { version: match[1], date: match[2] ?? null } : undefined;
}
