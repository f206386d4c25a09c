// Writes a flash's files into a backup zip (yazl: streamed, deflated unless a file is compressed
// already, zip64 only when sizes need it, each entry with the DOS time of its FAT entry), into a
// destination that keeps the zip only when it is complete (zip-destination.ts), so a cancel or a
// failure never leaves a half zip that looks whole.
//
// A file the source cannot read fully is never stored as if it were whole. yazl has written an
// entry's header by the time its bytes turn out unreadable, so the zip is started again without
// that file, after the files not yet copied have been read through once to find any others.
import { Readable, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { deflateRawSync } from 'node:zlib';
import { ZipFile } from 'yazl';
import { AesZipFile } from './aes-zip-file.js';
import { blankWireguardKeys, isSecretFile, isWireguardConfig, leftOutBecause } from './backup-rules.js';
import { messageOf, readBytes, type FlashFile } from './flash-files.js';
import { fileDestination, type BackupDestination } from './zip-destination.js';
import { formatMessage, message, type AnyMessage } from '../../shared/message.js';

export interface BackupOptions {
  /** Unraid Connect's rules: no password hashes, WireGuard keys blanked. */
  readonly withoutSecrets: boolean;
  /** A backup as Unraid makes it (the default), or everything but other systems' housekeeping, for a clone. */
  readonly purpose?: 'backup' | 'clone';
  /** First line of the zip comment, e.g. where the files came from. */
  readonly comment: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** Encrypt every file with WinZip AES-256 (AE-2) under this passphrase. */
  readonly passphrase?: string;
}

import { unreadMessage, type BackupResult, type LeftOut, type Unread } from '../../shared/flash-source.js';

export type { BackupResult, LeftOut, Unread };

export class BackupCancelled extends Error {
  override name = 'BackupCancelled';
}

/** Which files a backup holds, by the rules alone (pure). */
export function selectFiles(
  files: readonly FlashFile[],
  { withoutSecrets, purpose }: Pick<BackupOptions, 'withoutSecrets' | 'purpose'>,
): { kept: FlashFile[]; leftOut: LeftOut[]; secretsLeftOut: string[] } {
  const kept: FlashFile[] = [];
  const leftOut: LeftOut[] = [];
  const secretsLeftOut: string[] = [];
  const outFolders: string[] = [];
  for (const file of files) {
    if (outFolders.some((folder) => file.path.startsWith(`${folder}/`))) continue;
    const reason = leftOutBecause(file.path, purpose);
    if (reason) {
      leftOut.push({ path: file.kind === 'directory' ? `${file.path}/` : file.path, reason });
      if (file.kind === 'directory') outFolders.push(file.path);
    } else if (withoutSecrets && file.kind === 'file' && isSecretFile(file.path)) {
      secretsLeftOut.push(file.path);
    } else {
      kept.push(file);
    }
  }
  return { kept, leftOut, secretsLeftOut };
}

const MAX_PASSES = 4;
/** Files this large or larger are stored instead of deflated when a sample shows deflate does not help. */
const SAMPLED_FILE_BYTES = 1024 * 1024;
const SAMPLE_BYTES = 256 * 1024;

/** The back-up into `to`: a zip file's path, or a destination of the caller's. */
export async function writeBackup(files: readonly FlashFile[], to: string | BackupDestination, options: BackupOptions): Promise<BackupResult> {
  const destination = typeof to === 'string' ? fileDestination(to) : to;
  const { kept, leftOut, secretsLeftOut } = selectFiles(files, options);
  const missing = new Map<string, Unread>();
  for (const file of kept) if (file.unreadable) missing.set(file.path, { path: file.path, reason: file.unreadable });
  try {
    for (let pass = 1; ; pass++) {
      // A zip of its own for each pass: nothing a failed pass still had in flight can reach the next.
      const outcome = await writeZip(kept.filter((file) => !missing.has(file.path)), await destination.begin(), options, missing);
      if ('written' in outcome) {
        await destination.keep();
        return { ...outcome.written, leftOut, secretsLeftOut, missing: [...missing.values()] };
      }
      missing.set(outcome.unreadable.path, outcome.unreadable);
      if (pass === MAX_PASSES) throw new Error(`the source keeps failing: ${unreadInEnglish(outcome.unreadable)}`);
      // Find the other unreadable files in one read-through, so that the next pass is the last.
      const after = kept.slice(kept.findIndex((file) => file.path === outcome.unreadable.path) + 1);
      for (const file of after) {
        if (file.kind !== 'file' || missing.has(file.path)) continue;
        const failure = await readFailure(file, options.signal);
        if (failure) missing.set(file.path, { path: file.path, detail: failure });
      }
    }
  } finally {
    await destination.discard();
  }
}

type ZipOutcome =
  | { readonly written: Omit<BackupResult, 'leftOut' | 'secretsLeftOut' | 'missing'> & { keysBlanked: string[] } }
  | { readonly unreadable: Unread };

/** One pass: every file into the zip `output`, or the first file whose bytes could not be read. */
async function writeZip(files: readonly FlashFile[], output: Writable, options: BackupOptions, missing: ReadonlyMap<string, Unread>): Promise<ZipOutcome> {
  const zip = options.passphrase === undefined ? new ZipFile() : new AesZipFile(Buffer.from(options.passphrase, 'utf8'));
  let zipBytes = 0;
  zip.outputStream.on('data', (chunk: Buffer) => (zipBytes += chunk.length));
  const written = pipeline(zip.outputStream, output);
  written.catch(() => undefined); // awaited below; after a failed pass nobody waits for it
  const bytesTotal = files.reduce((sum, file) => sum + file.size, 0);
  let bytesDone = 0;
  let unreadable: Unread | undefined;
  const keysBlanked: string[] = [];
  const stop = new AbortController();
  const cancelled = (): void => stop.abort(new BackupCancelled('the backup was cancelled'));
  options.signal?.addEventListener('abort', cancelled, { once: true });
  // Such as a file that ended early because its read failed.
  zip.on('error', (error: Error) => stop.abort(error));

  /** The file's bytes as yazl pulls them; a read error stops the pass and names the file. */
  async function* bytesOf(file: FlashFile): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of file.chunks()) {
        if (stop.signal.aborted) return;
        bytesDone += chunk.length;
        options.onProgress?.(bytesDone, bytesTotal);
        yield chunk;
      }
    } catch (error) {
      unreadable = { path: file.path, detail: messageOf(error) };
      stop.abort(error);
    }
  }

  try {
    for (const file of files) {
      const times = { mtime: dosToDate(file.dosDate, file.dosTime), forceDosTimestamp: true };
      if (file.kind === 'directory') {
        zip.addEmptyDirectory(file.path, times);
      } else if (options.withoutSecrets && isWireguardConfig(file.path)) {
        const content = await readWhole(file);
        if (!Buffer.isBuffer(content)) {
          unreadable = { path: file.path, ...content };
          throw new Error(unreadInEnglish(unreadable));
        }
        const blanked = blankWireguardKeys(content.toString('latin1'));
        if (blanked.blanked > 0) keysBlanked.push(file.path);
        zip.addBuffer(Buffer.from(blanked.text, 'latin1'), file.path, times);
        bytesDone += file.size;
      } else {
        const compress = file.size < SAMPLED_FILE_BYTES || (await deflateHelps(file, (detail) => void (unreadable = { path: file.path, detail })));
        zip.addReadStreamLazy(file.path, { ...times, size: file.size, compress }, (callback) => callback(null, Readable.from(bytesOf(file), { objectMode: false })));
      }
    }
    // yazl takes the comment as bytes too (its types say string only): UTF-8, not its CP437.
    zip.end({ comment: zipComment(options.comment, missing) as unknown as string, forceZip64Format: false });
    await Promise.race([written, aborted(stop.signal)]);
  } catch (error) {
    zip.outputStream.unpipe(output);
    output.destroy();
    await finished(output).catch(() => undefined);
    if (unreadable) return { unreadable };
    throw error instanceof Error ? error : new Error(String(error));
  } finally {
    options.signal?.removeEventListener('abort', cancelled);
  }
  const folders = files.filter((file) => file.kind === 'directory').length;
  return { written: { files: files.length - folders, folders, bytes: bytesTotal, zipBytes, keysBlanked } };
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    const fail = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/**
 * Whether deflating the file makes it smaller, judged on its first 256 KiB. The release's bz*
 * images are compressed already: deflate would run at ~40 MB/s for nothing. Info-ZIP's zip, which
 * makes Unraid's own backups, stores an entry too when deflate would not shrink it.
 */
async function deflateHelps(file: FlashFile, onUnreadable: (reason: string) => void): Promise<boolean> {
  let sample: Buffer;
  try {
    sample = await readBytes(file, SAMPLE_BYTES);
  } catch (error) {
    onUnreadable(messageOf(error));
    throw error;
  }
  return deflateRawSync(sample, { level: 1 }).length < sample.length * 0.97;
}

/** The most of a file read whole into memory: a WireGuard configuration is a few hundred bytes. */
const MAX_WHOLE_FILE_BYTES = 1024 * 1024;

/** Why a file was not read: the reader's reason, or the system's words. */
type UnreadWhy = { readonly reason: AnyMessage } | { readonly detail: string };

/** A small file's bytes, or why they could not be read (or were not: more than MAX_WHOLE_FILE_BYTES). */
async function readWhole(file: FlashFile): Promise<Buffer | UnreadWhy> {
  const tooLarge = { reason: message('flash.config-too-large', { limit: MAX_WHOLE_FILE_BYTES }) };
  if (file.size > MAX_WHOLE_FILE_BYTES) return tooLarge;
  try {
    // A file in a mounted folder may have grown since it was listed.
    const bytes = await readBytes(file, MAX_WHOLE_FILE_BYTES + 1);
    return bytes.length > MAX_WHOLE_FILE_BYTES ? tooLarge : bytes;
  } catch (error) {
    return { detail: messageOf(error) };
  }
}

/** Why the file cannot be read through, or undefined when it can. */
async function readFailure(file: FlashFile, signal: AbortSignal | undefined): Promise<string | undefined> {
  try {
    const chunks = file.chunks()[Symbol.asyncIterator]();
    while (!(await chunks.next()).done) if (signal?.aborted) throw new BackupCancelled('the backup was cancelled');
    return undefined;
  } catch (error) {
    if (error instanceof BackupCancelled) throw error;
    return messageOf(error);
  }
}

/** The zip comment: where it came from, and every file that could not be read (UTF-8, at most 64 KiB). */
export function zipComment(first: string, missing: ReadonlyMap<string, Unread>): Buffer {
  const lines = [first];
  if (missing.size > 0) {
    lines.push(`INCOMPLETE: ${missing.size} file(s) could not be read from the source and are not in this zip:`);
    for (const unread of missing.values()) lines.push(`  ${unreadInEnglish(unread)}`);
  }
  let comment = Buffer.from(lines.join('\n'), 'utf8');
  if (comment.length > 0xfff0) comment = Buffer.concat([comment.subarray(0, 0xffe0), Buffer.from('\n  (list cut short)')]);
  return comment;
}

/** "path: why." in English (the zip's comment, the CLI): the reader's reason, or the system's words. */
export function unreadInEnglish(unread: Unread): string {
  return formatMessage(unreadMessage(unread));
}

/** The DOS words as a local Date, which yazl turns back into the same words (invalid dates become 1980-01-01). */
export function dosToDate(dosDate: number, dosTime: number): Date {
  const year = 1980 + (dosDate >> 9);
  const month = (dosDate >> 5) & 0x0f;
  const day = dosDate & 0x1f;
  if (month < 1 || month > 12 || day < 1) return new Date(1980, 0, 1);
  return new Date(year, month - 1, day, dosTime >> 11, (dosTime >> 5) & 0x3f, (dosTime & 0x1f) * 2);
}
