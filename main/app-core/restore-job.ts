// The in-process write runner: the same engine the CLI's `write` and `verify` use (read the
// backup, plan the layout, write it, read it back independently), run in this process. Each phase
// reports progress; cancelling makes the next write or read throw, so the engine stops where it is
// and the drive is left in the state its write order guarantees (no partition table until the end).
import { randomBytes } from 'node:crypto';
import type { WritePhase, WriteResult } from '../../shared/ipc.js';
import { readBackup } from '../backup/read-backup.js';
import { planLayout } from '../disk/plan.js';
import { expectedOnDrive, layoutRequest, restoreContent } from '../flash/restore-content.js';
import type { Target } from '../flash/target.js';
import { WriteError, writeLayout } from '../flash/write-layout.js';
import type { ClosableByteSource } from '../fat/byte-source.js';
import { verifyImage } from '../verify/verify-image.js';
import { editedFiles, withEditedFiles, withEdits } from '../flash/edited-files.js';
import { changedConfigFiles } from './config-changes.js';
import type { Logger } from './log.js';
import { cancelled, failed, refused, type DriveState } from './failure.js';
import type { DriveProber, DriveToProbe, ProbeAnswer } from './drive-prober.js';
import { probeDrive, type ProbeDevice } from '../probe/probe.js';
import { formatMessage, message } from '../../shared/message.js';
import { capacityMessage, type ProbeResult } from '../../shared/probe.js';
import { verifiedResult } from './verified.js';
import { backupFlash, readFlash, type FlashBackupOutcome, type FlashReading } from '../backup-maker/flash-source.js';
import { readFlashStateOf, type FlashStateReading } from '../repair/read-state.js';
import { zipFileFor, type FlashAnswer, type FlashBackupJob, type FlashReader, type SourceDrive } from './flash-reader.js';
import type { JobProgress, WriteJob, WriteRunner } from './write-runner.js';

/** How the runner reaches a drive: to write it, to read it back, and to probe it (reads and writes in place). */
export interface DriveAccess {
  openTarget(device: string, size: number): Promise<Target>;
  openSource(device: string): Promise<ClosableByteSource>;
  openProbeDevice(device: string): Promise<ProbeDevice & { close(): Promise<void> }>;
}

/** Thrown into the engine's next write or read once the user cancels. */
export class JobCancelled extends Error {
  override name = 'JobCancelled';
  constructor() {
    super('The user cancelled the write.');
  }
}

export class InProcessWriteRunner implements WriteRunner, DriveProber, FlashReader {
  /** The harness's drives are its own image files: reading them costs nothing. */
  readonly readsFreely = true;

  constructor(
    private readonly access: DriveAccess,
    /** Gets the error behind every failure, with its code, stack and causes. */
    private readonly log: Logger,
  ) {}

  async run(job: WriteJob, onProgress: (progress: JobProgress) => void, signal: AbortSignal): Promise<WriteResult> {
    const state: { phase: WritePhase; drive: DriveState } = { phase: 'preparing', drive: 'untouched' };
    const report = (progress: JobProgress): void => {
      state.phase = progress.phase;
      onProgress(progress);
    };
    try {
      return await restore(job, this.access, report, signal, state);
    } catch (error) {
      if (error instanceof WriteError) state.drive = error.noPartitionTable ? 'blank' : 'unknown';
      if (!signal.aborted) this.log.error(`The write to ${job.device} failed while ${state.phase}`, error);
      return signal.aborted ? cancelled(state.phase, state.drive) : failed(error, state.phase, state.drive);
    }
  }

  async probe(drive: DriveToProbe): Promise<ProbeAnswer> {
    try {
      return { ok: true, probe: await probeOnce(this.access, drive.device) };
    } catch (error) {
      this.log.error(`Checking ${drive.device} failed`, error);
      return { ok: false, message: message('probe.could-not-check', { detail: error instanceof Error ? error.message : String(error) }) };
    }
  }

  async readFlash(drive: SourceDrive): Promise<FlashAnswer<FlashReading>> {
    return this.onSource(drive, (bytes) => readFlash(bytes));
  }

  async backupFlash(drive: SourceDrive, job: FlashBackupJob, onProgress: (bytesDone: number, bytesTotal: number) => void, signal: AbortSignal): Promise<FlashAnswer<FlashBackupOutcome>> {
    const comment = `Flash backup of ${drive.description}, made by Flash Creator on ${new Date().toISOString()}.`;
    const destination = zipFileFor(job);
    if ('ok' in destination) return destination;
    return this.onSource(drive, (bytes) => backupFlash(bytes, { destination, withoutSecrets: job.withoutSecrets, purpose: job.purpose, comment, passphrase: job.passphrase }, { signal, onProgress }));
  }

  async readFlashState(drive: SourceDrive): Promise<FlashAnswer<FlashStateReading>> {
    return this.onSource(drive, (bytes) => readFlashStateOf(bytes));
  }

  private async onSource<T>(drive: SourceDrive, use: (bytes: ClosableByteSource) => Promise<T>): Promise<FlashAnswer<T>> {
    try {
      const bytes = await this.access.openSource(drive.device);
      try {
        return { ok: true, value: await use(bytes) };
      } finally {
        await bytes.close();
      }
    } catch (error) {
      this.log.error(`Reading ${drive.device} failed`, error);
      return { ok: false, message: message('flash.could-not-read', { drive: drive.description, detail: error instanceof Error ? error.message : String(error) }) };
    }
  }
}

async function probeOnce(access: DriveAccess, device: string): Promise<ProbeResult> {
  const opened = await access.openProbeDevice(device);
  try {
    return await probeDrive(opened);
  } finally {
    await opened.close();
  }
}

async function restore(
  job: WriteJob,
  access: DriveAccess,
  report: (progress: JobProgress) => void,
  signal: AbortSignal,
  state: { drive: DriveState },
): Promise<WriteResult> {
  report({ phase: 'preparing', bytesDone: 0, bytesTotal: 0 });
  const started = performance.now();
  const backup = await readBackup(job.zipPath, { checkBeforeWrite: true, passphrase: job.passphrase });
  try {
    if (!backup.report.ok) throw new Error(`${backup.report.zipName} can no longer be restored: ${backup.report.problems.filter((problem) => problem.severity === 'blocking').map((problem) => formatMessage(problem.message)).join(' ')}`);
    // What the CLI's write puts on a drive (items after the UEFI switch, the legacy boot loader),
    // plus the config files the user changed, which replace the zip's copies.
    const changed = await changedConfigFiles(backup, job);
    const content = restoreContent(backup, { uefi: job.uefi, changedFiles: changed });
    const edits = editedFiles(content.items, changed);
    const layout = planLayout(withEditedFiles(layoutRequest(content, job.deviceSize, job.volumeId ?? randomBytes(4).readUInt32LE()), edits));
    signal.throwIfAborted();
    // As the privileged writer does: a fake or failing drive is refused before anything else is written.
    const probe = await probeOnce(access, job.device);
    if (probe.verdict !== 'genuine') return refused([capacityMessage(probe)]);
    signal.throwIfAborted();

    const target = cancellableTarget(await access.openTarget(job.device, job.deviceSize), signal);
    state.drive = 'unknown';
    try {
      await writeLayout(layout, (extent) => backup.archive.openEntry(extent.entry), target, {
        onProgress: ({ phase, bytesDone, bytesTotal }) => report({ phase: phase === 'boot' ? 'boot-loader' : 'writing', bytesDone, bytesTotal }),
      });
    } finally {
      await target.close();
    }

    report({ phase: 'verifying', bytesDone: 0, bytesTotal: layout.summary.fileBytes });
    const source = cancellableSource(await access.openSource(job.device), signal);
    const verified = await verifyImage(source, withEdits(expectedOnDrive(content), edits), {
      onProgress: (bytesDone, bytesTotal) => report({ phase: 'verifying', bytesDone, bytesTotal }),
      legacyBoot: content.legacyBoot,
      label: content.label,
    }).finally(() => source.close());
    return verifiedResult(verified, {
      legacyBoot: content.bootModes.legacyBios,
      uefiBoot: content.bootModes.uefi,
      changedFiles: edits.map((edit) => edit.path),
      seconds: (performance.now() - started) / 1000,
      eject: null,
    });
  } finally {
    backup.archive.close();
  }
}

function cancellableTarget(target: Target, signal: AbortSignal): Target {
  return {
    description: target.description,
    size: target.size,
    unwrittenReadsAsZero: target.unwrittenReadsAsZero,
    write: (bytes, offset) => {
      if (signal.aborted) return Promise.reject(new JobCancelled());
      return target.write(bytes, offset);
    },
    flush: () => target.flush(),
    close: () => target.close(),
  };
}

function cancellableSource(source: ClosableByteSource, signal: AbortSignal): ClosableByteSource {
  return {
    size: source.size,
    read: (offset, length, into) => (signal.aborted ? Promise.reject(new JobCancelled()) : source.read(offset, length, into)),
    close: () => source.close(),
  };
}
