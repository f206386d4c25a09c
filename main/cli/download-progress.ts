// The download's progress on the terminal: one line redrawn in place, with the share done, the
// speed measured over this run (a resumed download counts only what arrives now) and the time left.
// Without a terminal it stays silent, like the write's progress line.
import { formatBytes, formatSpeed, formatTimeLeft } from '../../shared/format.js';
import type { CliIO } from './io.js';
import { terminalLine } from './terminal-line.js';

const REDRAW_SECONDS = 0.2;

export interface DownloadPrinter {
  update(received: number, total: number | null): void;
  end(): void;
}

export function downloadPrinter(io: CliIO, clock: () => number = () => performance.now() / 1000): DownloadPrinter {
  if (!io.stderr.isTTY) return { update: () => undefined, end: () => undefined };
  const terminal = terminalLine(io);
  let first: { seconds: number; bytes: number } | undefined;
  let drawnAt = -Infinity;
  return {
    update(received, total) {
      const seconds = clock();
      first ??= { seconds, bytes: received };
      const done = total !== null && received >= total;
      if (seconds - drawnAt < REDRAW_SECONDS && !done) return;
      drawnAt = seconds;
      const elapsed = seconds - first.seconds;
      const speed = elapsed > 0.5 ? (received - first.bytes) / elapsed : null;
      const parts = total === null ? [`downloading ${formatBytes(received)}`] : [`downloading ${Math.floor((received / total) * 100)}%`, `${formatBytes(received)} of ${formatBytes(total)}`];
      if (speed !== null && speed > 0) parts.push(formatSpeed(speed));
      if (speed !== null && speed > 0 && total !== null) parts.push(formatTimeLeft(Math.max(0, total - received) / speed));
      terminal.draw(parts.join(' · '));
    },
    end: () => terminal.end(),
  };
}
