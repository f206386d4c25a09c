// Benchmark of `write --image` as users run it: `npx tsx test/bench/image-write.ts [rounds]`.
// Goal (issue 25): the compiled CLI's `write <zip> --image <file> --size 8G` of a ~500 MB backup,
// verify included, takes at most 1.3× `unzip -p` of the zip into one file plus one read of that
// file back, and less than the manual Linux way (manual-way.ts, which verifies nothing): medians
// of the rounds (3 unless given), the three taking turns in each round, so that each meets the
// same machine. The CLI is timed as a whole process, start-up included; its marks (cli:…,
// image:…) split its time.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { run } from '../fixtures/test-release/command.js';
import { manualWay, removeAndSettle } from './manual-way.js';
import { settleMemory } from './settled-memory.js';

const MB = 1e6;
const IMAGE_BYTES = 8 * 2 ** 30;
const ROUNDS = Number(process.argv[2] ?? 3);
const CLI = fileURLToPath(new URL('../../dist/main/cli.js', import.meta.url));
// The CLI's performance marks, written to stderr at exit (milliseconds since it started).
const MARKS_HOOK = 'data:text/javascript,' + encodeURIComponent(
  "import{writeSync}from'node:fs';process.on('exit',()=>{for(const m of performance.getEntriesByType('mark'))writeSync(2,'mark '+m.name+' '+m.startTime+'\\n')})",
);

/** Seconds `command` takes, as a whole process; its stderr. */
function timed(command: string, args: readonly string[]): Promise<{ seconds: number; stderr: string }> {
  const started = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ seconds: (performance.now() - started) / 1000, stderr }) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const work = mkdtempSync(join(tmpdir(), 'bench-image-write-'));
try {
  const zip = join(work, 'backup-500.zip');
  writeSampleBackup(zip, { topFolder: SAMPLE_TOP_FOLDER, releaseBytes: 500 * MB });
  await run('sync', []);
  const image = join(work, 'drive.img');
  const unzipped = join(work, 'unzipped.bin');
  const rounds: { cli: number; unzip: number; manual: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await settleMemory();
    const cli = await timed(process.execPath, ['--import', MARKS_HOOK, CLI, 'write', zip, '--image', image, '--size', '8G']);
    removeAndSettle(image);
    await settleMemory();
    const unzip = await timed('sh', ['-c', 'unzip -p "$0" > "$1" && cat "$1" > /dev/null', zip, unzipped]);
    removeAndSettle(unzipped);
    const manual = await manualWay(work, zip, IMAGE_BYTES);
    rounds.push({ cli: cli.seconds, unzip: unzip.seconds, manual });
    const marks = [...cli.stderr.matchAll(/^mark (\S+) ([\d.]+)$/gm)].map((mark) => `${mark[1]} ${(Number(mark[2]) / 1000).toFixed(2)} s`);
    console.log(`round ${round + 1}: write --image ${cli.seconds.toFixed(2)} s (${marks.join(', ')}); unzip -p + read back ${unzip.seconds.toFixed(2)} s; manual way ${manual.toFixed(2)} s`);
  }
  const overUnzip = rounds.map((r) => r.cli / r.unzip);
  const overManual = rounds.map((r) => r.cli / r.manual);
  console.log(`write --image / (unzip -p + read back), median of ${ROUNDS}: ${median(overUnzip).toFixed(2)}× (${overUnzip.map((ratio) => ratio.toFixed(2)).join(', ')}; goal at most 1.30×) ${median(overUnzip) <= 1.3 ? 'MET' : 'NOT MET'}`);
  console.log(`write --image / manual way, median of ${ROUNDS}: ${median(overManual).toFixed(2)}× (${overManual.map((ratio) => ratio.toFixed(2)).join(', ')}; goal under 1×) ${median(overManual) < 1 ? 'MET' : 'NOT MET'}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
