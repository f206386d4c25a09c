// What a restore puts on the drive, decided once for the writer and for verify: the backup's
// items after the UEFI switch, and the legacy boot files when the release has usable ones.
import { crc32 } from '../checksum/crc32.js';
import { bootNames, volumeIdOfSerial, type BootFileText } from '../backup/boot-names.js';
import type { Backup } from '../backup/read-backup.js';
import type { RestoreItem } from '../backup/restore-item.js';
import { contentCrc32 } from '../backup/archive.js';
import { fatPathKey } from '../backup/restore-plan.js';
import { LDLINUX_SYS, ldlinuxSysBytes, legacyBootLayout, ROOT_LDLINUX_C32, type LegacyBootFiles } from '../disk/legacy-boot.js';
import type { LayoutRequest } from '../disk/layout.js';
import { withUefi } from '../disk/restore-list.js';
import type { ExpectedItem } from '../verify/verify-image.js';

export interface RestoreChoices {
  /** Turn UEFI boot on or off (renames EFI- ↔ EFI); as the backup has it when omitted. */
  readonly uefi?: boolean;
  /** Files the user changed, by their path in the backup: changed syslinux configs name the label the drive gets. */
  readonly changedFiles?: readonly BootFileText[];
}

export interface RestoreContent {
  readonly items: readonly RestoreItem[];
  readonly legacyBoot: LegacyBootFiles | undefined;
  /** The boot modes the drive will have: only what is really installed. */
  readonly bootModes: { readonly legacyBios: boolean; readonly uefi: boolean };
  /** The volume label the restored server looks for (its append lines' unraidlabel=, or UNRAID). */
  readonly label: string;
  /** The volume id an append line's unraiduuid= asks for; undefined when the drive gets a new one. */
  readonly volumeId: number | undefined;
}

export function restoreContent(backup: Pick<Backup, 'items' | 'legacyBoot' | 'bootFiles' | 'report'>, choices: RestoreChoices = {}): RestoreContent {
  const items = choices.uefi === undefined ? [...backup.items] : withUefi(backup.items, choices.uefi);
  const efi = items.find((item) => item.kind === 'directory' && fatPathKey(item.path) === 'EFI');
  const changed = new Map((choices.changedFiles ?? []).map((file) => [fatPathKey(file.path), file]));
  const bootFiles = backup.bootFiles.map((file) => changed.get(fatPathKey(file.path)) ?? file);
  const names = bootNames(bootFiles, backup.report.osVersion);
  return {
    items,
    legacyBoot: backup.legacyBoot,
    bootModes: { legacyBios: backup.legacyBoot !== undefined, uefi: efi !== undefined },
    label: names.label,
    volumeId: names.volumeSerial === null ? undefined : volumeIdOfSerial(names.volumeSerial),
  };
}

/** The planner's request for this content on a drive of `diskBytes`; `volumeId` unless the backup asks for its own. */
export function layoutRequest(content: RestoreContent, diskBytes: number, volumeId: number): LayoutRequest {
  const boot = content.legacyBoot ? legacyBootLayout(content.legacyBoot) : undefined;
  return {
    diskBytes,
    items: content.items,
    label: content.label,
    volumeId: content.volumeId ?? volumeId,
    generatedFiles: boot?.generatedFiles,
    bootCode: boot?.bootCode,
  };
}

/**
 * What verify should find: the items, where the syslinux install replaces any root ldlinux.sys
 * and ldlinux.c32 the zip had (a stale copy would not match the new core) with its own.
 */
export function expectedOnDrive(content: RestoreContent): ExpectedItem[] {
  const boot = content.legacyBoot;
  const items = content.items.map(withContentCrc);
  if (!boot) return items;
  const installed = new Set([LDLINUX_SYS, ROOT_LDLINUX_C32].map(fatPathKey));
  return [
    ...items.filter((item) => !installed.has(fatPathKey(item.path))),
    // ldlinux.sys's bytes depend on where it lies: verify checks them with the boot loader.
    { path: LDLINUX_SYS, kind: 'file', size: ldlinuxSysBytes(boot) },
    { path: ROOT_LDLINUX_C32, kind: 'file', size: boot.ldlinuxC32.length, entry: { crc32: crc32(boot.ldlinuxC32) } },
  ];
}

/** An item with the CRC-32 its content has (an AE-2 entry's, learned when it was written), else its size alone is compared. */
function withContentCrc(item: RestoreItem): ExpectedItem {
  if (!item.entry) return item;
  const crc32 = contentCrc32(item.entry);
  return crc32 === undefined ? { path: item.path, kind: item.kind, size: item.size } : { ...item, entry: { crc32 } };
}
