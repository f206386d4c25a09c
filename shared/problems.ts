// Every problem the backup reader can report: a stable code (scripts and the UI rely on it), whether
// it stops the restore, and the sentence a home-server owner reads.

/**
 * blocking: the backup cannot be restored as it is.
 * warning: the restore works, but the user should know (e.g. one boot mode is not possible).
 */
export type ProblemSeverity = 'blocking' | 'warning';

export interface BackupProblem {
  readonly code: ProblemCode;
  readonly severity: ProblemSeverity;
  readonly message: string;
  /** The entry's name as the zip stores it (or the expected name of a missing one); null for the zip as a whole. */
  readonly path: string | null;
}

interface ProblemText {
  readonly severity: ProblemSeverity;
  /** subject: the entry name (or the zip's file name); detail: the specifics the sentence needs, if any. */
  readonly message: (subject: string, detail: string) => string;
}

const PROBLEMS = {
  // The zip file as a whole.
  'cannot-open': { severity: 'blocking', message: (s, d) => `${s} cannot be opened: ${d}.` },
  'empty-file': { severity: 'blocking', message: (s) => `${s} is empty (0 bytes): it holds no backup.` },
  'not-a-zip': { severity: 'blocking', message: (s) => `${s} is not a zip file, so it is not a flash backup.` },
  'truncated': { severity: 'blocking', message: (s) => `${s} is cut short: the zip file ends too early. Download or copy the backup again.` },
  'corrupt-zip': { severity: 'blocking', message: (s, d) => `${s} is a damaged zip file (${d}). Download or copy the backup again.` },
  'too-many-entries': { severity: 'blocking', message: (s, d) => `${s} claims ${d} entries; a flash backup has a few thousand at most.` },
  'empty-zip': { severity: 'blocking', message: (s) => `${s} is an empty zip: it holds no files.` },
  'not-unraid-backup': { severity: 'blocking', message: (s) => `${s} is not an Unraid flash backup: it has no bzimage, no bzroot and no config folder.` },
  'missing-required-file': { severity: 'blocking', message: (s) => `The backup has no ${s}, which every Unraid flash drive needs.` },
  'backup-too-large': { severity: 'blocking', message: (s, d) => `${s} claims to hold ${d}, more than any flash drive it could be restored to; the zip is damaged or made to deceive.` },

  // One entry in the zip.
  'path-traversal': { severity: 'blocking', message: (s) => `${s} uses '..' to point outside the flash drive; a real backup never does.` },
  'absolute-path': { severity: 'blocking', message: (s) => `${s} is an absolute path (it names a location outside the backup); a real backup never has one.` },
  'backslash-path': { severity: 'blocking', message: (s) => `${s} has a backslash in its name, which a FAT flash drive cannot hold; the zip was not made on Windows, so it does not separate folders there. Make the zip again with '/' between folders.` },
  'symlink': { severity: 'blocking', message: (s) => `${s} is a symbolic link; a FAT flash drive cannot hold links and a real backup has none.` },
  'special-entry': { severity: 'blocking', message: (s) => `${s} is neither a file nor a folder (a device, pipe or socket); a real backup has none.` },
  'encrypted-entry': { severity: 'blocking', message: (s) => `${s} is encrypted (password-protected); the flash creator cannot read it.` },
  'unsupported-compression': { severity: 'blocking', message: (s, d) => `${s} is compressed with ${d}; only "store" and "deflate" zips can be restored. Make the zip again with a standard tool.` },
  'duplicate-name': { severity: 'blocking', message: (s, d) => `${s} appears more than once in the zip${d ? ` (${d})` : ''}; it is not clear which one to restore.` },
  'fat-name-collision': { severity: 'blocking', message: (s, d) => `${s} and ${d} differ only in upper and lower case; on a FAT flash drive they would be the same name.` },
  'invalid-fat-name': { severity: 'blocking', message: (s, d) => `${s} cannot be stored on a FAT flash drive: ${d}.` },
  'file-too-large': { severity: 'blocking', message: (s, d) => `${s} is ${d}; a FAT flash drive holds files up to 4 GiB - 1 byte.` },
  'overlapping-entries': { severity: 'blocking', message: (s, d) => `${s} shares its bytes in the zip with ${d}; a real zip stores every file apart, so the zip is damaged or made to deceive (a zip bomb does this), and neither is restored.` },
  'more-conflicting-entries': { severity: 'blocking', message: (s, d) => `${s} has ${d} more entries like the ones named above, sharing bytes with others or contradicting the zip's directory; none of them is restored.` },
  'local-header-mismatch': { severity: 'blocking', message: (s, d) => `${s} is not what the zip's directory says (${d}); the zip is damaged or made to deceive.` },
  'impossible-size': { severity: 'blocking', message: (s, d) => `${s} declares sizes no real zip can have (${d}); the zip is damaged or made to deceive.` },

  // Found when the bytes are read.
  'crc-mismatch': { severity: 'blocking', message: (s) => `${s} is damaged: its content does not match the zip's CRC-32 checksum.` },
  'size-mismatch': { severity: 'blocking', message: (s, d) => `${s} is damaged: it does not unpack to the size the zip declares${d ? ` (${d})` : ''}.` },
  'entry-unreadable': { severity: 'blocking', message: (s, d) => `${s} cannot be unpacked${d ? `: ${d}` : ''}.` },
  'checksum-mismatch': { severity: 'blocking', message: (s, d) => `${s} does not match its SHA-256 file ${d}; Unraid would refuse to boot from it.` },

  // Booting the restored drive.
  'not-bootable': { severity: 'blocking', message: (_s, d) => `The restored drive could not boot: ${d}.` },
  'no-legacy-boot': { severity: 'warning', message: (_s, d) => `The drive will not boot on a legacy BIOS: ${d}.` },
  'uefi-disabled': { severity: 'warning', message: () => 'UEFI boot is turned off in this backup (its folder is named EFI-); the drive boots in legacy BIOS mode only unless you turn UEFI on.' },
  'no-uefi': { severity: 'warning', message: () => 'The backup has no EFI folder, so the drive cannot boot in UEFI mode.' },
  'internal-boot-backup': { severity: 'blocking', message: (s, d) => `${s} is a backup of a server that boots from an internal drive (Unraid 7.3 internal boot: ${d}). It holds no USB boot loader: no syslinux folder with boot entries and no EFI folder, which Unraid leaves off its internal boot drive. Unraid's way back is a USB flash drive first: make one with the Unraid USB Creator for the same release, boot the server from it and follow its onboarding; this backup's config folder holds the settings to bring back.` },
  'boot-file-missing': { severity: 'blocking', message: (s) => `The backup has no ${s}. Unraid checks bzimage, bzroot, bzroot-gui, bzmodules, bzfirmware and their .sha256 files at every boot and stops when one is missing (unless config/skipbzcheck exists).` },
  'checksum-not-checked': { severity: 'warning', message: (s, d) => `${s} does not match its SHA-256 file ${d}; the server still boots, because config/skipbzcheck turns Unraid's boot check off.` },

  // How the restored server finds its flash (the append lines of the syslinux files).
  'bad-boot-label': { severity: 'blocking', message: (s, d) => `${s} tells Unraid to find its flash drive by the label ${d}, and no flash drive can carry it: a flash label has 1 to 11 characters of A–Z, 0–9, - and _. Correct unraidlabel= in the backup's syslinux files.` },
  'boot-label-mismatch': { severity: 'warning', message: (_s, d) => `The boot entries name different flash labels: ${d}, so an entry that names another label will not find the drive and stops at boot. Choose one label in the Options step to set it on every append line.` },
  'boot-uuid-unmatchable': { severity: 'blocking', message: (s, d) => `${s} has unraiduuid=${d} on an append line: Unraid 7.3 then looks for the boot device with that id before any label, and no FAT flash drive can have it (a number is the id of an internal ZFS boot pool), so the restored drive would not boot. Take unraiduuid= off the append lines of the backup's syslinux files.` },
  'boot-uuid-mismatch': { severity: 'warning', message: (_s, d) => `The boot entries ask for different flash volume ids (${d}); a drive has one, so the entries asking for another will not find it. The drive gets the first.` },
} satisfies Record<string, ProblemText>;

export type ProblemCode = keyof typeof PROBLEMS;

export const PROBLEM_CODES = Object.keys(PROBLEMS) as ProblemCode[];

/** A problem with its sentence. path: the entry name, null for the zip as a whole (then subject names the zip). */
export function makeProblem(code: ProblemCode, path: string | null, detail = '', subject = path ?? 'The zip'): BackupProblem {
  const text: ProblemText = PROBLEMS[code];
  return { code, severity: text.severity, message: text.message(subject, detail), path };
}

export function isBlocking(problem: BackupProblem): boolean {
  return problem.severity === 'blocking';
}
