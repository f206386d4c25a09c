// The copy: an old Unraid flash onto a new drive. The old flash is staged as a zip
// (copy-staging.ts), then that zip is written to the new drive as any backup is: the probe, the
// verified write. Nothing is written when a file of the old flash cannot be read, unless the owner,
// told which, chose to go on without them.
import type { CloneRequest, DriveRow, WriteResult, WrittenDrive } from '../../../shared/ipc.js';
import { message } from '../../../shared/message.js';
import { RequestRefused } from '../refused.js';
import type { JobProgress, WriteJob } from '../write-runner.js';
import type { JobContext } from './context.js';
import { copyStopped, withStagedFlash } from './copy-staging.js';

export async function startCopy(context: JobContext, request: CloneRequest): Promise<{ jobId: string }> {
  const { drives, slot, options } = context;
  slot.refuseWhileBusy();
  await drives.listed();
  const { drive: source } = drives.unraidSource(request.sourceId);
  if (request.driveId === source.id) throw new RequestRefused('drive-refused', message('flash.is-the-source', { drive: source.description }));
  const target = drives.writableDrive(request.driveId, request.confirmation);
  const jobId = slot.newJobId();
  const drive: WrittenDrive = { description: target.description, device: target.device, size: target.size!, guid: target.guid };
  const allowMissing = request.allowMissing === true;
  options.log.info(`Copy ${jobId}: ${source.device} (${source.description}) to ${target.device} (${target.description}, ${target.size} bytes, ${target.verdict})${allowMissing ? ', without what cannot be read' : ''}`);
  slot.runWrite(jobId, drive, (onProgress, signal) => copy(context, source, target, allowMissing, onProgress, signal));
  return { jobId };
}

function copy({ shelf, options }: JobContext, source: DriveRow, target: DriveRow, allowMissing: boolean, onProgress: (progress: JobProgress) => void, signal: AbortSignal): Promise<WriteResult> {
  return withStagedFlash(options, source, { allowMissing, onProgress, signal }, async (zipPath, passphrase) => {
    const staged = await shelf.open(zipPath, passphrase);
    if (!staged.opened.report.ok) {
      const blocking = staged.opened.report.problems.filter((problem) => problem.severity === 'blocking').map((problem) => problem.message);
      return copyStopped([message('flash.copy-cannot-restore', { drive: source.description, problems: blocking })]);
    }
    const job: WriteJob = { zipPath, device: target.device, deviceSize: target.size!, description: target.description, guid: target.guid, uefi: staged.opened.settings.uefi, passphrase };
    return options.runner.run(job, onProgress, signal);
  });
}
