// The writer's jobs on an old flash, the source of the app's copy and back-up: reading a raw drive
// needs the same rights as writing one. The drive is checked to be the one the user chose (path,
// device number, size, GUID) and opened read-only: nothing on it is written or mounted.
import { chown } from 'node:fs/promises';
import { backupFlash, readFlash, type FlashBackupOutcome, type FlashReading } from '../backup-maker/flash-source.js';
import { openBlockDevice } from '../flash/block-device-target.js';
import type { ClosableByteSource } from '../fat/byte-source.js';
import type { BackupFlashJob, ReadFlashJob } from './job.js';
import { describeOrRefuse, identityChanges } from './recheck.js';
import type { AnyMessage } from '../../shared/message.js';

export type FlashJobOutcome =
  | { readonly status: 'refused'; readonly device: string; readonly reasons: readonly AnyMessage[] }
  | { readonly status: 'flash-read'; readonly device: string; readonly reading: FlashReading }
  | { readonly status: 'flash-backup'; readonly device: string; readonly backup: FlashBackupOutcome };

export interface FlashJobSeams {
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

export async function runFlashJob(job: ReadFlashJob | BackupFlashJob, seams: FlashJobSeams = {}): Promise<FlashJobOutcome> {
  const found = await describeOrRefuse(job.drive.device);
  if ('status' in found) return found;
  const changes = identityChanges(found, job.drive);
  if (changes.length > 0) return { status: 'refused', device: found.device, reasons: changes };
  const bytes: ClosableByteSource = await openBlockDevice({ ...found, size: found.size ?? 0 }, { write: false });
  try {
    if (job.kind === 'read-flash') return { status: 'flash-read', device: found.device, reading: await readFlash(bytes) };
    const comment = `Flash backup of ${found.device} (${found.description || 'no description'}), made by Flash Creator on ${new Date().toISOString()}.`;
    const backup = await backupFlash(bytes, { outPath: job.outPath, withoutSecrets: job.withoutSecrets, purpose: job.purpose, comment }, seams);
    // The zip belongs to the user who asked for it, not to root.
    if (backup.status === 'backed-up' && job.owner && process.getuid?.() === 0) await chown(job.outPath, job.owner.uid, job.owner.gid);
    return { status: 'flash-backup', device: found.device, backup };
  } finally {
    await bytes.close();
  }
}
