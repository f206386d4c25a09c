// flash-creator verify <zip> --image <file> | --device <path>: reads a written image or drive back
// on its own and compares it with the backup, naming every difference.
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatBytes, plural } from '../../shared/format.js';
import { formatMessage } from '../../shared/message.js';
import { capacityMessage } from '../../shared/probe.js';
import { readBackup, type Backup } from '../backup/read-backup.js';
import { ArchiveError } from '../backup/archive.js';
import { archiveProblem } from '../backup/archive-problems.js';
import { expectedOnDrive, restoreContent, type RestoreContent } from '../flash/restore-content.js';
import { withEdits, type EditedFile } from '../flash/edited-files.js';
import { openImageSource } from '../fat/byte-source.js';
import { verifyImage, type VerifyReport } from '../verify/verify-image.js';
import { DeviceError, describeDevice, type DeviceDescription } from '../drives/device.js';
import type { ConfirmedDrive } from '../writer/job.js';
import type { JobOutcome } from '../writer/run-job.js';
import { uefiAsWritten } from '../verify/uefi-as-written.js';
import { EXIT_OK, EXIT_PROBLEMS, UsageError, type CliIO, type Command, type CommandUsage } from './io.js';
import { progressPrinter, type ProgressPrinter } from './progress.js';
import { passphraseToRead, PASSWORD_FILE_USAGE } from './passphrase.js';

export const usage: CommandUsage = {
  summary: 'reads a written image or drive back on its own and names every difference from the backup.',
  forms: ['<backup.zip> --image <file>', '<backup.zip> --device <path>'],
  options: [
    ['--image <file>', 'check this drive image file'],
    ['--device <path>', 'check this drive (read only; as root, or through the administrator prompt)'],
    PASSWORD_FILE_USAGE,
  ],
  examples: ['flash-creator verify flash-backup.zip --device /dev/sdb'],
};

export const run: Command = async (args, io) => {
  const { zipPath, destination, values } = parseCommandArgs(args, { 'password-file': { type: 'string' } });
  const passphrase = await passphraseToRead(zipPath, values['password-file'], io);
  // No check of the backup's bz images against their .sha256 first: verify checks the drive's own.
  // An encrypted backup is read in full first: AE-2 zips store no CRC-32 to compare the drive with.
  const backup = await loadBackup(zipPath, io, { checkBeforeWrite: false, passphrase, deep: passphrase !== undefined });
  if (!backup) return EXIT_PROBLEMS;
  try {
    if (destination.kind === 'device') return await verifyDevice(zipPath, destination.path, io, passphrase);
    const source = await openImageSource(destination.path);
    const uefi = await uefiAsWritten(source);
    await source.close();
    const content = restoreContent(backup, { uefi });
    const progress = progressPrinter(io);
    const report = await verifyImageFile(destination.path, content, progress).finally(() => progress.end());
    return printVerifyReport(report, destination.path, content.legacyBoot !== undefined, io) ? EXIT_OK : EXIT_PROBLEMS;
  } finally {
    backup.archive.close();
  }
};

/** Reads the drive back in the privileged writer and prints what it found. */
async function verifyDevice(zipPath: string, devicePath: string, io: CliIO, passphrase: string | undefined): Promise<number> {
  const found = await describeOrSay(devicePath, zipPath, io);
  if (!found) return EXIT_PROBLEMS;
  const progress = progressPrinter(io);
  const { runWithPrivileges } = await import('../writer/client.js');
  const outcome = await runWithPrivileges({ kind: 'verify', zipPath: resolve(zipPath), drive: confirmedDrive(found), ...(passphrase === undefined ? {} : { passphrase }) }, progress.update);
  progress.end();
  return printOutcome(outcome, io, 'verify') ? EXIT_OK : EXIT_PROBLEMS;
}

/** The drive at `path` as the kernel describes it, or undefined after saying why it is not a drive. */
export async function describeOrSay(path: string, zipPath: string, io: CliIO): Promise<DeviceDescription | undefined> {
  try {
    return await describeDevice(path, { backupZipPath: zipPath });
  } catch (error) {
    if (!(error instanceof DeviceError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return undefined;
  }
}

/** What the user confirms, and the writer checks again before it writes. */
export function confirmedDrive(found: DeviceDescription): ConfirmedDrive {
  return { device: found.device, size: found.size ?? 0, devNumber: found.devNumber, guid: found.guid, description: found.description };
}

/**
 * Prints a writer job's outcome: refusal and failure on stderr, the write and verify summary on
 * stdout. True when the drive was verified good.
 */
export function printOutcome(outcome: JobOutcome, io: CliIO, command: 'write' | 'verify'): boolean {
  if (outcome.status === 'refused') {
    io.stderr.write(`flash-creator ${command}: will not use ${outcome.device}:\n${outcome.reasons.map((reason) => `  ${formatMessage(reason)}\n`).join('')}`);
    return false;
  }
  if (outcome.status === 'failed') {
    const state = {
      untouched: 'Nothing was written to the drive.',
      'no-partition-table': 'The drive holds no valid partition table now: it will not pass for a flash drive. Write it again.',
      unknown: 'The drive may hold an incomplete partition table: do not use it; write it again.',
    }[outcome.driveState];
    // Verify only reads: what it leaves on the drive needs no word.
    io.stderr.write(`flash-creator ${command}: ${formatMessage(outcome.message)}\n${command === 'write' ? `${state}\n` : ''}`);
    return false;
  }
  if (outcome.status === 'not-genuine' && outcome.found === 'after-write') {
    io.stderr.write(`flash-creator ${command}: ${formatMessage(capacityMessage(outcome.probe))}\n` +
      `The capacity probe's places, read again once the files were written, no longer held what it had put there. ` +
      `The drive was erased and holds no valid partition table now: it will not pass for a flash drive. Use another drive.\n`);
    return false;
  }
  if (outcome.status === 'not-genuine' || outcome.status === 'checked') {
    // The sentence itself was printed as soon as the probe ended.
    io.stderr.write(`flash-creator ${command}: ${outcome.device} was not written: ${outcome.probe.verdict === 'fake-capacity' ? 'it is a counterfeit (fake-capacity) drive' : 'it is failing'}. ` +
      `Nothing else was written to it; the probe put back ${outcome.probe.restored ? 'what it overwrote' : 'what it could'}.\n`);
    return false;
  }
  if (outcome.status !== 'done') throw new Error(`the writer answered a ${command} with ${outcome.status}`);
  if (outcome.readBackMismatch) {
    io.stderr.write(`flash-creator ${command}: ${formatMessage(outcome.readBackMismatch)}\n`);
    // The same read verified the filesystem: what it found names the files the bad blocks hold.
    if (!outcome.verify.ok) printVerifyReport(outcome.verify, outcome.device, outcome.legacyBoot, io);
    return false;
  }
  return printVerifyReport(outcome.verify, outcome.device, outcome.legacyBoot, io);
}

/** Reads the image back against what the restore puts on a drive; `progress` carries on the write's line, when there was a write. */
export async function verifyImageFile(imagePath: string, content: RestoreContent, progress: ProgressPrinter, edits: readonly EditedFile[] = []): Promise<VerifyReport> {
  const source = await openImageSource(imagePath);
  try {
    return await verifyImage(source, withEdits(expectedOnDrive(content), edits), {
      onProgress: (bytesDone, bytesTotal) => progress.update({ phase: 'verify', bytesDone, bytesTotal }),
      legacyBoot: content.legacyBoot,
      label: content.label,
    });
  } finally {
    await source.close();
  }
}

/** Prints what verify found; true when the drive or image matches the backup. */
export function printVerifyReport(report: VerifyReport, where: string, legacyBoot: boolean, io: CliIO): boolean {
  if (report.ok) {
    io.stdout.write(`Verified: ${plural(report.files, 'file')} (${formatBytes(report.bytesChecked)}) and ${plural(report.directories, 'folder')} match the backup; ` +
      `one active FAT32 partition labelled ${report.label}${legacyBoot ? '; the legacy BIOS boot loader matches the release' : ''}.\n`);
    return true;
  }
  io.stdout.write(`Verify found ${plural(report.differences.length, 'difference')} between ${where} and the backup:\n`);
  for (const difference of report.differences) io.stdout.write(`  ${formatMessage(difference.message)}\n`);
  return false;
}

/** Reads the backup, its boot images checked as Unraid checks them unless told not to; prints its blocking problems and returns undefined when it cannot be restored. */
export async function loadBackup(zipPath: string, io: CliIO, options: { checkBeforeWrite: boolean; passphrase?: string; deep?: boolean } = { checkBeforeWrite: true }): Promise<Backup | undefined> {
  let backup: Backup;
  try {
    backup = await readBackup(zipPath, options);
  } catch (error) {
    if (!(error instanceof ArchiveError) || (error.code !== 'passphrase-needed' && error.code !== 'wrong-passphrase')) throw error;
    io.stderr.write(`${formatMessage(archiveProblem(error, basename(zipPath)).message)}\n`);
    if (error.code === 'passphrase-needed') io.stderr.write('Give it with --password-file <file>, or run the command at a terminal to type it.\n');
    return undefined;
  }
  if (backup.report.ok) return backup;
  backup.archive.close();
  io.stderr.write(`${backup.report.zipName} cannot be restored as it is:\n`);
  for (const problem of backup.report.problems) {
    if (problem.severity === 'blocking') io.stderr.write(`  ${formatMessage(problem.message)}\n`);
  }
  return undefined;
}

export type Destination = { readonly kind: 'image' | 'device'; readonly path: string };

export interface CommandArgs {
  readonly zipPath: string;
  readonly destination: Destination;
  readonly values: Record<string, string | undefined>;
  readonly flags: Record<string, boolean>;
}

/** `<zip> --image <file>` or `<zip> --device <path>`, plus the command's own options. */
export function parseCommandArgs(args: string[], options: Record<string, { type: 'string' | 'boolean' }>): CommandArgs {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { image: { type: 'string' }, device: { type: 'string' }, ...options } });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [zipPath, ...extra] = parsed.positionals;
  if (zipPath === undefined) throw new UsageError('which backup? Give the path of the flash backup zip.');
  if (extra.length > 0) throw new UsageError(`one backup at a time (also given: ${extra.join(' ')})`);
  const { image, device, ...rest } = parsed.values as Record<string, string | boolean | undefined>;
  if (typeof image === 'string' && typeof device === 'string') throw new UsageError('--image or --device, not both.');
  const destination: Destination | undefined =
    typeof image === 'string' ? { kind: 'image', path: image } : typeof device === 'string' ? { kind: 'device', path: device } : undefined;
  if (!destination) throw new UsageError('where? Give the image file with --image <file> or the drive with --device <path>.');
  const values: Record<string, string | undefined> = {};
  const flags: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(rest)) {
    if (typeof value === 'boolean') flags[name] = value;
    else values[name] = value;
  }
  return { zipPath, destination, values, flags };
}
