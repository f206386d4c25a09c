// An old flash on a byte source (a drive or an image of one), read by our FAT reader: whether it is
// an Unraid flash and what it is (label, server, version), and a backup of it into a zip. Every end
// is data, so the privileged writer's jobs and the harness's in-process runner report alike.
import type { ByteSource } from '../fat/byte-source.js';
import { flashFacts, notUnraidBecause } from './flash-facts.js';
import { filesOnVolume, filesInFolder, messageOf, type FlashFiles } from './flash-files.js';
import { BackupCancelled, writeBackup, type BackupResult } from './write-backup.js';
import type { BackupDestination } from './zip-destination.js';
import { message, type AnyMessage } from '../../shared/message.js';

export interface FlashSummary {
  readonly label: string | null;
  readonly server: string | null;
  readonly version: string | null;
  /** "FAT32 in partition 1". */
  readonly layout: string;
}

export type FlashReading =
  | { readonly status: 'unraid'; readonly flash: FlashSummary }
  | { readonly status: 'not-unraid'; readonly reasons: readonly AnyMessage[] };

/** An Unraid flash opened: what it is, and its files to read. */
export type OpenedFlash = Extract<FlashReading, { status: 'not-unraid' }> | { readonly status: 'unraid'; readonly flash: FlashSummary; readonly files: FlashFiles };

export interface FlashBackupRequest {
  /** Where the zip goes (a file that does not exist yet, or the writer's channel to the app). */
  readonly destination: BackupDestination;
  readonly withoutSecrets: boolean;
  /** Unraid's backup rules, or everything but other systems' housekeeping (a clone). */
  readonly purpose: 'backup' | 'clone';
  readonly comment: string;
  /** Encrypt every file (AES-256) under this passphrase. */
  readonly passphrase?: string;
}

export type FlashBackupOutcome =
  | Extract<FlashReading, { status: 'not-unraid' }>
  | { readonly status: 'backed-up'; readonly flash: FlashSummary; readonly result: BackupResult; readonly seconds: number }
  | { readonly status: 'backup-failed'; readonly message: AnyMessage; readonly cancelled: boolean };

/**
 * The one way a flash on a byte source (a drive or an image) is opened, by the app, the writer and
 * the CLI alike: its files by our FAT reader, judged as an Unraid flash. `signal` cancels the walk.
 */
export async function openFlash(bytes: ByteSource, signal?: AbortSignal): Promise<OpenedFlash> {
  return judged(await filesOnVolume(bytes, signal), true);
}

/** The same, for the folder where the system has mounted the flash (no label to check: the system found it by its label). */
export async function openFlashFolder(folder: string): Promise<OpenedFlash> {
  return judged(await filesInFolder(folder), false);
}

/** What the source holds, as an Unraid flash. */
export async function readFlash(bytes: ByteSource): Promise<FlashReading> {
  return summarised(await openFlash(bytes));
}

/** The same, for a folder. */
export async function readFlashFolder(folder: string): Promise<FlashReading> {
  return summarised(await openFlashFolder(folder));
}

function summarised(opened: OpenedFlash): FlashReading {
  return opened.status === 'unraid' ? { status: 'unraid', flash: opened.flash } : opened;
}

async function judged(files: FlashFiles | { readonly problem: AnyMessage }, checkLabel: boolean): Promise<OpenedFlash> {
  if ('problem' in files) return { status: 'not-unraid', reasons: [files.problem] };
  const reasons = notUnraidBecause(files, { checkLabel });
  if (reasons.length > 0) return { status: 'not-unraid', reasons };
  const { server, version } = await flashFacts(files);
  return { status: 'unraid', flash: { label: files.label ?? null, server, version, layout: files.layout }, files };
}

/** The source's files into a zip at request.destination, by the backup rules (or a clone's); the signal cancels reading the files too. */
export async function backupFlash(
  bytes: ByteSource,
  request: FlashBackupRequest,
  options: { readonly signal?: AbortSignal; readonly onProgress?: (bytesDone: number, bytesTotal: number) => void } = {},
): Promise<FlashBackupOutcome> {
  const started = performance.now();
  try {
    const opened = await openFlash(bytes, options.signal);
    if (opened.status !== 'unraid') return opened;
    const { withoutSecrets, purpose, comment, passphrase } = request;
    const result = await writeBackup(opened.files.files, request.destination, { withoutSecrets, purpose, comment, ...(passphrase === undefined ? {} : { passphrase }), ...options });
    return { status: 'backed-up', flash: opened.flash, result, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    const cancelled = error instanceof BackupCancelled || options.signal?.aborted === true;
    return { status: 'backup-failed', message: cancelled ? message('flash.backup-cancelled') : message('flash.backup-failed', { detail: messageOf(error) }), cancelled };
  }
}
