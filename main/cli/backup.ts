// flash-creator backup: an old Unraid flash (a drive, an image of one, or the folder where it is
// mounted) into a backup zip like the one Unraid itself makes. The source is only ever read.
import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { englishList, formatBytes, plural } from '../../shared/format.js';
import { defaultBackupName } from '../backup-maker/backup-rules.js';
import { messageOf, type FlashFiles } from '../backup-maker/flash-files.js';
import { openFlash, openFlashFolder, type FlashSummary } from '../backup-maker/flash-source.js';
import { formatMessage, message, type AnyMessage } from '../../shared/message.js';
import { BackupCancelled, unreadInEnglish, writeBackup, type BackupOptions, type BackupResult } from '../backup-maker/write-backup.js';
import { fileDestination, type BackupDestination } from '../backup-maker/zip-destination.js';
import { callerFromSystem } from '../system/caller.js';
import { DeviceError, describeDevice, type DeviceDescription } from '../drives/device.js';
import { openImageSource, type ClosableByteSource } from '../fat/byte-source.js';
import { openBlockDevice } from '../flash/block-device-target.js';
import { EXIT_OK, EXIT_PROBLEMS, parseCommandLine, UsageError, type CliIO, type Command, type CommandUsage } from './io.js';
import { progressPrinter } from './progress.js';
import { passphraseToWrite } from './passphrase.js';

export const usage: CommandUsage = {
  summary: "reads an old Unraid flash (a drive, read-only; an image; or the folder it is mounted on) into a backup zip like Unraid's own.",
  forms: [
    '--device <path> [--out <zip or folder>] [--without-secrets] [--encrypt [--password-file <file>]]',
    '--image <file> [--out <zip or folder>] [--without-secrets] [--encrypt [--password-file <file>]]',
    '--folder <dir> [--out <zip or folder>] [--without-secrets] [--encrypt [--password-file <file>]]',
  ],
  options: [
    ['--device <path>', 'back up this drive (opened read-only, nothing mounted; no --unsafe needed)'],
    ['--image <file>', 'back up an image of a flash drive'],
    ['--folder <dir>', 'back up the folder where the system has mounted the flash'],
    ['--out <zip or folder>', "the zip to write; a folder, or none, names it as Unraid does: <server>-v<version>-boot-backup-YYYYMMDD-HHMM.zip"],
    ['--without-secrets', "leave out what Unraid Connect's backups leave out: password hashes (config/shadow, config/smbpasswd), WireGuard keys (blanked)"],
    ['--encrypt', 'encrypt every file with AES-256 (WinZip AES, read by 7-Zip and bsdtar); the passphrase is typed twice, or read with --password-file'],
    ['--password-file <file>', "the passphrase for --encrypt, as the file's first line"],
  ],
  examples: ['flash-creator backup --device /dev/sdb --out tower-flash.zip'],
};

export type FlashSource = { readonly kind: 'device' | 'image' | 'folder'; readonly path: string };

// Every file except previous/, other systems' housekeeping folders and earlier backups; files the
// source cannot read are left out and named, on the terminal and in the zip's comment (exit code 1).
export const run: Command = async (args, io) => {
  const { source, out, withoutSecrets, encrypt, passwordFile } = parseBackupArgs(args);
  const target = await outputTarget(out);
  const passphrase = encrypt ? await passphraseToWrite(passwordFile, io) : undefined;
  const opened = await openSource(source, target.folder, io);
  if (!opened) return EXIT_PROBLEMS;
  try {
    const { flash, describe, summary: facts } = opened;
    const outPath = target.file ?? join(target.folder, defaultBackupName(facts.server, facts.version, new Date()));
    if (await exists(outPath)) {
      io.stderr.write(`flash-creator backup: ${outPath} already exists; give another --out, nothing was written.\n`);
      return EXIT_PROBLEMS;
    }
    io.stdout.write(`Backing up ${describe} (${flash.layout}; Unraid ${facts.version ?? 'version unknown'}, server ${facts.server ?? 'name unknown'}) to ${outPath}\n`);
    for (const problem of flash.problems) io.stderr.write(`  note: ${formatMessage(problem.message)}\n`);
    return await runBackup(flash, outPath, { withoutSecrets, passphrase, comment: `Flash backup of ${describe}, made by Flash Creator on ${new Date().toISOString()}.` }, io);
  } finally {
    await opened.close();
  }
};

async function runBackup(flash: FlashFiles, outPath: string, options: { withoutSecrets: boolean; passphrase: string | undefined; comment: string }, io: CliIO): Promise<number> {
  // Run with sudo, the zip is created with the rights of the user who ran sudo, and is theirs.
  const destination = fileDestination(outPath, { caller: callerFromSystem() });
  const copied = await copyFlash(flash, destination, options, io, { command: 'backup', afterFailure: 'No zip was left behind (the partial file is deleted).' });
  if (!copied) return EXIT_PROBLEMS;
  const { result, seconds } = copied;
  io.stdout.write(`Wrote ${plural(result.files, 'file')} in ${plural(result.folders, 'folder')} (${formatBytes(result.bytes)}) to ${basename(outPath)}: ` +
    `${formatBytes(result.zipBytes)} in ${seconds.toFixed(1)} s, ${formatBytes(result.bytes / Math.max(seconds, 0.001))}/s.\n`);
  if (result.leftOut.length > 0) {
    io.stdout.write(`Left out, as Unraid's own backup does:\n${result.leftOut.map(({ path, reason }) => `  ${path}: ${formatMessage(reason)}\n`).join('')}`);
  }
  if (options.passphrase !== undefined) io.stdout.write(`${formatMessage(message('passphrase.visible'))}\n`);
  if (options.withoutSecrets) {
    const blanked = result.keysBlanked.length > 0 ? `; WireGuard keys blanked in ${englishList(result.keysBlanked)}` : '; no WireGuard keys to blank';
    const hashes = result.secretsLeftOut.length > 0 ? `left out ${englishList(result.secretsLeftOut)}` : 'no password files to leave out';
    io.stdout.write(`Without secrets: ${hashes}${blanked}. After a restore, set the passwords again and make new WireGuard keys.\n`);
  } else if (options.passphrase === undefined) {
    io.stdout.write('This zip holds the password hashes (config/shadow, config/smbpasswd), WireGuard private keys and the licence key, ' +
      'like Unraid\'s own local backup: keep it as safe as the server. --without-secrets leaves the passwords and keys out.\n');
  }
  if (result.missing.length === 0) return EXIT_OK;
  io.stderr.write(`flash-creator backup: ${plural(result.missing.length, 'item')} could not be read from the source and ${result.missing.length === 1 ? 'is' : 'are'} not in the zip ` +
    `(the zip's comment lists them too):\n${missingLines(result.missing)}`);
  return EXIT_PROBLEMS;
}

/**
 * writeBackup with progress on the terminal and Ctrl+C as a cancel; undefined after saying why it
 * stopped.
 */
export async function copyFlash(
  flash: FlashFiles,
  to: string | BackupDestination,
  options: Omit<BackupOptions, 'signal' | 'onProgress'>,
  io: CliIO,
  words: { command: string; afterFailure: string },
): Promise<{ result: BackupResult; seconds: number } | undefined> {
  const cancel = new AbortController();
  const onInterrupt = (): void => cancel.abort();
  process.once('SIGINT', onInterrupt);
  const started = process.hrtime.bigint();
  // The zip being written is the job's one pass: "writing", with speed and time left.
  const progress = progressPrinter(io);
  const onProgress = (bytesDone: number, bytesTotal: number): void => progress.update({ phase: 'data', bytesDone, bytesTotal });
  try {
    const result = await writeBackup(flash.files, to, { ...options, signal: cancel.signal, onProgress });
    progress.end();
    return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } catch (error) {
    progress.end();
    const what = error instanceof BackupCancelled ? 'cancelled' : `failed: ${messageOf(error)}`;
    io.stderr.write(`flash-creator ${words.command}: ${what}. ${words.afterFailure}\n`);
    return undefined;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/** One line per item that could not be read, and why. */
export function missingLines(missing: BackupResult['missing']): string {
  return missing.map((unread) => `  ${unreadInEnglish(unread)}\n`).join('');
}

function parseBackupArgs(args: string[]): { source: FlashSource; out: string | undefined; withoutSecrets: boolean; encrypt: boolean; passwordFile: string | undefined } {
  const { values, positionals } = parseCommandLine({
    args,
    allowPositionals: true,
    options: { device: { type: 'string' }, image: { type: 'string' }, folder: { type: 'string' }, out: { type: 'string' }, 'without-secrets': { type: 'boolean' }, encrypt: { type: 'boolean' }, 'password-file': { type: 'string' } },
  });
  if (positionals.length > 0) throw new UsageError(`backup takes no positional arguments (given: ${positionals.join(' ')}); name the source with --device, --image or --folder.`);
  const sources = (['device', 'image', 'folder'] as const).filter((kind) => values[kind] !== undefined);
  if (sources.length !== 1) throw new UsageError(sources.length === 0 ? 'back up what? Give --device <path>, --image <file> or --folder <dir>.' : 'one source at a time: --device, --image or --folder.');
  const kind = sources[0]!;
  if (values['password-file'] !== undefined && !values.encrypt) throw new UsageError('--password-file is for --encrypt.');
  return { source: { kind, path: values[kind]! }, out: values.out, withoutSecrets: values['without-secrets'] ?? false, encrypt: values.encrypt ?? false, passwordFile: values['password-file'] };
}

/** --out as a folder (the default name goes there) or a file; the current folder without it. */
export async function outputTarget(out: string | undefined): Promise<{ folder: string; file?: string }> {
  if (out === undefined) return { folder: process.cwd() };
  const path = resolve(out);
  const stats = await stat(path).catch(() => undefined);
  if (stats?.isDirectory()) return { folder: path };
  if (!(await stat(dirname(path)).catch(() => undefined))?.isDirectory()) throw new UsageError(`--out ${out}: the folder ${dirname(path)} does not exist.`);
  return { folder: dirname(path), file: path };
}

export interface OpenedSource {
  readonly flash: FlashFiles;
  /** Its label, server, version and layout. */
  readonly summary: FlashSummary;
  /** "the drive /dev/sdb (SanDisk Cruzer, 16 GB)", "the image old.img", "the folder /media/UNRAID". */
  readonly describe: string;
  /** The drive as the kernel describes it, for a drive. */
  readonly device?: DeviceDescription;
  close(): Promise<void>;
}

/** An Unraid flash's files, opened as the app opens them; undefined after saying why it cannot be read or is no Unraid flash (as `command`). */
export async function openSource(source: FlashSource, outFolder: string, io: CliIO, command = 'backup'): Promise<OpenedSource | undefined> {
  const fail = (message: string): undefined => void io.stderr.write(`flash-creator ${command}: ${message}\n`);
  const notUnraid = (describe: string, reasons: readonly AnyMessage[]): undefined =>
    fail(`${formatMessage(message('flash.not-unraid', { drive: describe, reasons }))}\nNothing was written.`);
  if (source.kind === 'folder') {
    if (!(await stat(source.path).catch(() => undefined))?.isDirectory()) return fail(`${source.path} is not a folder.`);
    if (`${resolve(outFolder)}/`.startsWith(`${resolve(source.path)}/`)) return fail(`the zip would be written inside ${source.path}, the flash being backed up: give --out a place elsewhere.`);
    const describe = `the folder ${source.path}`;
    const opened = await openFlashFolder(source.path);
    if (opened.status !== 'unraid') return notUnraid(describe, opened.reasons);
    return { flash: opened.files, summary: opened.flash, describe, close: async () => undefined };
  }
  let bytes: ClosableByteSource;
  let describe: string;
  let device: DeviceDescription | undefined;
  if (source.kind === 'image') {
    if (!(await stat(source.path).catch(() => undefined))?.isFile()) return fail(`${source.path} is not an image file.`);
    bytes = await openImageSource(source.path);
    describe = `the image ${source.path}`;
  } else {
    let found: DeviceDescription;
    try {
      found = device = await describeDevice(source.path, { backupZipPath: join(outFolder, '.') });
    } catch (error) {
      if (error instanceof DeviceError) return fail(error.message);
      throw error;
    }
    describe = `the drive ${found.device} (${found.description || 'no description'}, ${formatBytes(found.size ?? 0)})`;
    if (found.holdsBackupZip) return fail(`the zip would be written to a filesystem on ${found.device}, the drive being backed up: give --out a place on another drive.`);
    for (const use of found.inUse) {
      io.stderr.write(`  note: ${use.source} is mounted at ${use.mountpoint}: what is being written there now may be read half-written. Unmount it, or back up the folder with --folder ${use.mountpoint}.\n`);
    }
    try {
      bytes = await openBlockDevice({ device: found.device, raw: found.raw, description: found.description, size: found.size ?? 0 }, { write: false });
    } catch (error) {
      const denied = (error as { code?: string }).code === 'EACCES' || (error as { code?: string }).code === 'EPERM';
      return fail(`cannot read ${found.device}${denied ? ': reading a drive needs administrator rights (run this with sudo)' : ` (${messageOf(error)})`}.`);
    }
  }
  const opened = await openFlash(bytes);
  if (opened.status !== 'unraid') {
    await bytes.close();
    return notUnraid(describe, opened.reasons);
  }
  return { flash: opened.files, summary: opened.flash, describe, device, close: () => bytes.close() };
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
