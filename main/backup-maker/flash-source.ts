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

export interface FlashBackupRequest {
  /** Where the zip goes (a file that does not exist yet, or the writer's channel to the app). */
  readonly destination: BackupDestination;
  readonly withoutSecrets: boolean;
  /** Unraid's backup rules, or everything but other systems' housekeeping (a clone). */
  readonly purpose: 'backup' | 'clone';
  readonly comment: string;
}

export type FlashBackupOutcome =
  | Extract<FlashReading, { status: 'not-unraid' }>
  | { readonly status: 'backed-up'; readonly flash: FlashSummary; readonly result: BackupResult; readonly seconds: number }
  | { readonly status: 'backup-failed'; readonly message: AnyMessage; readonly cancelled: boolean };

/** What the source holds, as an Unraid flash. */
export async function readFlash(bytes: ByteSource): Promise<FlashReading> {
  return judged(await filesOnVolume(bytes), true);
}

/** The same, for the folder where the system has mounted the flash (no label to check: the system found it by its label). */
export async function readFlashFolder(folder: string): Promise<FlashReading> {
  return judged(await filesInFolder(folder), false);
}

async function judged(flash: FlashFiles | { readonly problem: AnyMessage }, checkLabel: boolean): Promise<FlashReading> {
  if ('problem' in flash) return { status: 'not-unraid', reasons: [flash.problem] };
  const reasons = notUnraidBecause(flash, { checkLabel });
  if (reasons.length > 0) return { status: 'not-unraid', reasons };
  const { server, version } = await flashFacts(flash);
  return { status: 'unraid', flash: { label: flash.label ?? null, server, version, layout: flash.layout } };
}

/** The source's files into a zip at request.destination, by the backup rules (or a clone's); the signal cancels reading the files too. */
export async function backupFlash(
  bytes: ByteSource,
  request: FlashBackupRequest,
  options: { readonly signal?: AbortSignal; readonly onProgress?: (bytesDone: number, bytesTotal: number) => void } = {},
): Promise<FlashBackupOutcome> {
  const started = performance.now();
  try {
    const flash = await filesOnVolume(bytes, options.signal);
    if ('problem' in flash) return { status: 'not-unraid', reasons: [flash.problem] };
    const reading = await judged(flash, true);
    if (reading.status !== 'unraid') return reading;
    const result = await writeBackup(flash.files, request.destination, { withoutSecrets: request.withoutSecrets, purpose: request.purpose, comment: request.comment, ...options });
    return { status: 'backed-up', flash: reading.flash, result, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    const cancelled = error instanceof BackupCancelled || options.signal?.aborted === true;
    return { status: 'backup-failed', message: cancelled ? message('flash.backup-cancelled') : message('flash.backup-failed', { detail: messageOf(error) }), cancelled };
  }
}
