// The runner for the system's drives. Unprivileged, it works out the config files the user changed
// (where the backup is read) and names the drive exactly as the user confirmed it: its size and
// GUID as listed, its device number from the kernel now, so a drive swapped in its place is
// refused. It checks the drive as the writer will, so a refusal is told before anyone is asked for
// a password, then hands the job to the privileged writer (writer/client.ts), which checks the
// drive again, writes, reads back and verifies. Progress and outcome come back in the wizard's terms.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { WritePhase, WriteResult } from '../../shared/ipc.js';
import { formatMessage, message, textMessage } from '../../shared/message.js';
import { capacityMessage } from '../../shared/probe.js';
import { readBackup } from '../backup/read-backup.js';
import { DeviceError, describeDevice } from '../drives/device.js';
import { restoreContent } from '../flash/restore-content.js';
import { runWithPrivileges } from '../writer/client.js';
import type { ConfirmedDrive, WriterJob } from '../writer/job.js';
import type { FlashBackupOutcome, FlashReading } from '../backup-maker/flash-source.js';
import type { FlashStateReading } from '../repair/read-state.js';
import { zipFileFor, type FlashAnswer, type FlashBackupJob, type FlashReader, type SourceDrive } from './flash-reader.js';
import { refusalsFor } from '../writer/recheck.js';
import type { JobOutcome, JobPhase, JobSeams, DriveState as WriterDriveState, JobProgress as WriterProgress } from '../writer/run-job.js';
import type { ConfigFileText } from '../backup/config-edits.js';
import type { PathTracker } from '../backup-maker/zip-destination.js';
import { editedFiles } from '../flash/edited-files.js';
import { changedConfigFiles } from './config-changes.js';
import type { DriveProber, DriveToProbe, ProbeAnswer } from './drive-prober.js';
import { cancelled, counterfeitAfterWrite, failed, refused, verifyFailed, writerFailed, type DriveState } from './failure.js';
import type { Logger } from './log.js';
import { verifiedResult, type WriteFacts } from './verified.js';
import type { JobProgress, WriteJob, WriteRunner } from './write-runner.js';

export interface PrivilegedRunnerOptions {
  /**
   * Accept a virtual or non-removable drive while nothing on it is in use, as the CLI's --unsafe
   * does (loop devices in tests). The app never sets it: its list offers no such drives anyway.
   */
  readonly unsafe?: boolean;
  /** Told of the partial zips of a back-up while they exist (removed at the next start after a crash). */
  readonly leftovers?: PathTracker;
}

/** What the wizard shows for each step of the writer's job: writing the data, the boot loader, checking. */
const WIZARD_PHASES: Record<JobPhase, WritePhase> = { wipe: 'writing', data: 'writing', boot: 'boot-loader', verify: 'verifying' };

const DRIVE_STATES: Record<WriterDriveState, DriveState> = { untouched: 'untouched', 'no-partition-table': 'blank', unknown: 'unknown' };

export class PrivilegedWriteRunner implements WriteRunner, DriveProber, FlashReader {
  readonly readsFreely = false;

  constructor(
    /** Gets the error behind every failure that is not the writer's own report. */
    private readonly log: Logger,
    private readonly options: PrivilegedRunnerOptions = {},
  ) {}

  async run(job: WriteJob, onProgress: (progress: JobProgress) => void, signal: AbortSignal): Promise<WriteResult> {
    let phase: WritePhase = 'preparing';
    const report = (progress: JobProgress): void => {
      phase = progress.phase;
      onProgress(progress);
    };
    try {
      report({ phase: 'preparing', bytesDone: 0, bytesTotal: 0 });
      const started = performance.now();
      const { configFiles, changedFiles, uefiBoot } = await prepare(job);
      const found = await describeDevice(job.device, { backupZipPath: job.zipPath });
      const drive: ConfirmedDrive = { device: job.device, size: job.deviceSize, devNumber: found.devNumber, guid: job.guid, description: job.description };
      const unsafe = this.options.unsafe ?? false;
      const refusals = refusalsFor(found, drive, { unsafe });
      if (refusals.length > 0) return refused(refusals);
      signal.throwIfAborted();
      const writerJob: WriterJob = { kind: 'write', zipPath: resolve(job.zipPath), drive, uefi: job.uefi, unsafe, volumeId: job.volumeId ?? randomBytes(4).readUInt32LE(), configFiles, ...passphraseOf(job) };
      const outcome = await runWithPrivileges(writerJob, (progress) => report(wizardProgress(progress)), { signal });
      if (outcome.status === 'failed' && signal.aborted) return cancelled(phase, DRIVE_STATES[outcome.driveState]);
      return writeResult(outcome, phase, { uefiBoot, changedFiles, seconds: (performance.now() - started) / 1000 });
    } catch (error) {
      if (error instanceof DeviceError) return refused([error.reason]);
      // Once the writer has started, only a read-back proves what the drive holds.
      const state: DriveState = phase === 'preparing' ? 'untouched' : 'unknown';
      if (!signal.aborted) this.log.error(`The write to ${job.device} failed while ${phase}`, error);
      return signal.aborted ? cancelled(phase, state) : failed(error, phase, state);
    }
  }

  /** The capacity probe through the privileged writer (a check job): it writes to the drive, so it needs the same rights and the same re-check as a write. */
  async probe(drive: DriveToProbe): Promise<ProbeAnswer> {
    try {
      const found = await describeDevice(drive.device);
      const confirmed: ConfirmedDrive = { device: drive.device, size: drive.size, devNumber: found.devNumber, guid: drive.guid, description: drive.description };
      const unsafe = this.options.unsafe ?? false;
      const refusals = refusalsFor(found, confirmed, { unsafe });
      if (refusals.length > 0) return { ok: false, message: message('probe.not-checked', { reasons: refusals }) };
      const outcome = await runWithPrivileges({ kind: 'check', drive: confirmed, unsafe }, () => undefined);
      if (outcome.status === 'checked') return { ok: true, probe: outcome.probe };
      if (outcome.status === 'refused') return { ok: false, message: message('probe.not-checked', { reasons: outcome.reasons }) };
      return { ok: false, message: outcome.status === 'failed' ? outcome.message : message('probe.writer-answered', { status: outcome.status }) };
    } catch (error) {
      if (error instanceof DeviceError) return { ok: false, message: message('probe.not-checked', { reasons: [error.reason] }) };
      this.log.error(`Checking ${drive.device} failed`, error);
      return { ok: false, message: message('probe.could-not-check', { detail: error instanceof Error ? error.message : String(error) }) };
    }
  }

  async readFlash(drive: SourceDrive): Promise<FlashAnswer<FlashReading>> {
    const unsafe = this.options.unsafe ?? false;
    const answer = await this.flashJob(drive, (confirmed) => ({ kind: 'read-flash', drive: confirmed, unsafe }), () => undefined);
    if (!answer.ok) return answer;
    return answer.value.status === 'flash-read' ? { ok: true, value: answer.value.reading } : { ok: false, message: textMessage(`The writer answered the read with “${answer.value.status}”.`) };
  }

  async readFlashState(drive: SourceDrive): Promise<FlashAnswer<FlashStateReading>> {
    const unsafe = this.options.unsafe ?? false;
    const answer = await this.flashJob(drive, (confirmed) => ({ kind: 'read-flash', drive: confirmed, unsafe, state: true }), () => undefined);
    if (!answer.ok) return answer;
    return answer.value.status === 'flash-state' ? { ok: true, value: answer.value.reading } : { ok: false, message: textMessage(`The writer answered the read with “${answer.value.status}”.`) };
  }

  async backupFlash(drive: SourceDrive, job: FlashBackupJob, onProgress: (bytesDone: number, bytesTotal: number) => void, signal: AbortSignal): Promise<FlashAnswer<FlashBackupOutcome>> {
    // The writer sends the zip's bytes back; this process saves them, with its own rights.
    const zipDestination = zipFileFor({ ...job, outPath: resolve(job.outPath) }, this.options.leftovers);
    if ('ok' in zipDestination) return zipDestination;
    const unsafe = this.options.unsafe ?? false;
    const request = (confirmed: ConfirmedDrive): WriterJob => ({ kind: 'backup-flash', drive: confirmed, withoutSecrets: job.withoutSecrets, purpose: job.purpose, unsafe, ...passphraseOf(job) });
    const answer = await this.flashJob(drive, request, (progress) => onProgress(progress.bytesDone, progress.bytesTotal), { signal, zipDestination });
    if (!answer.ok) return answer;
    return answer.value.status === 'flash-backup' ? { ok: true, value: answer.value.backup } : { ok: false, message: textMessage(`The writer answered the back-up with “${answer.value.status}”.`) };
  }

  /** A job on an old flash through the privileged writer, the drive named exactly as listed (its device number from the kernel now). */
  private async flashJob(drive: SourceDrive, job: (confirmed: ConfirmedDrive) => WriterJob, onProgress: (progress: WriterProgress) => void, seams: JobSeams = {}): Promise<FlashAnswer<JobOutcome>> {
    try {
      const found = await describeDevice(drive.device);
      const confirmed: ConfirmedDrive = { device: drive.device, size: drive.size, devNumber: found.devNumber, guid: drive.guid, description: drive.description };
      const outcome = await runWithPrivileges(job(confirmed), onProgress, seams);
      if (outcome.status === 'refused') return { ok: false, message: message('flash.not-read', { drive: drive.description, reasons: outcome.reasons }) };
      if (outcome.status === 'failed') return { ok: false, message: outcome.message };
      return { ok: true, value: outcome };
    } catch (error) {
      if (error instanceof DeviceError) return { ok: false, message: message('flash.not-read', { drive: drive.description, reasons: [error.reason] }) };
      this.log.error(`Reading ${drive.device} failed`, error);
      return { ok: false, message: message('flash.could-not-read', { drive: drive.description, detail: error instanceof Error ? error.message : String(error) }) };
    }
  }
}

/**
 * What the unprivileged side knows of the write: the changed config files, where they go on the
 * drive (EFI or EFI- after the UEFI switch), and whether it makes the drive boot on UEFI.
 */
async function prepare(job: WriteJob): Promise<{ configFiles: ConfigFileText[]; changedFiles: string[]; uefiBoot: boolean }> {
  const backup = await readBackup(job.zipPath, { passphrase: job.passphrase });
  try {
    if (!backup.report.ok) throw new Error(`${backup.report.zipName} can no longer be restored: ${backup.report.problems.filter((problem) => problem.severity === 'blocking').map((problem) => formatMessage(problem.message)).join(' ')}`);
    const configFiles = await changedConfigFiles(backup, job);
    const content = restoreContent(backup, { uefi: job.uefi, changedFiles: configFiles });
    return { configFiles, changedFiles: editedFiles(content.items, configFiles).map((file) => file.path), uefiBoot: content.bootModes.uefi };
  } finally {
    backup.archive.close();
  }
}

/** The writer's progress as the wizard shows it: the write's phases, then the one read that checks it. */
export function wizardProgress(progress: WriterProgress): JobProgress {
  return { phase: WIZARD_PHASES[progress.phase], bytesDone: progress.bytesDone, bytesTotal: progress.bytesTotal };
}

/** The writer's outcome as the wizard reports it; `phase` is the last one the user saw. Pure. */
export function writeResult(outcome: JobOutcome, phase: WritePhase, facts: Omit<WriteFacts, 'legacyBoot' | 'eject'>): WriteResult {
  switch (outcome.status) {
    case 'refused':
      return refused(outcome.reasons);
    case 'not-genuine':
      if (outcome.found === 'after-write') return counterfeitAfterWrite(capacityMessage(outcome.probe));
      return refused([capacityMessage(outcome.probe)]);
    case 'checked':
      return refused([capacityMessage(outcome.probe)]);
    case 'failed':
      return writerFailed(outcome.message, phase, DRIVE_STATES[outcome.driveState], outcome.systemCode);
    case 'flash-read':
    case 'flash-state':
    case 'flash-backup':
      return writerFailed(textMessage(`The writer answered the write with “${outcome.status}”.`), phase, 'unknown');
    case 'done':
      // The same read verified the filesystem: its differences name what the bad blocks hold.
      if (outcome.readBackMismatch !== null) return verifyFailed([outcome.readBackMismatch, ...outcome.verify.differences.map((difference) => difference.message)]);
      return verifiedResult(outcome.verify, { ...facts, legacyBoot: outcome.legacyBoot, eject: outcome.eject });
  }
}

/** A job's passphrase as the writer's job carries it: only when there is one. */
function passphraseOf(job: { readonly passphrase?: string }): { passphrase?: string } {
  return job.passphrase === undefined ? {} : { passphrase: job.passphrase };
}
