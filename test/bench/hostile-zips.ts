// Benchmark of judging hostile zips' layout (issue 16): entries sharing bytes, local headers that
// contradict the directory, each at the most entries a zip may list. Goal: judged in under 5 s with
// under 200 MB of memory, by the CLI in its own process. `npx tsx test/bench/hostile-zips.ts`
// (after `npm run build`, so the CLI runs as it ships).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MAX_ENTRIES } from '../../main/backup/archive.js';
import { SAMPLE_TOP_FOLDER, sampleBackupEntries } from '../fixtures/sample-backup.js';
import { writeZip, type ZipEntrySpec } from '../fixtures/zip-builder.js';

const MB = 1e6;
const workDir = mkdtempSync(join(tmpdir(), 'bench-hostile-'));
const TOP = SAMPLE_TOP_FOLDER;
const SAMPLE = sampleBackupEntries({ topFolder: TOP });
/** As many hostile entries as fit beside the sample backup under MAX_ENTRIES. */
const COUNT = MAX_ENTRIES - SAMPLE.length;

// Printed by the child when it exits: its peak resident memory (VmHWM).
const REPORT_PEAK = `data:text/javascript,${encodeURIComponent(
  'import { readFileSync } from "node:fs";' +
  'process.on("exit", () => process.stderr.write(`peak-rss-kib=${/VmHWM:\\s+(\\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]}\\n`));',
)}`;

function judge(label: string, entries: (first: number) => ZipEntrySpec[], options: { sparse?: boolean } = {}): void {
  const path = join(workDir, `${label.replace(/\W+/g, '-')}.zip`);
  writeZip(path, [...SAMPLE, ...entries(SAMPLE.length)], {}, options);
  const command = existsSync('dist/main/cli.js') ? ['dist/main/cli.js'] : ['--import', 'tsx', 'main/cli.ts'];
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--import', REPORT_PEAK, ...command, 'inspect', path, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - start) / 1000;
  const peakMb = (Number(/peak-rss-kib=(\d+)/.exec(child.stderr)?.[1] ?? NaN) * 1024) / MB;
  const report = JSON.parse(child.stdout) as { problems: { code: string }[] };
  const codes = new Map<string, number>();
  for (const { code } of report.problems) codes.set(code, (codes.get(code) ?? 0) + 1);
  console.log(`${label.padEnd(58)} ${(statSync(path).size / MB).toFixed(0).padStart(5)} MB zip: ${seconds.toFixed(2)} s, peak RSS ${peakMb.toFixed(0)} MB, exit ${child.status}; ${[...codes].map(([code, n]) => `${n} ${code}`).join(', ')}`);
  rmSync(path);
}

try {
  console.log(`CLI runs ${existsSync('dist/main/cli.js') ? 'dist/main/cli.js (built)' : 'main/cli.ts through tsx (not built)'}; ${COUNT} hostile entries each`);
  judge(`${COUNT} names on one 64 MiB stream of zeros`, (first) =>
    Array.from({ length: COUNT }, (_, i) => (i === 0 ? { name: `${TOP}/bomb/p0`, data: Buffer.alloc(64 * 2 ** 20) } : { name: `${TOP}/bomb/p${i}`, sameDataAs: first })));
  judge(`${COUNT} entries, each one's data running over the next`, () =>
    Array.from({ length: COUNT }, (_, i) => ({ name: `${TOP}/o/${i}`, data: 'x'.repeat(1000), method: 'store' as const, declared: { compressedSize: 1100, uncompressedSize: 1100 } })));
  judge(`${COUNT} local headers naming another file`, () =>
    Array.from({ length: COUNT }, (_, i) => ({ name: `${TOP}/l/${i}`, data: 'x', localHeader: { name: `${TOP}/l/other${i}` } })));
  // Local headers 70 KB apart in a 4.6 GB (sparse) file: one read per header, none from the cache.
  judge(`${COUNT} entries of 70 KB stored, overlapping in pairs (4.6 GB)`, () =>
    Array.from({ length: COUNT }, (_, i) => ({
      name: `${TOP}/s/${i}`, method: 'store' as const, data: () => [Buffer.alloc(70_000)],
      ...(i % 2 === 0 ? { declared: { compressedSize: 70_100, uncompressedSize: 70_100 } } : {}),
    })), { sparse: true });
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
