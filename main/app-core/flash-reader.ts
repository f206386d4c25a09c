// Who reads an old flash for the app's copy, back-up and repair jobs: the privileged writer for the
// system's drives (privileged-runner.ts: reading a raw drive needs the rights writing one does),
// the harness's own image drives in process (restore-job.ts). The drive is named as the list
// showed it; the reader checks it is still that drive. Neither ever writes to it.
import type { FlashBackupOutcome, FlashReading } from '../backup-maker/flash-source.js';
import { fileDestination, type BackupDestination, type PathTracker } from '../backup-maker/zip-destination.js';
import type { FlashStateReading } from '../repair/read-state.js';
import { callerFromSystem } from '../system/caller.js';
import type { DriveToProbe } from './drive-prober.js';
import { message, type AnyMessage } from '../../shared/message.js';

export type SourceDrive = DriveToProbe;

export interface FlashBackupJob {
  /** The zip to write; it must not exist yet. */
  readonly outPath: string;
  readonly withoutSecrets: boolean;
  readonly purpose: 'backup' | 'clone';
  /** Encrypt the zip (AES-256) under this key: a copy's one-time staging key, held in memory only. */
  readonly passphrase?: string;
}

export type FlashAnswer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: AnyMessage };

export interface FlashReader {
  /** True when reading a drive costs no password prompt (the harness's image files): then every listed drive is read as it appears. */
  readonly readsFreely: boolean;
  /** Never throws: a drive that cannot be read is an answer with the reason. */
  readFlash(drive: SourceDrive): Promise<FlashAnswer<FlashReading>>;
  backupFlash(drive: SourceDrive, job: FlashBackupJob, onProgress: (bytesDone: number, bytesTotal: number) => void, signal: AbortSignal): Promise<FlashAnswer<FlashBackupOutcome>>;
  /** What a repair's diagnosis needs of the flash: its FAT's state and every bz file's SHA-256 (read-only). */
  readFlashState(drive: SourceDrive): Promise<FlashAnswer<FlashStateReading>>;
}

/**
 * The zip file of a back-up job, created with the rights of whoever asked (this process's, or the
 * sudo user's when it runs as root); the refusal when something has the name already.
 */
export function zipFileFor(job: FlashBackupJob, tracker?: PathTracker): BackupDestination | Extract<FlashAnswer<never>, { ok: false }> {
  const destination = fileDestination(job.outPath, { caller: callerFromSystem(), tracker });
  return destination.occupied() ? { ok: false, message: message('flash.backup-exists', { path: job.outPath }) } : destination;
}
