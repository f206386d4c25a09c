// Who performs a write. A job is plain data, so it can cross to another process: the privileged
// writer (issue 5) will receive it over a pipe, re-check the drive itself, and report the same
// progress and result. Until then the only runner is InProcessWriteRunner (restore-job.ts), which
// runs the engine in this process, with this process's rights.
import type { NetworkSettings, WritePhase, WriteResult } from '../../shared/ipc.js';

export interface WriteJob {
  readonly zipPath: string;
  /** The drive's path as its listing gave it (an image file in the harness). */
  readonly device: string;
  /** Its size as listed; the layout is planned for it. */
  readonly deviceSize: number;
  readonly uefi: boolean;
  /** Set only when the user changed them. */
  readonly serverName?: string;
  readonly network?: NetworkSettings;
}

export interface JobProgress {
  readonly phase: WritePhase;
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

export interface WriteRunner {
  /** Runs the job to its end. Never throws: every ending, cancel included, is a result. */
  run(job: WriteJob, onProgress: (progress: JobProgress) => void, signal: AbortSignal): Promise<WriteResult>;
}
