// The CLI's progress: one line on the terminal for the whole job, write and verify together, with
// the job's fraction and one time left from measured speeds (the same meter as the app's bar),
// redrawn in place. Without a terminal (a script, a log) it stays silent.
import { formatBytes, formatSpeed, formatTimeLeft } from '../../shared/format.js';
import { JobMeter, type Pass } from '../../shared/progress-meter.js';
import type { JobPhase } from '../writer/run-job.js';
import type { CliIO } from './io.js';
import { terminalLine } from './terminal-line.js';

export interface JobProgressLine {
  readonly phase: JobPhase;
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

export interface ProgressPrinter {
  update(progress: JobProgressLine): void;
  end(): void;
}

const PASSES: Record<JobPhase, Pass> = { wipe: 'write', data: 'write', boot: 'write', verify: 'read' };
const VERBS: Record<Pass, string> = { write: 'writing', read: 'verifying' };
/** A terminal line is redrawn at most this often, or when the pass changes. */
const REDRAW_SECONDS = 0.2;

export function progressPrinter(io: CliIO, clock: () => number = () => performance.now() / 1000): ProgressPrinter {
  if (!io.stderr.isTTY) return { update: () => undefined, end: () => undefined };
  const meter = new JobMeter();
  const terminal = terminalLine(io);
  let pass: Pass | undefined;
  let drawnAt = -Infinity;
  return {
    update({ phase, bytesDone, bytesTotal }) {
      const now = PASSES[phase];
      const seconds = clock();
      const estimate = meter.update({ pass: now, seconds, bytesDone, bytesTotal });
      const started = now !== pass;
      pass = now;
      if (!started && seconds - drawnAt < REDRAW_SECONDS && bytesDone < bytesTotal) return;
      drawnAt = seconds;
      const parts = [`${VERBS[now]} ${Math.floor(estimate.fraction * 100)}%`, `${formatBytes(bytesDone)} of ${formatBytes(bytesTotal)}`];
      if (estimate.bytesPerSecond !== null) parts.push(formatSpeed(estimate.bytesPerSecond));
      if (estimate.secondsLeft !== null) parts.push(formatTimeLeft(estimate.secondsLeft));
      terminal.draw(parts.join(' · '));
    },
    end: () => terminal.end(),
  };
}
