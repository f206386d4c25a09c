// What the backup reader tells the user about a flash backup zip: plain data, shown by the CLI and
// sent to the UI over IPC.
import type { AnyMessage } from './message.js';
import type { BackupProblem } from './problems.js';

export type { BackupProblem, ProblemCode, ProblemSeverity } from './problems.js';

export interface BackupReport {
  /** The zip's file name, for display. */
  readonly zipName: string;
  /**
   * 'release': an Unraid release as unraid.net offers it, whose config/ holds only the release's own
   * defaults: it makes a new server (installed, with first settings), not a restored one.
   */
  readonly kind: 'backup' | 'release';
  /** True when no problem blocks the restore. */
  readonly ok: boolean;
  /** True when every entry was unpacked and checked (--deep), not only the zip's directory. */
  readonly deep: boolean;
  /** The folder every entry sits in, which the restore strips; null when the files are at the zip's root. */
  readonly topFolder: string | null;
  /** From the first line of changes.txt, e.g. "7.1.4"; null when unknown. */
  readonly osVersion: string | null;
  readonly releaseDate: string | null;
  /** NAME from config/ident.cfg. */
  readonly serverName: string | null;
  /** Files (not folders) the restore will write. */
  readonly fileCount: number;
  readonly folderCount: number;
  /** Uncompressed bytes of those files. */
  readonly totalBytes: number;
  readonly largestFile: { readonly path: string; readonly size: number } | null;
  /** True when the backup allows UEFI boot (it has an EFI folder, not EFI-). */
  readonly uefi: boolean;
  readonly boot: BootReport;
  readonly checklist: readonly ChecklistSection[];
  readonly privacy: PrivacyNote;
  readonly problems: readonly BackupProblem[];
}

export interface BootReport {
  /** 'enabled': EFI folder; 'disabled': EFI- folder (the user may turn it on); 'absent': neither. */
  readonly uefi: 'enabled' | 'disabled' | 'absent';
  /** True when the backup has what a legacy BIOS boot needs (syslinux's mbr.bin, ldlinux.c32, an installer). */
  readonly legacy: boolean;
  /** What legacy boot lacks, as names in the backup (empty when legacy is true). */
  readonly legacyMissing: readonly string[];
  /** Why the syslinux files the backup has cannot be installed (e.g. installer and ldlinux.c32 differ), or null. */
  readonly legacyUnusable: AnyMessage | null;
  /** The volume label Unraid will look for, from the append lines' unraidlabel= (UNRAID when none names one). */
  readonly label: string;
  /** A FAT volume serial an append line's unraiduuid= asks for ("1A2B-3C4D"): the drive gets it. Null when none. */
  readonly volumeSerial: string | null;
  /** Append lines in the syslinux files (BIOS, UEFI and the spare syslinux.cfg-); 0 when there are none to boot by. */
  readonly appendLines: number;
  /** What shows that the server boots from an internal drive (Unraid 7.3): grub/grub.cfg, config/pools/boot.cfg; empty when nothing does. */
  readonly internalBoot: readonly string[];
}

/** Container templates that hold masked values (passwords, tokens): counted, never shown. */
export interface PrivacyNote {
  readonly templatesWithMaskedValues: number;
  readonly maskedValues: number;
}

export type ChecklistId =
  | 'passwords' | 'wireguard' | 'plugins' | 'license' | 'license-tpm-or-flash' | 'flash-backup'
  | 'wifi' | 'machine-id' | 'safe-mode-go' | 'no-rollback'
  // A new server, from a release.
  | 'new-open' | 'new-root-password' | 'new-registration' | 'new-array' | 'new-flash-backup' | 'new-tpm' | 'new-wifi';

/** The sections about the licence key: the new drive's GUID belongs with them. */
export const LICENSE_SECTIONS: readonly ChecklistId[] = ['license', 'license-tpm-or-flash'];

/** One thing to redo after the restore (or to do on a new server): what and why (its title: checklist.title.<id>), and the things it concerns (items). */
export interface ChecklistSection {
  readonly id: ChecklistId;
  readonly items: readonly AnyMessage[];
}
