// flash-creator write <zip> --image <file> [--size 8G] [--uefi on|off]: restores a flash backup
// into a drive image, then verifies it. With --device <path> [--yes] [--unsafe]: onto a drive,
// after the user confirms it, through the privileged writer.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { formatBytes, plural } from '../../shared/format.js';
import { formatMessage } from '../../shared/message.js';
import { LayoutError } from '../disk/layout-error.js';
import { planLayout } from '../disk/plan.js';
import { BootImagesRefused, checkBootImagesInStream } from '../flash/boot-images-in-stream.js';
import { createImageTarget } from '../flash/image-target.js';
import { layoutRequest, restoreContent, type RestoreContent } from '../flash/restore-content.js';
import type { BootReport } from '../../shared/backup-report.js';
import { WriteError, writeLayout } from '../flash/write-layout.js';
import { ConfigEditError, editedFiles, withEditedFiles } from '../flash/edited-files.js';
import type { ConfigFileText } from '../backup/config-edits.js';
import type { Backup } from '../backup/read-backup.js';
import { EXIT_OK, EXIT_PROBLEMS, UsageError, type CliIO, type Command, type CommandUsage } from './io.js';
import type { RawDevice } from '../flash/block-device-target.js';
import { refusalsFor } from '../writer/recheck.js';
import { printProbe } from './probe-report.js';
import { passphraseToRead, PASSWORD_FILE_USAGE } from './passphrase.js';
import { progressPrinter } from './progress.js';
import { confirmedDrive, describeOrSay, loadBackup, parseCommandArgs, printOutcome, printVerifyReport, verifyImageFile } from './verify.js';

export const DEFAULT_IMAGE_SIZE = '8G';
const UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

export const usage: CommandUsage = {
  summary: 'restores a flash backup into a drive image or onto a drive, then verifies what it wrote.',
  forms: [
    '<backup.zip> --image <file> [--size 8G] [--uefi on|off]',
    '<backup.zip> --device <path> [--yes] [--unsafe] [--uefi on|off] [--volume-id XXXX-XXXX]',
  ],
  options: [
    ['--image <file>', 'write a sparse drive image file (created or replaced)'],
    ['--size <size>', `the image's size, with K, M, G or T (default ${DEFAULT_IMAGE_SIZE})`],
    ['--device <path>', 'write this drive (see flash-creator drives); everything on it is erased'],
    ['--yes', 'do not ask before erasing the drive (required without a terminal)'],
    ['--unsafe', 'accept a drive that is not removable, or a loop device, if it is not in use'],
    ['--uefi on|off', "turn UEFI boot on or off (renames EFI-/EFI); without it the backup's choice is kept"],
    ['--volume-id XXXX-XXXX', 'give the new FAT volume this id (as blkid shows it), such as the one the flash had; a new one by default'],
    PASSWORD_FILE_USAGE,
  ],
  examples: ['flash-creator write flash-backup.zip --device /dev/sdb', 'flash-creator write flash-backup.zip --image stick.img --size 16G'],
};

export const run: Command = async (args, io) => {
  const { zipPath, destination, values, flags } = parseCommandArgs(args, {
    size: { type: 'string' },
    uefi: { type: 'string' },
    yes: { type: 'boolean' },
    unsafe: { type: 'boolean' },
    'password-file': { type: 'string' },
    'volume-id': { type: 'string' },
  });
  const uefi = parseSwitch(values.uefi);
  const volumeId = values['volume-id'] === undefined ? undefined : parseVolumeId(values['volume-id']);
  const passphrase = await passphraseToRead(zipPath, values['password-file'], io);
  if (destination.kind === 'device') {
    if (values.size !== undefined) throw new UsageError('--size is for images: a drive is written at its own size.');
    return writeDevice(zipPath, destination.path, { uefi, yes: flags.yes ?? false, unsafe: flags.unsafe ?? false, passphrase, volumeId }, io);
  }
  if (flags.yes || flags.unsafe || volumeId !== undefined) throw new UsageError('--yes, --unsafe and --volume-id are for --device: an image file is not a drive.');
  const size = parseSize(values.size ?? DEFAULT_IMAGE_SIZE);
  // The bz images are checked as the write streams them (writeImage), not before.
  const backup = await loadBackup(zipPath, io, { checkBeforeWrite: false, passphrase });
  if (!backup) return EXIT_PROBLEMS;
  performance.mark('cli:zip-read');
  try {
    return await writeImage(backup, destination.path, size, { uefi }, io);
  } finally {
    backup.archive.close();
  }
};

export interface ImageWriteOptions {
  readonly uefi: boolean | undefined;
  /** Config files that replace the zip's copies, or are created (a new server's first settings). */
  readonly configFiles?: readonly ConfigFileText[];
}

/**
 * The image path of `write` and `install`: plan, write (the bz images checked against their
 * .sha256 as they stream), verify (the config files as changed). The caller closes the backup.
 */
export async function writeImage(backup: Backup, imagePath: string, size: number, options: ImageWriteOptions, io: CliIO): Promise<number> {
  try {
    const configFiles = options.configFiles ?? [];
    const content = restoreContent(backup, { uefi: options.uefi, changedFiles: configFiles });
    const edits = editedFiles(content.items, configFiles);
    const layout = planLayout(withEditedFiles(layoutRequest(content, size, randomBytes(4).readUInt32LE()), edits));
    const started = process.hrtime.bigint();
    const bootImages = await checkBootImagesInStream(backup, (extent) => backup.archive.openEntry(extent.entry));
    const target = await createImageTarget(imagePath, size);
    const progress = progressPrinter(io);
    try {
      await writeLayout(layout, bootImages.content, target, { onProgress: progress.update, beforeBoot: bootImages.finish });
    } catch (error) {
      progress.end();
      // A refused backup leaves no image: the file was made (or emptied) by this write, and holds no partition table.
      if (error instanceof WriteError && error.cause instanceof BootImagesRefused) await rm(imagePath, { force: true });
      throw error;
    } finally {
      await target.close();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    performance.mark('image:written');
    const report = await verifyImageFile(imagePath, content, progress, edits).finally(() => progress.end());
    const { files, fileBytes } = layout.summary;
    io.stdout.write(`Wrote ${plural(files, 'file')} (${formatBytes(fileBytes)}) to ${imagePath} (${formatBytes(size)}) ` +
      `in ${seconds.toFixed(1)} s, ${formatBytes(fileBytes / Math.max(seconds, 0.001))}/s.\n`);
    io.stdout.write(`Boots on: ${bootModesSentence(content, backup.report.boot)}\n`);
    return printVerifyReport(report, imagePath, content.legacyBoot !== undefined, io) ? EXIT_OK : EXIT_PROBLEMS;
  } catch (error) {
    const refused = error instanceof WriteError ? error.cause : error;
    if (refused instanceof BootImagesRefused) {
      io.stderr.write(`${backup.report.zipName} cannot be restored as it is:\n${refused.problems.map((problem) => `  ${formatMessage(problem.message)}\n`).join('')}`);
      return EXIT_PROBLEMS;
    }
    if (error instanceof WriteError) {
      const state = error.noPartitionTable ? `${imagePath} holds no valid partition table: it will not pass for a flash drive.` : `${imagePath} may hold an incomplete partition table: do not use it.`;
      io.stderr.write(`flash-creator write: ${error.message}\n${state}\n`);
      return EXIT_PROBLEMS;
    }
    if (error instanceof LayoutError || error instanceof ConfigEditError) {
      io.stderr.write(`flash-creator write: ${error.message}\n`);
      return EXIT_PROBLEMS;
    }
    throw error;
  }
}

export interface DeviceWriteOptions {
  readonly uefi: boolean | undefined;
  /** Write without asking. */
  readonly yes: boolean;
  /** Accept a non-removable or virtual drive (a loop device) that is not in use. */
  readonly unsafe: boolean;
  /** What the question names as going onto the drive; the zip's path by default. */
  readonly what?: string;
  /** Config files that replace the zip's copies, or are created (a new server's first settings). */
  readonly configFiles?: readonly ConfigFileText[];
  /** The new FAT volume's id; a random one by default (a repair keeps the stick's own). */
  readonly volumeId?: number;
  /** The passphrase of an encrypted backup. */
  readonly passphrase?: string;
}

export interface DeviceWriteSeams {
  /** Asks the user; by default on the terminal, and refused when there is none. */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** Fault injection in tests (in-process writes only). */
  readonly wrapDevice?: (device: RawDevice) => RawDevice;
  /** Where the probe puts its random places, in tests (in-process writes only). */
  readonly probeRandom?: () => number;
}

/** The drive path of `write`: check the drive, ask, then run the job where the privileges are. */
export async function writeDevice(zipPath: string, devicePath: string, options: DeviceWriteOptions, io: CliIO, seams: DeviceWriteSeams = {}): Promise<number> {
  // The job checks the bz images before it erases anything, beside the capacity probe; checking
  // them here too is for a question: nobody is asked to erase a drive for a backup that is refused.
  const backup = await loadBackup(zipPath, io, { checkBeforeWrite: !options.yes, passphrase: options.passphrase });
  if (!backup) return EXIT_PROBLEMS;
  performance.mark('cli:zip-read');
  try {
    const found = await describeOrSay(devicePath, zipPath, io);
    if (!found) return EXIT_PROBLEMS;
    const drive = confirmedDrive(found);
    const named = `${found.device} (${found.description || 'no description'}, ${formatBytes(drive.size)})`;
    const refusals = refusalsFor(found, drive, options);
    if (refusals.length > 0) {
      io.stderr.write(`flash-creator write: will not write to ${named}:\n${refusals.map((reason) => `  ${formatMessage(reason)}\n`).join('')}`);
      return EXIT_PROBLEMS;
    }
    const configFiles = options.configFiles ?? [];
    const content = restoreContent(backup, { uefi: options.uefi, changedFiles: configFiles });
    const volumeId = options.volumeId ?? randomBytes(4).readUInt32LE();
    // Planned here too, so a drive too small is told before anyone is asked anything.
    planLayout(withEditedFiles(layoutRequest(content, drive.size, volumeId), editedFiles(content.items, configFiles)));
    if (!options.yes) {
      const confirm = seams.confirm ?? confirmOnTerminal(io, found.device);
      if (!(await confirm(`Erase ${named} and write ${options.what ?? zipPath} to it? Everything on the drive will be lost. Type yes to go on: `))) {
        io.stderr.write('Nothing was written.\n');
        return EXIT_PROBLEMS;
      }
    }
    const cancel = new AbortController();
    const onInterrupt = (): void => cancel.abort();
    process.once('SIGINT', onInterrupt);
    const progress = progressPrinter(io);
    let outcome;
    try {
      // The writer (its client, the job, the probe) is loaded only for a drive: an image needs none of it.
      const { runWithPrivileges } = await import('../writer/client.js');
      const job = { kind: 'write', zipPath: resolve(zipPath), drive, uefi: options.uefi, unsafe: options.unsafe, volumeId, ...(configFiles.length > 0 ? { configFiles } : {}), ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }) } as const;
      outcome = await runWithPrivileges(job, progress.update, { wrapDevice: seams.wrapDevice, probeRandom: seams.probeRandom, signal: cancel.signal, onProbe: (probe) => printProbe(probe, io, 'before-write') });
    } finally {
      progress.end();
      process.off('SIGINT', onInterrupt);
    }
    if (outcome.status === 'done' && outcome.written && !outcome.readBackMismatch) {
      const { files, fileBytes, seconds } = outcome.written;
      io.stdout.write(`Wrote ${plural(files, 'file')} (${formatBytes(fileBytes)}) to ${outcome.device} (${formatBytes(drive.size)}) ` +
        `in ${seconds.toFixed(1)} s, ${formatBytes(fileBytes / Math.max(seconds, 0.001))}/s; every written block read back as written.\n`);
      io.stdout.write(`Boots on: ${bootModesSentence(content, backup.report.boot)}\n`);
    }
    if (!printOutcome(outcome, io, 'write')) return EXIT_PROBLEMS;
    if (outcome.status === 'done' && outcome.eject) {
      io.stdout.write(outcome.eject.ejected ? `${outcome.device} has been ejected: you can unplug it now.\n` : `Eject ${outcome.device} before you unplug it (${formatMessage(outcome.eject.reason)}).\n`);
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof LayoutError || error instanceof ConfigEditError) {
      io.stderr.write(`flash-creator write: ${error.message}\nNothing was written to the drive.\n`);
      return EXIT_PROBLEMS;
    }
    throw error;
  } finally {
    backup.archive.close();
  }
}

/** Asks on the terminal; with none, refuses: a drive is never erased without a yes. */
function confirmOnTerminal(io: CliIO, device: string): (question: string) => Promise<boolean> {
  return async (question) => {
    if (!process.stdin.isTTY) throw new UsageError(`there is no terminal to confirm on: add --yes to erase ${device} without asking.`);
    const terminal = createInterface({ input: process.stdin, output: io.stderr });
    try {
      return (await terminal.question(question)).trim().toLowerCase() === 'yes';
    } finally {
      terminal.close();
    }
  };
}

/** A FAT volume id as blkid shows it ("1A2B-3C4D"), as a number. */
export function parseVolumeId(text: string): number {
  const match = /^([0-9A-F]{4})-?([0-9A-F]{4})$/i.exec(text.trim());
  if (!match) throw new UsageError(`--volume-id ${text} is not a FAT volume id: give eight hex digits as blkid shows them, like 1A2B-3C4D.`);
  return Number.parseInt(`${match[1]}${match[2]}`, 16);
}

/** "8G", "512M", "1.5T", "4096": bytes, with binary K/M/G/T suffixes (an optional "B" or "iB" after them). */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?$/.exec(text.trim().toUpperCase());
  const bytes = match ? Number(match[1]) * UNITS[match[2]!]! : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0 || bytes % 512 !== 0) {
    throw new UsageError(`--size ${text} is not a drive size: give whole sectors, like 8G, 512M or 1.5T.`);
  }
  return bytes;
}

/** Only the modes really installed, and why one is missing. */
function bootModesSentence(content: RestoreContent, boot: BootReport): string {
  const { legacyBios, uefi } = content.bootModes;
  const legacyWhy = boot.legacyUnusable ? formatMessage(boot.legacyUnusable) : `the backup has no ${boot.legacyMissing.join(', no ')}`;
  if (legacyBios && uefi) return 'legacy BIOS (syslinux installed) and UEFI.';
  if (legacyBios) return 'legacy BIOS only (syslinux installed); UEFI is off (EFI- folder).';
  if (uefi) return `UEFI only; legacy BIOS boot was not installed: ${legacyWhy}.`;
  return `nothing: legacy BIOS boot was not installed (${legacyWhy}) and UEFI is off.`;
}

export function parseSwitch(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'on' || value === 'off') return value === 'on';
  throw new UsageError(`--uefi takes on or off, not ${value}.`);
}
