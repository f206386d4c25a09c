// Whether the legacy BIOS boot loader on a flash is the release's own: the one the flash's own
// syslinux/ files (its installer's core and boot sector code, its ldlinux.c32 and mbr.bin) make, as
// Flash Creator's write installs it (REFERENCE §1, §6). A core from another syslinux build than the
// ldlinux.c32 it loads stops at boot ("Failed to load ldlinux.c32"); a boot sector without syslinux's
// code never reaches ldlinux.sys. Read-only; the comparison is the write's own read-back check.
import { INSTALLER_PATHS } from '../backup/release.js';
import { checkLegacyBoot, MBR_BOOT_CODE_BYTES } from '../backup/legacy-boot-files.js';
import { ROOT_LDLINUX_C32 } from '../disk/legacy-boot.js';
import { readBytes, type FlashFile } from '../backup-maker/flash-files.js';
import type { FatVolume } from '../fat/volume.js';
import { walkVolume } from '../fat/walk.js';
import { verifyLegacyBoot } from '../verify/legacy-boot.js';
import { message, type AnyMessage } from '../../shared/message.js';

/** 'release': as the release's syslinux makes it; 'other': not; null: absent, or it cannot be told. */
export type Likeness = 'release' | 'other' | null;

export interface BootLoaderState {
  /** Why the release's own syslinux/ files cannot make the boot loader; null when they can. */
  readonly releaseUnusable: AnyMessage | null;
  /** ldlinux.sys, against the release's core patched for where it lies. */
  readonly ldlinuxSys: Likeness;
  /** The ldlinux.c32 the core loads: the root's copy, else syslinux/'s; against the one the release's installer embeds. */
  readonly ldlinuxC32: { readonly path: string; readonly likeness: Likeness };
  /** The boot code in the partition's boot sector, which loads ldlinux.sys. */
  readonly bootSectorCode: Likeness;
  /** The MBR's boot code: 'empty' when it is all zeros (a BIOS then starts nothing). */
  readonly mbrCode: Likeness | 'empty';
}

const MAX_BOOT_FILE_BYTES = 8 * 2 ** 20;
const LDLINUX_C32 = 'syslinux/ldlinux.c32';

/** The boot loader's state; `find` gives the flash's files by path, in any case. */
export async function readBootLoader(volume: FatVolume, find: (path: string) => FlashFile | undefined): Promise<BootLoaderState> {
  const mbr = await volume.source.read(0, MBR_BOOT_CODE_BYTES);
  const mbrEmpty = mbr.every((byte) => byte === 0);
  const rootC32 = find(ROOT_LDLINUX_C32);
  const loaded = rootC32?.kind === 'file' ? rootC32 : find(LDLINUX_C32);
  const unknown: BootLoaderState = {
    releaseUnusable: null,
    ldlinuxSys: null,
    ldlinuxC32: { path: loaded?.path ?? LDLINUX_C32, likeness: null },
    bootSectorCode: null,
    mbrCode: mbrEmpty ? 'empty' : null,
  };
  const mbrBin = await bytesOf(find('syslinux/mbr.bin'));
  const releaseC32 = find(LDLINUX_C32);
  const ldlinux = await bytesOf(releaseC32);
  const installers: { path: string; bytes: Uint8Array }[] = [];
  for (const path of INSTALLER_PATHS) {
    const bytes = await bytesOf(find(path));
    if (bytes) installers.push({ path, bytes });
  }
  // Without them the release's boot loader is unknown: the write's own report names what is lacking.
  if (!mbrBin || !ldlinux || !releaseC32 || installers.length === 0) return unknown;
  const check = checkLegacyBoot({ mbr: mbrBin, ldlinux: { bytes: ldlinux, item: releaseC32 }, installers });
  if ('reason' in check) return { ...unknown, releaseUnusable: check.reason };

  const tree = await walkVolume(volume, { continuePastReadErrors: true });
  const differences = new Set((await verifyLegacyBoot(volume.source, volume, tree.entries, check.files)).map((difference) => difference.message.code));
  const ldlinuxSys = tree.entries.find((entry) => entry.path.toLowerCase() === 'ldlinux.sys' && entry.kind === 'file');
  const loadedBytes = loaded === releaseC32 ? ldlinux : await bytesOf(loaded);
  return {
    releaseUnusable: null,
    ldlinuxSys: ldlinuxSys?.readable ? (differences.has('difference.ldlinux-differs') ? 'other' : 'release') : null,
    ldlinuxC32: { path: loaded!.path, likeness: loadedBytes ? (loadedBytes.equals(check.files.ldlinuxC32) ? 'release' : 'other') : null },
    bootSectorCode: ldlinuxSys?.readable ? (differences.has('difference.boot-sector-code') ? 'other' : 'release') : null,
    mbrCode: mbrEmpty ? 'empty' : differences.has('difference.mbr-code') ? 'other' : 'release',
  };
}

/** The findings about the boot loader, each with whether it stops the flash from booting. */
export function bootLoaderFindings(state: BootLoaderState): { readonly stopsBoot: boolean; readonly message: AnyMessage }[] {
  const findings: { stopsBoot: boolean; message: AnyMessage }[] = [];
  if (state.releaseUnusable) findings.push({ stopsBoot: false, message: message('repair.release-syslinux-unusable', { reason: state.releaseUnusable }) });
  if (state.ldlinuxSys === 'other') findings.push({ stopsBoot: true, message: message('repair.ldlinux-foreign') });
  else if (state.bootSectorCode === 'other') findings.push({ stopsBoot: true, message: message('repair.boot-code-foreign') });
  if (state.ldlinuxC32.likeness === 'other') findings.push({ stopsBoot: true, message: message('repair.ldlinux-c32-foreign', { path: state.ldlinuxC32.path }) });
  if (state.mbrCode === 'empty') findings.push({ stopsBoot: true, message: message('repair.mbr-code-empty') });
  if (state.mbrCode === 'other') findings.push({ stopsBoot: false, message: message('repair.mbr-code-other') });
  return findings;
}

/** A small file's bytes; undefined when it is absent or cannot be read whole. */
async function bytesOf(file: FlashFile | undefined): Promise<Buffer | undefined> {
  if (file?.kind !== 'file' || file.unreadable !== undefined || file.size > MAX_BOOT_FILE_BYTES) return undefined;
  return readBytes(file).catch(() => undefined);
}
