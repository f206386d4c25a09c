// What the writer does with one job, in whichever process has the privileges: re-check the drive,
// probe its capacity (a fake or failing drive is refused before anything else is written), write
// the backup to it (with the config files the user changed), then read it back once, which both
// compares every written block and verifies the filesystem independently, and eject a drive that
// verified good. Every end is an outcome (data for the caller to word), never a thrown error.
// Each step leaves a performance mark (`job:…`), which `npm run bench` reads as the job's timeline.
import { ConfigEditError, editedFiles, withEditedFiles, withEdits } from '../flash/edited-files.js';
import { checkBeforeWrite, readBackup } from '../backup/read-backup.js';
import { ArchiveError } from '../backup/archive.js';
import type { BackupDestination } from '../backup-maker/zip-destination.js';
import type { DeviceDescription } from '../drives/device.js';
import { ejectDrive } from '../drives/eject.js';
import type { EjectResult } from '../../shared/drives.js';
import { LayoutError } from '../disk/layout-error.js';
import { planLayout } from '../disk/plan.js';
import type { DeviceTarget, OpenedDrive, RawDevice } from '../flash/block-device-target.js';
import { readBackWhileReading, recordWrites } from '../flash/read-back.js';
import { expectedOnDrive, layoutRequest, restoreContent } from '../flash/restore-content.js';
import type { Target } from '../flash/target.js';
import { WriteError, writeLayout } from '../flash/write-layout.js';
import { uefiAsWritten } from '../verify/uefi-as-written.js';
import { verifyImage, type VerifyReport } from '../verify/verify-image.js';
import { message, textMessage, type AnyMessage } from '../../shared/message.js';
import type { ProbeResult } from '../../shared/probe.js';
import type { WriteJob, WriterJob } from './job.js';
import { requestRefusals, ROOT_ITSELF, zipOpener, type Authority } from './authority.js';
import { openConfirmed } from './open-confirmed.js';
import { probeBeforeWrite, runCheckJob, type CheckOutcome, type ProbeSeams } from './probe-drive.js';
import type { StampedProbe } from '../probe/probe.js';
import { BLOCK_SIZE } from '../disk/align.js';
import { describeOrRefuse, identityChanges, refusalsFor } from './recheck.js';
import type { FlashJobOutcome } from './flash-jobs.js';

export type JobPhase = 'wipe' | 'data' | 'boot' | 'verify';

/** Bytes done of the phase's pass: the write (wipe, data and boot together), or the read that verifies it. */
export interface JobProgress {
  readonly phase: JobPhase;
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

/** untouched: nothing was written. no-partition-table: the drive will not pass for a flash drive. */
export type DriveState = 'untouched' | 'no-partition-table' | 'unknown';

export interface WrittenSummary {
  readonly files: number;
  readonly fileBytes: number;
  readonly diskBytes: number;
  readonly seconds: number;
}

export type JobOutcome =
  | { readonly status: 'refused'; readonly device: string; readonly reasons: readonly AnyMessage[] }
  /**
   * A fake or failing drive. before-write: the capacity probe found it; nothing else was written,
   * what it overwrote was put back. after-write: the probe's stamps, read again once the files were
   * written, found it; the drive was erased and holds no partition table.
   */
  | { readonly status: 'not-genuine'; readonly device: string; readonly probe: ProbeResult; readonly found: 'before-write' | 'after-write' }
  /** A check job's answer. */
  | Extract<CheckOutcome, { status: 'checked' }>
  /** A read-flash or backup-flash job's answer. */
  | Exclude<FlashJobOutcome, { status: 'refused' }>
  /** systemCode: the system's error code (EIO, ENOSPC…) when the drive refused a write, so the app can say what it means. */
  | { readonly status: 'failed'; readonly message: AnyMessage; readonly driveState: DriveState; readonly systemCode?: string }
  | {
      readonly status: 'done';
      readonly device: string;
      readonly written: WrittenSummary | null;
      /** The first range that did not read back as written; null when all did. */
      readonly readBackMismatch: AnyMessage | null;
      readonly verify: VerifyReport;
      readonly legacyBoot: boolean;
      /** Whether the drive was ejected; null when that was not tried (a verify job, a drive that did not verify, a drive that is not USB). */
      readonly eject: EjectResult | null;
    };

export interface JobSeams extends ProbeSeams {
  /** Between the target and the device (fault injection in tests). */
  readonly wrapDevice?: (device: RawDevice) => RawDevice;
  /** Aborting stops the write before its next block: the drive is left without a partition table. */
  readonly signal?: AbortSignal;
  /** Where a back-up job's zip goes: the caller saves it, never the writer. */
  readonly zipDestination?: BackupDestination;
}

/**
 * Runs the job on `authority`'s rights: root's own when the caller is root (the default), or a
 * raised writer's, which honours only what its caller could do (authority.ts).
 */
export async function runJob(job: WriterJob, onProgress: (progress: JobProgress) => void, seams: JobSeams = {}, authority: Authority = ROOT_ITSELF): Promise<JobOutcome> {
  performance.mark('job:started');
  const refusals = requestRefusals(job, authority);
  if (refusals.length > 0) return { status: 'refused', device: job.drive.device, reasons: refusals };
  if (job.kind === 'check') return runCheckJob(job, seams);
  // A back-up's one pass is reading the old flash, reported as the data phase.
  if (job.kind === 'read-flash' || job.kind === 'backup-flash') {
    const reportRead = (bytesDone: number, bytesTotal: number): void => onProgress({ phase: 'data', bytesDone, bytesTotal });
    // Loaded for these jobs only: a write does not need the zip writer.
    const { runFlashJob } = await import('./flash-jobs.js');
    return runFlashJob(job, { signal: seams.signal, onProgress: reportRead, zipDestination: seams.zipDestination });
  }
  let backup: Backup;
  try {
    // Verifying an encrypted backup reads it in full first: AE-2 zips store no CRC-32 to compare the drive with.
    backup = await readBackup(job.zipPath, { opener: zipOpener(authority), passphrase: job.passphrase, deep: job.kind === 'verify' && job.passphrase !== undefined });
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    return { status: 'failed', message: message('writer.zip-unopened', { zip: job.zipPath, detail: typeof error.detail === 'number' || error.detail === '' ? error.message : error.detail }), driveState: 'untouched' };
  }
  performance.mark('job:zip-read');
  try {
    if (!backup.report.ok) return backupRefused(backup);
    const found = await describeOrRefuse(job.drive.device, { backupZipPath: job.zipPath });
    if ('status' in found) return found;
    // A verify checks the drive's own images, not the backup's.
    if (job.kind === 'verify') {
      const changes = identityChanges(found, job.drive);
      if (changes.length > 0) return { status: 'refused', device: found.device, reasons: changes };
      return await verifyOnly(found, backup, onProgress);
    }
    const driveRefusals = refusalsFor(found, job.drive, job);
    if (driveRefusals.length > 0) return { status: 'refused', device: found.device, reasons: driveRefusals };
    const opened = await openConfirmed(found, { write: true });
    if ('status' in opened) return opened;
    let written: JobOutcome | undefined;
    try {
      // A write checks the bz images (and authenticates the other encrypted files) before it erases
      // anything, while the capacity probe works the drive (one is the processor's work, the other
      // the drive's). On a genuine drive the probe's stamps are left for the write to go over;
      // whenever the write does not wipe the old partition table (the backup refused, no layout for
      // the drive) they are put back.
      const [checked, probe] = await settledBoth(
        checkBeforeWrite(backup).finally(() => performance.mark('job:bz-checked')),
        probeBeforeWrite(opened, seams).finally(() => performance.mark('job:probed')),
      );
      try {
        if (!checked.report.ok) return backupRefused(checked);
        if (probe.result.verdict !== 'genuine') return { status: 'not-genuine', device: found.device, probe: probe.result, found: 'before-write' };
        written = await writeAndVerify(job, found, opened, checked, probe, onProgress, seams);
      } finally {
        if (written === undefined || !wipedOldTable(written)) await probe.putBack();
      }
    } finally {
      await opened.close();
    }
    const outcome = written;
    // Only a USB drive is ejected: a loop device or an internal disk has nowhere to go.
    const good = outcome.status === 'done' && outcome.readBackMismatch === null && outcome.verify.ok;
    if (!(good && found.isUSB && !found.isVirtual)) return outcome;
    const eject = await ejectDrive(found.device);
    performance.mark('job:ejected');
    return { ...outcome, eject };
  } finally {
    backup.archive.close();
  }
}

type Backup = Awaited<ReturnType<typeof readBackup>>;

function backupRefused(backup: Backup): JobOutcome {
  const blocking = backup.report.problems.filter((problem) => problem.severity === 'blocking').map((problem) => problem.message);
  return { status: 'failed', message: message('failure.cannot-restore', { zip: backup.report.zipName, problems: blocking }), driveState: 'untouched' };
}

/**
 * Whether the write is known to have wiped the drive's old partition table: its old contents are
 * then gone for any system, and the probe's stamps with them. Otherwise (the write never began,
 * or its wipe failed) the stamps are put back.
 */
function wipedOldTable(outcome: JobOutcome): boolean {
  return outcome.status === 'done' || (outcome.status === 'failed' && outcome.driveState === 'no-partition-table');
}

/** Both results, once both have settled: neither is left running (a probe must finish putting the drive back) when the other fails. */
async function settledBoth<A, B>(first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([first, second]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

async function writeAndVerify(
  job: WriteJob,
  found: DeviceDescription,
  opened: OpenedDrive,
  backup: Backup,
  probe: StampedProbe,
  onProgress: (progress: JobProgress) => void,
  seams: JobSeams,
): Promise<JobOutcome> {
  const content = restoreContent(backup, { uefi: job.uefi, changedFiles: job.configFiles });
  let layout, edits;
  try {
    edits = editedFiles(content.items, job.configFiles ?? []);
    layout = planLayout(withEditedFiles(layoutRequest(content, found.size ?? 0, job.volumeId), edits));
  } catch (error) {
    if (error instanceof LayoutError || error instanceof ConfigEditError) return { status: 'failed', message: error.reason, driveState: 'untouched' };
    throw error;
  }
  const started = process.hrtime.bigint();
  performance.mark('job:write-started');
  const device = opened.target(seams.wrapDevice);
  const recorded = recordWrites(cancellable(device, seams.signal));
  // Before the boot sectors and the MBR make it a flash drive: the probe's stamps the files went
  // around must still be there (a drive that lost some refuses the write, with no partition table).
  const stampsKept = async (): Promise<void> => {
    performance.mark('job:files-written');
    await recorded.target.flush();
    const recheck = await probe.recheck((offset) => recorded.crcs.has(offset / BLOCK_SIZE));
    performance.mark('job:stamps-rechecked');
    seams.onRecheck?.(recheck);
    if (recheck.verdict !== 'genuine') throw new StampsLost(recheck);
  };
  try {
    await writeLayout(layout, (extent) => backup.archive.openEntry(extent.entry), recorded.target, { onProgress, beforeBoot: stampsKept });
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    if (error.cause instanceof StampsLost) return { status: 'not-genuine', device: found.device, probe: error.cause.recheck, found: 'after-write' };
    const systemCode = systemCodeOf(error);
    return { status: 'failed', message: textMessage(error.message), driveState: error.noPartitionTable ? 'no-partition-table' : 'unknown', ...(systemCode ? { systemCode } : {}) };
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  performance.mark('job:written');
  // One read pass: verify reads the drive through the read-back, which compares every block it
  // reads and then reads the written blocks verify did not need.
  const pass = readBackWhileReading(device, recorded.crcs, (bytesDone, bytesTotal) => onProgress({ phase: 'verify', bytesDone, bytesTotal }));
  const verify = await verifyImage(pass.source, withEdits(expectedOnDrive(content), edits), { legacyBoot: content.legacyBoot, label: content.label });
  const mismatch = await pass.finish();
  performance.mark('job:read-back');
  const { files, fileBytes } = layout.summary;
  return {
    status: 'done',
    device: found.device,
    written: { files, fileBytes, diskBytes: layout.diskBytes, seconds },
    readBackMismatch: mismatch ? message('writer.read-back-mismatch', { offset: mismatch.offset, first: mismatch.offset, last: mismatch.offset + mismatch.length - 1 }) : null,
    verify,
    legacyBoot: content.legacyBoot !== undefined,
    eject: null,
  };
}

async function verifyOnly(found: DeviceDescription, backup: Backup, onProgress: (progress: JobProgress) => void): Promise<JobOutcome> {
  const opened = await openConfirmed(found, { write: false });
  if ('status' in opened) return opened;
  const device = opened.target();
  try {
    const content = restoreContent(backup, { uefi: await uefiAsWritten(device) });
    const verify = await verifyImage(device, expectedOnDrive(content), {
      legacyBoot: content.legacyBoot,
      label: content.label,
      onProgress: (bytesDone, bytesTotal) => onProgress({ phase: 'verify', bytesDone, bytesTotal }),
    });
    return { status: 'done', device: found.device, written: null, readBackMismatch: null, verify, legacyBoot: content.legacyBoot !== undefined, eject: null };
  } finally {
    await opened.close();
  }
}

/** The probe's stamps, read again after the files were written, found a fake or failing drive. */
class StampsLost extends Error {
  constructor(readonly recheck: ProbeResult) {
    super(`the capacity probe's places, read again after the write, found a ${recheck.verdict} drive`);
  }
}

/** The target, failing its next write once the signal is aborted. */
function cancellable(target: DeviceTarget, signal: AbortSignal | undefined): Target {
  if (!signal) return target;
  return {
    description: target.description,
    size: target.size,
    unwrittenReadsAsZero: target.unwrittenReadsAsZero,
    allocateBuffer: (bytes) => target.allocateBuffer!(bytes),
    write: (bytes, offset) => {
      if (signal.aborted) return Promise.reject(new Error('cancelled by the user'));
      return target.write(bytes, offset);
    },
    flush: () => target.flush(),
    close: () => target.close(),
  };
}

/** The system's error code (EIO, EPERM…) behind an error, along its causes: the device target wraps it. */
function systemCodeOf(error: unknown): string | undefined {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  }
  return undefined;
}
