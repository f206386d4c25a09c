// The back-up: an Unraid flash read into a zip at a place the user chose in the save dialog. It
// only reads the drive; the zip is new (a file already there is never overwritten).
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { BackupOutcome } from '../../../shared/flash-source.js';
import type { BackupDestination, BackupRequest, DriveRow } from '../../../shared/ipc.js';
import { message } from '../../../shared/message.js';
import { defaultBackupName } from '../../backup-maker/backup-rules.js';
import type { FlashBackupOutcome } from '../../backup-maker/flash-source.js';
import { checkedDrive, sourceOf } from '../drive-board.js';
import type { FlashAnswer } from '../flash-reader.js';
import { RequestRefused } from '../refused.js';
import { InvalidRequest } from '../requests.js';
import type { JobContext } from './context.js';

/** The save places chosen, by the id given out for each, with the drive each was chosen for. */
export class BackupDestinations {
  private readonly chosen = new Map<string, { readonly drive: string; readonly path: string }>();
  private nextId = 1;

  /** The save dialog for a zip of the flash, offering Unraid's back-up name (or `name`'s for it). */
  async choose({ drives, options }: JobContext, driveId: string, name = defaultBackupName): Promise<BackupDestination | null> {
    await drives.listed();
    const { drive, flash } = drives.unraidSource(driveId);
    const chosen = await options.chooseSaveFile(name(flash.server, flash.version, new Date()));
    if (chosen === null) return null;
    if (!isAbsolute(chosen)) throw new InvalidRequest(message('flash.full-path'));
    const path = chosen.toLowerCase().endsWith('.zip') ? chosen : `${chosen}.zip`;
    if (await stat(path).then(() => true, () => false)) throw new RequestRefused('failed', message('flash.file-exists', { path }));
    const destinationId = `destination-${this.nextId++}`;
    this.chosen.set(destinationId, { drive: checkedDrive(drive), path });
    return { destinationId, path };
  }

  /** The place chosen for a zip of `drive`, given out once; refused when it was chosen for another drive, or not at all. */
  take(destinationId: string, drive: DriveRow): { readonly path: string } {
    const destination = this.chosen.get(destinationId);
    if (!destination || destination.drive !== checkedDrive(drive)) throw new RequestRefused('invalid-request', message('flash.choose-save-again'));
    this.chosen.delete(destinationId);
    return destination;
  }

  async start({ drives, slot, options }: JobContext, request: BackupRequest): Promise<{ jobId: string }> {
    slot.refuseWhileBusy();
    await drives.listed();
    const { drive } = drives.unraidSource(request.driveId);
    const destination = this.take(request.destinationId, drive);
    const jobId = slot.newJobId();
    const encrypted = request.passphrase !== undefined;
    options.log.info(`Back-up ${jobId}: ${drive.device} (${drive.description}) to ${destination.path}${request.withoutSecrets ? ', without secrets' : ''}${encrypted ? ', encrypted' : ''}`);
    const job = { outPath: destination.path, withoutSecrets: request.withoutSecrets, purpose: 'backup', ...(encrypted ? { passphrase: request.passphrase } : {}) } as const;
    slot.runBackup(jobId, (onProgress, signal) =>
      options.flashReader
        .backupFlash(sourceOf(drive), job, onProgress, signal)
        .then((answer) => backupOutcome(jobId, drive, destination.path, request.withoutSecrets, answer, signal.aborted)));
    return { jobId };
  }
}

/** A back-up's end as the renderer is told it. */
function backupOutcome(jobId: string, drive: DriveRow, savedAs: string, withoutSecrets: boolean, answer: FlashAnswer<FlashBackupOutcome>, aborted: boolean): BackupOutcome {
  if (!answer.ok) return { jobId, result: 'failed', message: answer.message };
  const outcome = answer.value;
  if (outcome.status === 'not-unraid') return { jobId, result: 'failed', message: message('flash.not-unraid', { drive: drive.description, reasons: outcome.reasons }) };
  if (outcome.status === 'backup-failed') return { jobId, result: outcome.cancelled || aborted ? 'cancelled' : 'failed', message: outcome.message };
  return { ...outcome.result, jobId, result: 'success', savedAs, withoutSecrets, seconds: outcome.seconds };
}
