// Benchmark of a whole verified write at a stick's own speed: `npx tsx test/bench/stick.ts` (root:
// it makes loop devices and blkio cgroups). Goals (issue 13):
// - `write --device` of a ~500 MB backup onto a simulated USB 2.0 stick (20 MiB/s write, 30 MiB/s
//   read) takes at most 1.15× the one-read-pass limit: bytes written / write speed + bytes written
//   / read speed (a verified write must write everything once and read it back once);
// - it reads the data once, and the compiled CLI peaks at or under 150 MB, as does `write --image`
//   of 500 MB and 1 GB backups (verify included), flat as the backup grows.
// The compiled CLI (dist/) runs as it ships, in its own process; a one-line hook reports its peak
// RSS (VmHWM) at exit. The device's own counters (/sys/block/<dev>/stat), sampled as the job runs,
// give the bytes read and written and a timeline of when the drive was writing, reading or idle.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { attachSimulatedStick, USB2_STICK, USB3_STICK, type SimulatedStick, type StickProfile } from './simulated-stick.js';

const MB = 1e6;
const MIB = 2 ** 20;
const STICK_BYTES = 8 * 2 ** 30;
const SAMPLE_MS = 100;
const MIN_IDLE_SECONDS = 0.35;
const CLI = fileURLToPath(new URL('../../dist/main/cli.js', import.meta.url));
// Written to stderr at exit by the CLI's own process: VmHWM, its peak resident memory.
const PEAK_HOOK = 'data:text/javascript,' + encodeURIComponent(
  "import{readFileSync,writeSync}from'node:fs';process.on('exit',()=>writeSync(2,'peak-rss-kib '+/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status','utf8'))[1]+'\\n'))",
);

interface CliRun {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly stderr: string;
  readonly stdout: string;
}

/** Activity seen on the drive: what it did from `from` to `to` seconds after the start. */
interface Span {
  readonly activity: 'writing' | 'reading' | 'writing and reading' | 'idle';
  readonly from: number;
  readonly to: number;
}

const work = mkdtempSync(join(tmpdir(), 'bench-stick-'));
try {
  const backup500 = join(work, 'backup-500.zip');
  const backup1000 = join(work, 'backup-1000.zip');
  writeSampleBackup(backup500, { topFolder: SAMPLE_TOP_FOLDER, releaseBytes: 500 * MB });
  writeSampleBackup(backup1000, { topFolder: SAMPLE_TOP_FOLDER, releaseBytes: 1000 * MB });

  console.log('write --image, verify included (compiled CLI, 8 GiB image):');
  for (const [label, zip] of [['500 MB backup', backup500], ['1 GB backup', backup1000]] as const) {
    const image = join(work, 'drive.img');
    const run = await runCli(['write', zip, '--image', image, '--size', '8G']);
    rmSync(image, { force: true });
    console.log(`  ${label}: ${run.seconds.toFixed(1)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB (goal: at most 150 MB) ${run.peakRssMb <= 150 ? 'MET' : 'NOT MET'}`);
  }

  // The goal is judged on the USB 2.0 stick; the faster one also shows memory staying flat with a backup twice the size.
  const runs = [[USB2_STICK, '500 MB', backup500], [USB3_STICK, '500 MB', backup500], [USB3_STICK, '1 GB', backup1000]] as const;
  for (const [profile, label, zip] of runs) {
    console.log('');
    console.log(`write --device onto a simulated ${profile.name} (${profile.writeMiBps} MiB/s write, ${profile.readMiBps} MiB/s read; ${label} backup, 8 GiB drive):`);
    await benchStick(profile, zip, join(work, 'stick.img'));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function benchStick(profile: StickProfile, zip: string, backingFile: string): Promise<void> {
  const stick = attachSimulatedStick(backingFile, STICK_BYTES, profile);
  try {
    const samples: { seconds: number; bytesRead: number; bytesWritten: number }[] = [];
    const started = performance.now();
    const sample = (): void => void samples.push({ seconds: (performance.now() - started) / 1000, ...stick.io() });
    sample();
    const timer = setInterval(sample, SAMPLE_MS);
    let run: CliRun;
    try {
      run = await runCli(['write', zip, '--device', stick.device, '--yes', '--unsafe'], stick);
    } finally {
      clearInterval(timer);
    }
    sample();
    const first = samples[0]!;
    const last = samples.at(-1)!;
    const written = last.bytesWritten - first.bytesWritten;
    const read = last.bytesRead - first.bytesRead;
    const limit = written / (profile.writeMiBps * MIB) + written / (profile.readMiBps * MIB);
    const ratio = run.seconds / limit;
    console.log(`  whole job: ${run.seconds.toFixed(1)} s; one-read-pass limit ${limit.toFixed(1)} s (${(written / MB).toFixed(0)} MB at ${profile.writeMiBps} MiB/s + the same read at ${profile.readMiBps} MiB/s): ${ratio.toFixed(2)}× (goal: at most 1.15×) ${ratio <= 1.15 ? 'MET' : 'NOT MET'}`);
    console.log(`  bytes written ${(written / MB).toFixed(1)} MB, bytes read ${(read / MB).toFixed(1)} MB: the drive was read ${(read / written).toFixed(2)} times over`);
    console.log(`  peak RSS ${run.peakRssMb.toFixed(0)} MB (goal: at most 150 MB) ${run.peakRssMb <= 150 ? 'MET' : 'NOT MET'}`);
    console.log('  timeline (what the drive did):');
    for (const span of timeline(samples, run.seconds)) {
      console.log(`    ${span.from.toFixed(1).padStart(5)}–${span.to.toFixed(1).padEnd(5)} s  ${span.activity}`);
    }
  } finally {
    stick.detach();
  }
}

/** Runs the compiled CLI (in the stick's cgroup, when given), timed from the parent, with its peak RSS. */
function runCli(args: string[], stick?: SimulatedStick): Promise<CliRun> {
  // The shell joins the cgroup first, then becomes node: every byte the CLI moves is throttled.
  const command = stick ? 'echo $$ > "$0" && exec "$@"' : 'exec "$@"';
  const child = spawn('sh', ['-c', command, stick?.cgroupProcs ?? 'sh', process.execPath, '--import', PEAK_HOOK, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const started = performance.now();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const peakKib = Number(/peak-rss-kib (\d+)/.exec(stderr)?.[1]);
      if (code !== 0) reject(new Error(`flash-creator ${args.join(' ')} exited ${code}:\n${stdout}${stderr}`));
      else resolve({ seconds, peakRssMb: (peakKib * 1024) / MB, stderr, stdout });
    });
  });
}

/**
 * Merges samples into spans of the same activity. The throttle lets I/O through in slices, so a
 * drive busy at its full speed shows idle samples between busy ones: an idle span shorter than
 * MIN_IDLE_SECONDS between two spans of the same activity is part of them.
 */
function timeline(samples: readonly { seconds: number; bytesRead: number; bytesWritten: number }[], end: number): Span[] {
  const spans: Span[] = [];
  for (let index = 1; index < samples.length; index++) {
    const before = samples[index - 1]!;
    const now = samples[index]!;
    const wrote = now.bytesWritten > before.bytesWritten;
    const read = now.bytesRead > before.bytesRead;
    const activity: Span['activity'] = wrote && read ? 'writing and reading' : wrote ? 'writing' : read ? 'reading' : 'idle';
    const previous = spans.at(-1);
    const beforeIdle = spans.at(-2);
    if (previous?.activity === activity) spans[spans.length - 1] = { ...previous, to: now.seconds };
    else if (previous?.activity === 'idle' && previous.to - previous.from < MIN_IDLE_SECONDS && beforeIdle?.activity === activity) {
      spans.pop();
      spans[spans.length - 1] = { ...beforeIdle, to: now.seconds };
    } else spans.push({ activity, from: before.seconds, to: now.seconds });
  }
  const last = spans.at(-1);
  if (last) spans[spans.length - 1] = { ...last, to: Math.max(last.to, end) };
  return spans;
}
