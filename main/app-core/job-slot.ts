// The one job the app runs at a time: a write (a restore, a copy, an install: each ends in one) or
// a back-up. The slot gives out job ids, refuses a second job while one runs or a drive is being
// checked, turns a write's progress into the events the renderer shows, and cancels on request.
import type { RepairSummary, WritePhase, WriteResult, WrittenDrive } from '../../shared/ipc.js';
import type { BackupOutcome } from '../../shared/flash-source.js';
import type { ChecklistSection } from '../../shared/backup-report.js';
import { formatMessages, message } from '../../shared/message.js';
import { JobMeter, ProgressMeter } from '../../shared/progress-meter.js';
import { unexpected } from './failure.js';
import { RequestRefused } from './refused.js';
import { JobCancelled } from './restore-job.js';
import type { ServiceOptions } from './service-options.js';
import type { JobProgress } from './write-runner.js';

/**
 * The part of an install's one bar its download takes: a release zip holds about the bytes that are
 * written (its bz files are compressed already), and the write is read back once, so download,
 * write and read-back are about a third each. A cached release downloads nothing and leaves the
 * whole bar to the write.
 */
const DOWNLOAD_SHARE = 1 / 3;

/** A write (a copy, an install) erases a drive; a back-up only reads one. */
export type JobKind = 'write' | 'backup';

interface RunningJob {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

/** Runs a write to its end; never throws for an ending it knows (a cancel is a result too). A repair's success says what it did. */
export type WriteWork = (onProgress: (progress: JobProgress) => void, signal: AbortSignal) => Promise<WriteResult & { readonly repair?: RepairSummary }>;

export class JobSlot {
  private job: RunningJob | undefined;
  private nextJob = 1;
  private readonly clock: () => number;

  constructor(
    private readonly options: ServiceOptions,
    /** True while a drive's check runs. */
    private readonly checking: () => boolean,
  ) {
    this.clock = options.clock ?? (() => performance.now() / 1000);
  }

  get kind(): JobKind | undefined {
    return this.job?.kind;
  }

  /** Refuses a new job while one runs or a drive is being checked. */
  refuseWhileBusy(): void {
    if (this.checking()) throw new RequestRefused('busy', message('request.busy-checking'));
    if (this.job) throw new RequestRefused('busy', message('flash.busy-job'));
  }

  /** The id of a job about to start, once its request has passed every check. */
  newJobId(): string {
    return `job-${this.nextJob++}`;
  }

  /** Runs a write as the job, its progress and outcome sent as a write's; a `checklist` goes with its success (an install's, for the new server). */
  runWrite(jobId: string, drive: WrittenDrive, write: WriteWork, checklist?: readonly ChecklistSection[]): void {
    const controller = new AbortController();
    const done = write(this.progressReporter(jobId), controller.signal)
      .catch((error: unknown): WriteResult & { readonly repair?: RepairSummary } => {
        this.options.log.error(`Write ${jobId} broke down`, error);
        return unexpected(error);
      })
      .then((result) => {
        this.job = undefined;
        this.options.log.info(`Write ${jobId} ended: ${result.result}${result.result === 'success' ? '' : ` in ${result.phase}: ${formatMessages(result.sentences)} ${formatMessages(result.differences)}`}`);
        this.options.emit('write:finished', { jobId, drive, ...result, ...(checklist && result.result === 'success' ? { checklist } : {}) });
      });
    this.job = { jobId, kind: 'write', controller, done };
  }

  /**
   * Runs a back-up as the job: `work` gets a progress callback that sends at most one
   * backup:progress event per interval (and always the last), and settles with its outcome.
   */
  runBackup(jobId: string, work: (onProgress: (bytesDone: number, bytesTotal: number) => void, signal: AbortSignal) => Promise<BackupOutcome>): void {
    const controller = new AbortController();
    const meter = new ProgressMeter();
    const onProgress = this.throttled((bytesDone, bytesTotal) => {
      const estimate = meter.update({ seconds: this.clock(), bytesDone }, bytesTotal);
      this.options.emit('backup:progress', { jobId, bytesDone, bytesTotal, fraction: bytesTotal > 0 ? bytesDone / bytesTotal : 0, ...estimate });
    });
    const done = work(onProgress, controller.signal).then((outcome) => {
      this.job = undefined;
      this.options.log.info(`Back-up ${jobId} ended: ${outcome.result}${outcome.result === 'success' ? `; ${outcome.missing.length} missing` : `: ${outcome.message}`}`);
      this.options.emit('backup:finished', outcome);
    });
    this.job = { jobId, kind: 'backup', controller, done };
  }

  cancel(jobId: string): null {
    if (this.job?.jobId !== jobId) throw new RequestRefused('unknown-job', message('request.unknown-job'));
    this.options.log.info(`Job ${jobId}: cancelled by the user`);
    this.job.controller.abort(new JobCancelled());
    return null;
  }

  /** Cancels the running job, if any, and waits for it to end. */
  async close(): Promise<void> {
    this.job?.controller.abort(new JobCancelled());
    await this.job?.done;
  }

  /** Progress events with speed, the whole job's fraction and time left, one per interval, and always one when the phase changes. */
  private progressReporter(jobId: string): (progress: JobProgress) => void {
    const meter = new JobMeter();
    const reading = new ProgressMeter();
    const interval = this.options.progressInterval ?? 0.25;
    let phase: WritePhase | undefined;
    let sentAt = -Infinity;
    /** The part of the bar an install's download took; the write fills the rest. */
    let downloaded = 0;
    return (progress) => {
      const now = this.clock();
      const ownFraction = progress.bytesTotal > 0 ? progress.bytesDone / progress.bytesTotal : 0;
      let estimate;
      if (progress.phase === 'preparing') {
        estimate = { bytesPerSecond: null, secondsLeft: null, fraction: downloaded };
      } else if (progress.phase === 'downloading') {
        // Speed and time left are the download's own: how fast the drive writes is not known yet.
        downloaded = DOWNLOAD_SHARE * ownFraction;
        estimate = { ...reading.update({ seconds: now, bytesDone: progress.bytesDone }, progress.bytesTotal), fraction: downloaded };
      } else if (progress.phase === 'reading') {
        // A copy's reading of the old flash is measured on its own; the write's bar starts after it.
        estimate = { ...reading.update({ seconds: now, bytesDone: progress.bytesDone }, progress.bytesTotal), fraction: ownFraction };
      } else {
        const written = meter.update({ pass: progress.phase === 'verifying' ? 'read' : 'write', seconds: now, ...progress });
        estimate = { ...written, fraction: downloaded + (1 - downloaded) * written.fraction };
      }
      if (progress.phase === phase && now - sentAt < interval && progress.bytesDone < progress.bytesTotal) return;
      phase = progress.phase;
      sentAt = now;
      this.options.emit('write:progress', { jobId, ...progress, ...estimate });
    };
  }

  /** At most one call per interval seconds, and always the last one (done = total). */
  private throttled(report: (bytesDone: number, bytesTotal: number) => void): (bytesDone: number, bytesTotal: number) => void {
    const interval = this.options.progressInterval ?? 0.25;
    let sentAt = -Infinity;
    return (bytesDone, bytesTotal) => {
      const now = this.clock();
      if (now - sentAt < interval && bytesDone < bytesTotal) return;
      sentAt = now;
      report(bytesDone, bytesTotal);
    };
  }
}
