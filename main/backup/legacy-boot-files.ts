// Reads the release's syslinux files from the zip and checks that they make a legacy BIOS boot:
// an installer whose embedded core matches the release's ldlinux.c32, and an MBR boot code.
import { message, type AnyMessage } from '../../shared/message.js';
import type { EntryReader } from './entry-reader.js';
import { ANY_INSTALLER, type BootMaterial } from './release.js';
import type { RestoreItem } from './restore-item.js';
import { extractSyslinuxBlobs, type SyslinuxBlobs } from './syslinux/blobs.js';
import { SyslinuxError } from './syslinux/errors.js';

/** An MBR's boot code: the first 440 bytes of its sector (and of syslinux's mbr.bin). */
export const MBR_BOOT_CODE_BYTES = 440;

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
export type LegacyBootCheck = { readonly files: LegacyBootFiles } | { readonly reason: AnyMessage };

// syslinux's installers are a few hundred KiB; its modules and mbr.bin are smaller still.
const MAX_BOOT_FILE_BYTES = 8 * 2 ** 20;

/** The check's outcome; undefined when a boot file is missing (the report lists which). */
export async function readLegacyBoot(reader: EntryReader, material: BootMaterial): Promise<LegacyBootCheck | undefined> {
  if (!material.mbr || !material.ldlinux || material.installers.length === 0) return undefined;
  const mbr = await reader.bytes(material.mbr, MAX_BOOT_FILE_BYTES);
  const ldlinux = await reader.bytes(material.ldlinux, MAX_BOOT_FILE_BYTES);
  const installers = [];
  for (const item of material.installers) {
    const bytes = await reader.bytes(item, MAX_BOOT_FILE_BYTES);
    if (bytes) installers.push({ path: item.path, bytes });
  }
  if (!mbr) return { reason: message('problem.detail.unreadable-file', { name: material.mbr.path }) };
  if (!ldlinux) return { reason: message('problem.detail.unreadable-file', { name: material.ldlinux.path }) };
  return checkLegacyBoot({ mbr, ldlinux: { bytes: ldlinux, item: material.ldlinux }, installers });
}

/** Takes the boot sector template and core from the first installer that matches the release's ldlinux.c32. */
export function checkLegacyBoot(source: LegacyBootSource): LegacyBootCheck {
  if (source.mbr.length < MBR_BOOT_CODE_BYTES) {
    return { reason: message('problem.detail.mbr-too-short', { size: source.mbr.length, min: MBR_BOOT_CODE_BYTES }) };
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
  const files = source.installers.map((installer) => message('problem.detail.name', { name: installer.path }));
  if (!firstError) return { reason: message('problem.detail.lacks', { files: [message('problem.detail.no-file', { name: ANY_INSTALLER })] }) };
  return { reason: message(firstError.code === 'syslinux-version-mismatch' ? 'problem.detail.syslinux-mismatch' : firstError.code === 'syslinux-no-template' ? 'problem.detail.syslinux-no-template' : 'problem.detail.syslinux-no-core', { files }) };
}
