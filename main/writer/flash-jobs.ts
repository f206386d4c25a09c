// The writer's jobs on an old flash, the source of the app's copy, back-up and repair: reading a raw drive
// needs the same rights as writing one, so the drive is judged as strictly: the one the user chose
// (path, device number, size, GUID), not the system's disk, not in use. It is opened read-only:
// nothing on it is written or mounted. A back-up's zip goes to the destination its caller gave
// (the writer's channel back to the app): the writer creates no file.
import { backupFlash, readFlash, type FlashBackupOutcome, type FlashReading } from '../backup-maker/flash-source.js';
import type { BackupDestination } from '../backup-maker/zip-destination.js';
import { readFlashStateOf, type FlashStateReading } from '../repair/read-state.js';
import type { BackupFlashJob, ReadFlashJob } from './job.js';
import { openConfirmed } from './open-confirmed.js';
import { describeOrRefuse, readRefusals } from './recheck.js';
import type { AnyMessage } from '../../shared/message.js';

export type FlashJobOutcome =
  | { readonly status: 'refused'; readonly device: string; readonly reasons: readonly AnyMessage[] }
  | { readonly status: 'flash-read'; readonly device: string; readonly reading: FlashReading }
  | { readonly status: 'flash-state'; readonly device: string; readonly reading: FlashStateReading }
  | { readonly status: 'flash-backup'; readonly device: string; readonly backup: FlashBackupOutcome };

export interface FlashJobSeams {
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** Where a back-up's zip goes; a back-up job without one is refused. */
  readonly zipDestination?: BackupDestination;
}

export async function runFlashJob(job: ReadFlashJob | BackupFlashJob, seams: FlashJobSeams = {}): Promise<FlashJobOutcome> {
  const found = await describeOrRefuse(job.drive.device);
  if ('status' in found) return found;
  const refusals = readRefusals(found, job.drive, job);
  if (refusals.length > 0) return { status: 'refused', device: found.device, reasons: refusals };
  const opened = await openConfirmed(found, { write: false });
  if ('status' in opened) return opened;
  const bytes = opened.target();
  try {
    if (job.kind === 'read-flash' && job.state) return { status: 'flash-state', device: found.device, reading: await readFlashStateOf(bytes) };
    if (job.kind === 'read-flash') return { status: 'flash-read', device: found.device, reading: await readFlash(bytes) };
    if (!seams.zipDestination) throw new Error('a back-up job needs somewhere to send its zip');
    const comment = `Flash backup of ${found.device} (${found.description || 'no description'}), made by Flash Creator on ${new Date().toISOString()}.`;
    const request = { destination: seams.zipDestination, withoutSecrets: job.withoutSecrets, purpose: job.purpose, comment, passphrase: job.passphrase };
    return { status: 'flash-backup', device: found.device, backup: await backupFlash(bytes, request, seams) };
  } finally {
    await opened.close();
  }
}
