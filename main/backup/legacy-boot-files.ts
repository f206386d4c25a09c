// Reads the release's syslinux files from the zip and checks that they make a legacy BIOS boot:
// an installer whose embedded core matches the release's ldlinux.c32, and an MBR boot code.
import { checkLegacyBoot, type LegacyBootCheck } from '../disk/legacy-boot.js';
import type { EntryReader } from './entry-reader.js';
import type { BootMaterial } from './release.js';

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
  if (!mbr) return { reason: `${material.mbr.path} cannot be read` };
  if (!ldlinux) return { reason: `${material.ldlinux.path} cannot be read` };
  return checkLegacyBoot({ mbr, ldlinux: { bytes: ldlinux, item: material.ldlinux }, installers });
}
