// The restore: a backup the user chose is opened (the drive list is judged for it from then on),
// then written to a drive with the settings the user changed, verified as it is written.
import type { OpenedBackup, WriteRequest } from '../../../shared/ipc.js';
import { message } from '../../../shared/message.js';
import { RequestRefused } from '../refused.js';
import { InvalidRequest } from '../requests.js';
import type { ShelvedBackup } from '../backup-shelf.js';
import type { WriteJob } from '../write-runner.js';
import type { JobContext } from './context.js';

/** Reads a backup the user chose; its drive list is judged for it from now on. */
export async function openBackup(context: JobContext, path: string): Promise<OpenedBackup> {
  return judgeDrivesFor(context, await context.shelf.open(path));
}

/** Opens an encrypted backup the user opened before again, with the passphrase they typed. */
export async function unlockBackup(context: JobContext, { backupId, passphrase }: { backupId: string; passphrase: string }): Promise<OpenedBackup> {
  const locked = context.shelf.get(backupId);
  if (!locked) throw new RequestRefused('unknown-backup', message('request.unknown-backup'));
  return judgeDrivesFor(context, await context.shelf.open(locked.zipPath, passphrase));
}

function judgeDrivesFor({ drives, options }: JobContext, shelved: ShelvedBackup): OpenedBackup {
  const path = shelved.zipPath;
  const { report } = shelved.opened;
  options.log.info(`Opened ${path}: ${report.ok ? 'can be restored' : 'cannot be restored'}; ${report.problems.map((problem) => problem.code).join(', ') || 'no problems'}`);
  if (report.ok) drives.watch(shelved, shelved.opened.neededBytes === null ? null : { neededBytes: shelved.opened.neededBytes, zipPath: shelved.zipPath });
  return shelved.opened;
}

export async function startRestore({ shelf, drives, slot, options }: JobContext, request: WriteRequest): Promise<{ jobId: string }> {
  slot.refuseWhileBusy();
  const backup = shelf.get(request.backupId);
  if (!backup) throw new RequestRefused('unknown-backup', message('request.unknown-backup'));
  if (!backup.opened.report.ok) throw new RequestRefused('backup-blocked', message('request.backup-blocked', { zip: backup.opened.report.zipName }));
  await drives.listed();
  if (drives.judgedFor !== backup) throw new RequestRefused('unknown-drive', message('request.unknown-drive'));
  const drive = drives.writableDrive(request.driveId, request.confirmation);
  const { settings } = backup.opened;
  const unchangeable = (request.serverName !== undefined && settings.serverName === null) || (request.network !== undefined && settings.network === null) ||
    (request.bootLabel !== undefined && settings.bootLabel === null);
  if (unchangeable) throw new InvalidRequest(message('request.no-config-file'));
  const job: WriteJob = {
    zipPath: backup.zipPath,
    device: drive.device,
    deviceSize: drive.size!,
    description: drive.description,
    guid: drive.guid,
    uefi: request.uefi,
    ...(request.serverName === undefined ? {} : { serverName: request.serverName }),
    ...(request.network === undefined ? {} : { network: request.network }),
    ...(request.bootLabel === undefined ? {} : { bootLabel: request.bootLabel }),
    ...(request.wifi === undefined ? {} : { wifi: request.wifi }),
    ...(backup.passphrase === undefined ? {} : { passphrase: backup.passphrase }),
  };
  const jobId = slot.newJobId();
  options.log.info(`Write ${jobId}: ${backup.zipPath} to ${drive.device} (${drive.description}, ${drive.size} bytes, ${drive.verdict}); UEFI ${job.uefi ? 'on' : 'off'}` +
    `${job.serverName === undefined ? '' : `; server name ${job.serverName}`}${job.network === undefined ? '' : '; network changed'}` +
    `${job.bootLabel === undefined ? '' : `; flash label ${job.bootLabel}`}${job.wifi === undefined ? '' : `; Wi-Fi ${job.wifi.ssid}`}`);
  slot.runWrite(jobId, { description: drive.description, device: drive.device, size: drive.size!, guid: drive.guid }, (onProgress, signal) => options.runner.run(job, onProgress, signal));
  return { jobId };
}
