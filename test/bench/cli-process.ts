// Runs the CLI in a child process of its own, timed, with its peak memory: the built CLI when
// dist/ exists, else main/cli.ts through tsx (which adds ~40 MB).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const MB = 1e6;

// Printed by the child when it exits: its peak resident memory (VmHWM: Linux's maxRSS would count the
// parent's memory, inherited through fork).
const REPORT_PEAK = `data:text/javascript,${encodeURIComponent(
  'import { readFileSync } from "node:fs";' +
  'process.on("exit", () => process.stderr.write(`peak-rss-kib=${/VmHWM:\\s+(\\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]}\\n`));',
)}`;

/** Runs the CLI in its own process, timing it and reading its peak memory. */
export function runCliProcess(args: string[]): { seconds: number; peakRssMb: number; status: number | null } {
  const built = existsSync('dist/main/cli.js');
  const command = built ? ['dist/main/cli.js'] : ['--import', 'tsx', 'main/cli.ts'];
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--import', REPORT_PEAK, ...command, ...args], { encoding: 'utf8' });
  const elapsed = (performance.now() - start) / 1000;
  const peak = Number(/peak-rss-kib=(\d+)/.exec(child.stderr)?.[1] ?? NaN);
  return { seconds: elapsed, peakRssMb: (peak * 1024) / MB, status: child.status };
}
