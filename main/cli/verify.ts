// flash-creator verify <zip> --image <file>: reads a written image back on its own and compares
// it with the backup, naming every difference.
import { parseArgs } from 'node:util';
import { formatBytes, plural } from '../../shared/format.js';
import { fatNameKey } from '../backup/fat-names.js';
import { readBackup, type Backup } from '../backup/read-backup.js';
import { expectedOnDrive, restoreContent, type RestoreContent } from '../flash/restore-content.js';
import { openImageSource } from '../verify/byte-source.js';
import { rootNames, verifyImage, type VerifyReport } from '../verify/verify-image.js';
import { EXIT_OK, EXIT_PROBLEMS, UsageError, type CliIO, type Command } from './io.js';

export const verify: Command = async (args, io) => {
  const { zipPath, imagePath } = parseCommandArgs(args, {});
  const backup = await loadBackup(zipPath, io);
  if (!backup) return EXIT_PROBLEMS;
  try {
    const source = await openImageSource(imagePath);
    // The UEFI switch renames EFI- to EFI (or back) on write: either name is the backup's folder.
    const names = new Set((await rootNames(source)).map(fatNameKey));
    await source.close();
    const uefi = names.has('EFI') || names.has('EFI-') ? names.has('EFI') : undefined;
    return (await verifyImageFile(imagePath, restoreContent(backup, { uefi }), io)) ? EXIT_OK : EXIT_PROBLEMS;
  } finally {
    backup.archive.close();
  }
};

/** Verifies the image against what the restore puts on a drive and prints the outcome; true when they match. */
export async function verifyImageFile(imagePath: string, content: RestoreContent, io: CliIO): Promise<boolean> {
  const source = await openImageSource(imagePath);
  const progress = progressPrinter(io, 'verifying');
  let report: VerifyReport;
  try {
    report = await verifyImage(source, expectedOnDrive(content), { onProgress: progress.update, legacyBoot: content.legacyBoot });
  } finally {
    progress.end();
    await source.close();
  }
  if (report.ok) {
    io.stdout.write(`Verified: ${plural(report.files, 'file')} (${formatBytes(report.bytesChecked)}) and ${plural(report.directories, 'folder')} match the backup; ` +
      `one active FAT32 partition labelled UNRAID${content.legacyBoot ? '; the legacy BIOS boot loader matches the release' : ''}.\n`);
    return true;
  }
  io.stdout.write(`Verify found ${plural(report.differences.length, 'difference')} between ${imagePath} and the backup:\n`);
  for (const difference of report.differences) io.stdout.write(`  ${difference.message}\n`);
  return false;
}

/** Reads the backup; prints its blocking problems and returns undefined when it cannot be restored. */
export async function loadBackup(zipPath: string, io: CliIO): Promise<Backup | undefined> {
  const backup = await readBackup(zipPath);
  if (backup.report.ok) return backup;
  backup.archive.close();
  io.stderr.write(`${backup.report.zipName} cannot be restored as it is:\n`);
  for (const problem of backup.report.problems) {
    if (problem.severity === 'blocking') io.stderr.write(`  ${problem.message}\n`);
  }
  return undefined;
}

export interface CommandArgs {
  readonly zipPath: string;
  readonly imagePath: string;
  readonly values: Record<string, string | undefined>;
}

/** `<zip> --image <file>` plus the command's own string options. */
export function parseCommandArgs(args: string[], options: Record<string, { type: 'string' }>): CommandArgs {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { image: { type: 'string' }, ...options } });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [zipPath, ...extra] = parsed.positionals;
  if (zipPath === undefined) throw new UsageError('which backup? Give the path of the flash backup zip.');
  if (extra.length > 0) throw new UsageError(`one backup at a time (also given: ${extra.join(' ')})`);
  const { image, ...values } = parsed.values as Record<string, string | undefined>;
  if (image === undefined) throw new UsageError('where? Give the image file with --image <file>.');
  return { zipPath, imagePath: image, values };
}

/** A one-line progress display on stderr, redrawn in place; silent when stderr is not a terminal. */
export function progressPrinter(io: CliIO, verb: string): { update: (done: number, total: number) => void; end: () => void } {
  if (!io.stderr.isTTY) return { update: () => undefined, end: () => undefined };
  let shownPercent = -1;
  return {
    update: (done, total) => {
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      if (percent === shownPercent) return;
      shownPercent = percent;
      io.stderr.write(`\r${verb} ${percent}% (${formatBytes(done)} of ${formatBytes(total)})   `);
    },
    end: () => {
      if (shownPercent >= 0) io.stderr.write('\n');
    },
  };
}
