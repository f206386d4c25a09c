// The backup reader's entry point: reads a flash backup zip's directory (and, with deep, every byte)
// and returns the report for the user plus the list of things the disk engine creates on the drive.
import { basename } from 'node:path';
import type { BackupReport } from '../../shared/backup-report.js';
import { makeProblem, isBlocking, type BackupProblem } from '../../shared/problems.js';
import { DEFAULT_BOOT_LABEL } from '../../shared/boot-label.js';
import { ArchiveError, openArchive, type Archive, type ArchiveEntry } from './archive.js';
import type { ZipFileOpener } from './file-reader.js';
import { archiveProblem, conflictProblem } from './archive-problems.js';
import { buildChecklist } from './checklist.js';
import { readContent } from './content.js';
import { deepCheck } from './deep-check.js';
import { EntryReader } from './entry-reader.js';
import { readLegacyBoot, type LegacyBootFiles } from './legacy-boot-files.js';
import { entryProblems, unsafePathProblem } from './entry-checks.js';
import { ItemIndex } from './item-index.js';
import { drivePath, findTopFolder, isArchiverMetadata } from './layout.js';
import { bootNames, type BootFileText } from './boot-names.js';
import { bootReport, findBootMaterial, internalBootSigns, releaseProblems, type BootMaterial } from './release.js';
import type { RestoreItem } from './restore-item.js';
import { planRestore } from './restore-plan.js';
import { buildNewServerChecklist, DEFAULT_SERVER_NAME, isPlainRelease } from './new-server.js';

export type { BootMaterial } from './release.js';
export type { FileItem } from './item-index.js';

/** More than any flash drive a backup is restored to holds; a zip declaring more is broken or hostile. */
export const MAX_BACKUP_BYTES = 64 * 2 ** 30;

export interface ReadOptions {
  /** Unpack every entry: checks sizes, CRC-32 and the bz* SHA-256 files. */
  readonly deep?: boolean;
  /**
   * Unpack the bz* images and compare them with their .sha256 files, as rc.S does at every boot,
   * and check the authentication code of every other encrypted file: what a write does before it
   * erases the drive, so a backup that would not boot, or was altered, leaves it intact.
   */
  readonly checkBeforeWrite?: boolean;
  /** Opens the zip with someone else's rights (the privileged writer: its caller's). */
  readonly opener?: ZipFileOpener;
  /** The passphrase of a zip with AES entries (without it, such a zip fails with passphrase-needed). */
  readonly passphrase?: string;
}

export interface Backup {
  readonly report: BackupReport;
  /** Every folder and file to create, parents first, top folder stripped; entries with problems left out. */
  readonly items: readonly RestoreItem[];
  readonly bootMaterial: BootMaterial;
  /** The release's syslinux files, checked to make a legacy BIOS boot; undefined when they cannot. */
  readonly legacyBoot: LegacyBootFiles | undefined;
  /** The syslinux configs whose append lines say how the server finds its flash (label, unraiduuid). */
  readonly bootFiles: readonly BootFileText[];
  /** Open for streaming the items' entries; the caller closes it. */
  readonly archive: Archive;
}

/** Reads a backup for restoring. Throws an ArchiveError when the file cannot be read as a zip at all. */
export async function readBackup(zipPath: string, options: ReadOptions = {}): Promise<Backup> {
  const archive = await openArchive(zipPath, options.opener, options.passphrase);
  try {
    const backup = await examine(archive, options);
    return options.checkBeforeWrite && !options.deep ? await checkBeforeWrite(backup) : backup;
  } catch (error) {
    archive.close();
    throw error;
  }
}

/**
 * The backup with its bz* images unpacked and compared with their .sha256 files, and its other
 * encrypted files authenticated (`checkBeforeWrite`), for a caller that does other work meanwhile:
 * the writer probes the drive while this runs.
 */
export async function checkBeforeWrite(backup: Backup): Promise<Backup> {
  const found = await deepCheck(backup.archive, new ItemIndex(backup.items), 'before-write');
  const { report } = backup;
  return { ...backup, report: { ...report, ok: report.ok && !found.some(isBlocking), problems: withoutRepeats([...report.problems, ...found]) } };
}

/** Reads a backup only to report on it: a file that is no readable zip is a report with that problem, never an error. */
export async function inspectBackup(zipPath: string, options: ReadOptions = {}): Promise<BackupReport> {
  try {
    const { report, archive } = await readBackup(zipPath, options);
    archive.close();
    return report;
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    const zipName = basename(zipPath);
    return unreadableReport(zipName, archiveProblem(error, zipName));
  }
}

async function examine(archive: Archive, options: ReadOptions): Promise<Backup> {
  const zipName = basename(archive.path);
  const { accepted, problems } = checkEntries(archive, zipName);
  problems.push(...sizeProblems(archive, zipName));

  const topFolder = findTopFolder(accepted.map((entry) => entry.name));
  const plan = planRestore(accepted.map((entry) => ({ entry, path: drivePath(entry.name, topFolder) })));
  problems.push(...plan.problems);
  const index = new ItemIndex(plan.items);

  const bootMaterial = findBootMaterial(index);
  const bootReader = new EntryReader(archive);
  const legacy = await readLegacyBoot(bootReader, bootMaterial);
  problems.push(...bootReader.problems);
  const content = await readContent(archive, index);
  const names = bootNames(content.facts.bootFiles, content.facts.osVersion);
  const boot = bootReport(bootMaterial, legacy && 'reason' in legacy ? legacy.reason : null, {
    label: names.label,
    volumeSerial: names.volumeSerial,
    appendLines: names.appendLines,
    internalBoot: internalBootSigns(index, names.appendLines),
  });
  // An empty zip is reported as that; listing everything it lacks would add nothing.
  if (archive.entries.length > 0) problems.push(...releaseProblems(index, boot, zipName), ...names.problems);

  problems.push(...content.problems);
  if (options.deep) problems.push(...(await deepCheck(archive, index)));

  const files = plan.items.filter((item) => item.kind === 'file');
  const largest = files.reduce<RestoreItem | undefined>((max, item) => (max && max.size >= item.size ? max : item), undefined);
  const release = isPlainRelease(index);
  const checklist = release
    ? buildNewServerChecklist({ serverName: content.facts.serverName, address: null, osVersion: content.facts.osVersion, wifiNetwork: null })
    : index.find('config') ? buildChecklist(content.facts.checklist) : [];
  const report: BackupReport = {
    zipName,
    kind: release ? 'release' : 'backup',
    ok: !problems.some(isBlocking),
    deep: options.deep ?? false,
    topFolder,
    osVersion: content.facts.osVersion,
    releaseDate: content.facts.releaseDate,
    // Unraid names a server that was never given a name Tower.
    serverName: content.facts.serverName ?? (release ? DEFAULT_SERVER_NAME : null),
    fileCount: files.length,
    folderCount: plan.items.length - files.length,
    totalBytes: files.reduce((sum, item) => sum + item.size, 0),
    largestFile: largest ? { path: largest.path, size: largest.size } : null,
    uefi: boot.uefi === 'enabled',
    boot,
    checklist,
    privacy: content.facts.privacy,
    problems: withoutRepeats(problems),
  };
  const legacyBoot = legacy && 'files' in legacy ? legacy.files : undefined;
  return { report, items: plan.items, bootMaterial, legacyBoot, bootFiles: content.facts.bootFiles, archive };
}

/**
 * Entries whose bytes or local header give a hostile zip away are each named up to this many; the
 * rest are counted in one problem. A zip bomb can have 65,536 of them, and naming them all would
 * cost more memory than the rest of the judgement.
 */
export const MAX_NAMED_CONFLICTS = 100;

/** The entries that can be restored, and what is wrong with the others, from the zip's directory and local headers. */
function checkEntries(archive: Archive, zipName: string): { accepted: ArchiveEntry[]; problems: BackupProblem[] } {
  const accepted: ArchiveEntry[] = [];
  const problems: BackupProblem[] = [];
  const conflicts = new Map(archive.conflicts.map((conflict) => [conflict.entry, conflict]));
  let named = 0;
  let unnamed = 0;
  const encryptedZip = archive.entries.some((entry) => entry.encryption.kind === 'aes');
  for (const entry of archive.entries) {
    if (isArchiverMetadata(entry.name)) continue;
    const unsafe = unsafePathProblem(entry.name);
    const conflict = conflicts.get(entry);
    if (!unsafe && conflict) {
      if (named++ < MAX_NAMED_CONFLICTS) problems.push(conflictProblem(conflict));
      else unnamed++;
    }
    const found = unsafe ? [unsafe] : entryProblems(entry, archive.size, encryptedZip);
    problems.push(...found);
    if (found.length === 0 && !conflict) accepted.push(entry);
  }
  if (unnamed > 0) problems.push(makeProblem('more-conflicting-entries', null, unnamed, zipName));
  return { accepted, problems };
}

/** What the directory alone says about the whole zip: nothing in it, or more bytes than any flash drive holds. */
function sizeProblems(archive: Archive, zipName: string): BackupProblem[] {
  if (archive.entries.length === 0) return [makeProblem('empty-zip', null, '', zipName)];
  const declared = archive.entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  return declared > MAX_BACKUP_BYTES ? [makeProblem('backup-too-large', null, declared, zipName)] : [];
}

/** Reading an entry for facts and again in the deep check can find the same damage twice. */
function withoutRepeats(problems: readonly BackupProblem[]): BackupProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.code}\0${problem.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function unreadableReport(zipName: string, problem: BackupProblem): BackupReport {
  return {
    zipName, kind: 'backup', ok: false, deep: false, topFolder: null, osVersion: null, releaseDate: null, serverName: null,
    fileCount: 0, folderCount: 0, totalBytes: 0, largestFile: null, uefi: false,
    boot: { uefi: 'absent', legacy: false, legacyMissing: [], legacyUnusable: null, label: DEFAULT_BOOT_LABEL, volumeSerial: null, appendLines: 0, internalBoot: [] },
    checklist: [], privacy: { templatesWithMaskedValues: 0, maskedValues: 0 }, problems: [problem],
  };
}
