// Benchmark of a whole verified write at a stick's own speed: `npx tsx test/bench/stick.ts [runs]
// [stick]` (root: it makes loop devices and blkio cgroups; `runs` of each stick, 1 unless given,
// medians printed; only the sticks whose name holds `stick`, such as "USB 3", when given). Goals (issues 13, 25):
// - `write --device` of a ~500 MB backup takes at most 1.10× the one-read-pass limit on the USB 3
//   stick and 1.05× on the USB 2.0 stick, with their request rates (simulated-stick.ts): the limit
//   is bytes written / write speed + bytes written / read speed (a verified write must write
//   everything once and read it back once); the poor stick is measured;
// - it reads the data once, and the compiled CLI peaks at or under 150 MB, as does `write --image`
//   of 500 MB and 1 GB backups (verify included), flat as the backup grows.
// The compiled CLI (dist/) runs as it ships, in its own process; a one-line hook reports its peak
// RSS (VmHWM) at exit. The device's own counters (/sys/block/<dev>/stat), sampled as the job runs,
// give the bytes read and written, the size of the write's requests (and the speed the stick's request rate
// allowed them: simulated-stick.ts, throttledRates) and a timeline of when the drive was writing, reading or idle;
// the job's own performance marks (cli:…, job:…), printed by the same hook, give its fixed costs.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { attachSimulatedStick, POOR_STICK, SMALLEST_SEQUENTIAL_REQUEST, throttledRates, USB2_STICK, USB3_STICK, type SimulatedStick, type StickProfile } from './simulated-stick.js';

const MB = 1e6;
const MIB = 2 ** 20;
const STICK_BYTES = 8 * 2 ** 30;
const SAMPLE_MS = 100;
const MIN_IDLE_SECONDS = 0.35;
const CLI = fileURLToPath(new URL('../../dist/main/cli.js', import.meta.url));
// Written to stderr at exit by the CLI's own process: VmHWM, its peak resident memory, and its
// performance marks (milliseconds since the process started).
const PEAK_HOOK = 'data:text/javascript,' + encodeURIComponent(
  "import{readFileSync,writeSync}from'node:fs';process.on('exit',()=>{for(const m of performance.getEntriesByType('mark'))writeSync(2,'mark '+m.name+' '+m.startTime+'\\n');" +
  "writeSync(2,'peak-rss-kib '+/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status','utf8'))[1]+'\\n')})",
);
const RUNS = Number(process.argv[2] ?? 1);
/** Only the sticks whose name holds this (`USB 3`, say), when given. */
const ONLY = process.argv[3];

interface CliRun {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly stderr: string;
  readonly stdout: string;
  /** The job's performance marks, in seconds since its process started. */
  readonly marks: ReadonlyMap<string, number>;
}

/** The drive's counters, `seconds` after the job was started. */
interface DriveSample {
  readonly seconds: number;
  readonly bytesRead: number;
  readonly bytesWritten: number;
  readonly reads: number;
  readonly writes: number;
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
  for (const [label, zip] of ONLY === undefined ? ([['500 MB backup', backup500], ['1 GB backup', backup1000]] as const) : []) {
    const image = join(work, 'drive.img');
    const run = await runCli(['write', zip, '--image', image, '--size', '8G']);
    rmSync(image, { force: true });
    console.log(`  ${label}: ${run.seconds.toFixed(1)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB (goal: at most 150 MB) ${run.peakRssMb <= 150 ? 'MET' : 'NOT MET'}`);
  }

  // The goals are judged on the 500 MB backup; the USB 3 stick also shows memory staying flat with a backup twice the size.
  const sticks = [[USB3_STICK, '500 MB', backup500, 1.1], [USB2_STICK, '500 MB', backup500, 1.05], [POOR_STICK, '500 MB', backup500, undefined], [USB3_STICK, '1 GB', backup1000, undefined]] as const;
  for (const [profile, label, zip, goal] of sticks) {
    if (ONLY !== undefined && !profile.name.includes(ONLY)) continue;
    console.log('');
    console.log(`write --device onto a simulated ${profile.name} (${profile.writeMiBps} MiB/s write, ${profile.readMiBps} MiB/s read, ` +
      `${requestRates(profile)}; ${label} backup, 8 GiB drive):`);
    const ratios: number[] = [];
    for (let run = 0; run < RUNS; run++) ratios.push(await benchStick(profile, zip, join(work, 'stick.img'), goal));
    if (RUNS > 1) console.log(`  median of ${RUNS}: ${median(ratios).toFixed(2)}× the limit (${ratios.map((ratio) => ratio.toFixed(2)).join(', ')})`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** One verified write, its figures printed; returns the whole job's time over the one-read-pass limit. */
async function benchStick(profile: StickProfile, zip: string, backingFile: string, goal: number | undefined): Promise<number> {
  const stick = attachSimulatedStick(backingFile, STICK_BYTES, profile);
  try {
    const samples: DriveSample[] = [];
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
    const verdict = goal === undefined ? '(no goal)' : `(goal: at most ${goal.toFixed(2)}×) ${ratio <= goal ? 'MET' : 'NOT MET'}`;
    console.log(`  whole job: ${run.seconds.toFixed(1)} s; one-read-pass limit ${limit.toFixed(1)} s (${(written / MB).toFixed(0)} MB at ${profile.writeMiBps} MiB/s + the same read at ${profile.readMiBps} MiB/s): ${ratio.toFixed(2)}× ${verdict}`);
    console.log(`  bytes written ${(written / MB).toFixed(1)} MB, bytes read ${(read / MB).toFixed(1)} MB: the drive was read ${(read / written).toFixed(2)} times over`);
    console.log(`  ${writePassRequests(profile, samples, run.marks.get('job:write-started'), run.marks.get('job:files-written'))}`);
    console.log(`  peak RSS ${run.peakRssMb.toFixed(0)} MB (goal: at most 150 MB) ${run.peakRssMb <= 150 ? 'MET' : 'NOT MET'}`);
    console.log('  timeline (what the drive did):');
    for (const span of timeline(samples, run.seconds)) {
      console.log(`    ${span.from.toFixed(1).padStart(5)}–${span.to.toFixed(1).padEnd(5)} s  ${span.activity}`);
    }
    console.log('  timeline (what the job did, from its own marks):');
    for (const [step, from, to] of jobSteps(run.marks, run.seconds)) {
      console.log(`    ${from.toFixed(2).padStart(6)}–${to.toFixed(2).padEnd(6)} s  ${step} (${(to - from).toFixed(2)} s)`);
    }
    return ratio;
  } finally {
    stick.detach();
  }
}

/** The write's requests, between its marks (the samples' clock starts a few ms before the marks'): their size, and what the stick's rates allowed them. */
function writePassRequests(profile: StickProfile, samples: readonly DriveSample[], from: number | undefined, to: number | undefined): string {
  if (from === undefined || to === undefined) return 'write pass: no marks';
  const at = (seconds: number): DriveSample => samples.find((sample) => sample.seconds >= seconds) ?? samples.at(-1)!;
  const start = at(from);
  const end = at(to);
  const bytes = end.bytesWritten - start.bytesWritten;
  const requests = end.writes - start.writes;
  const { writeIops } = throttledRates(profile);
  const allowed = Math.min(profile.writeMiBps, (writeIops * bytes) / requests / MIB);
  return `write pass: ${requests} requests of ${(bytes / requests / 1024).toFixed(0)} KiB on average; at ${writeIops} a second the stick could take them at ${allowed.toFixed(1)} MiB/s`;
}

/** The profile's published request rates, and the throttle's where it raises them (throttledRates). */
function requestRates(profile: StickProfile): string {
  const rates = throttledRates(profile);
  const rate = (published: number, throttled: number, what: string): string =>
    throttled === published ? `${published} ${what}` : `${published} small ${what} (${throttled} of ${SMALLEST_SEQUENTIAL_REQUEST / 1024} KiB carry the speed)`;
  return `${rate(profile.writeIops, rates.writeIops, 'writes')} and ${rate(profile.readIops, rates.readIops, 'reads')} a second`;
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
      else resolve({ seconds, peakRssMb: (peakKib * 1024) / MB, stderr, stdout, marks: new Map([...stderr.matchAll(/^mark (\S+) ([\d.]+)$/gm)].map((mark) => [mark[1]!, Number(mark[2]) / 1000])) });
    });
  });
}

/**
 * Merges samples into spans of the same activity. The throttle lets I/O through in slices, so a
 * drive busy at its full speed shows idle samples between busy ones: an idle span shorter than
 * MIN_IDLE_SECONDS between two spans of the same activity is part of them.
 */
function timeline(samples: readonly DriveSample[], end: number): Span[] {
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

/**
 * The job's steps between its marks: start-up (Node and the command's modules), the CLI reading the
 * zip's directory and local headers, its checks of the drive, the writer reading the zip again (it
 * trusts no caller), then the bz images' check and the capacity probe side by side, the write, the
 * read pass and the eject. A step whose mark is missing (no eject for a loop device) is left out.
 */
function jobSteps(marks: ReadonlyMap<string, number>, end: number): [string, number, number][] {
  const steps: [string, string, string][] = [
    ['start-up and module loading', '', 'cli:command-loaded'],
    ['CLI: zip directory and local headers', 'cli:command-loaded', 'cli:zip-read'],
    ['CLI: drive described, layout planned', 'cli:zip-read', 'job:started'],
    ['writer: zip directory and local headers', 'job:started', 'job:zip-read'],
    ['bz images checked against their .sha256', 'job:zip-read', 'job:bz-checked'],
    ['capacity probe (beside the bz check)', 'job:zip-read', 'job:probed'],
    ['layout planned', 'job:probed', 'job:write-started'],
    ['write', 'job:write-started', 'job:written'],
    ['of which: flush, and the probe’s places read again', 'job:files-written', 'job:stamps-rechecked'],
    ['read pass (verify and read-back)', 'job:written', 'job:read-back'],
    ['eject', 'job:read-back', 'job:ejected'],
    ['to the end of the process', marks.has('job:ejected') ? 'job:ejected' : 'job:read-back', ''],
  ];
  const at = (name: string, otherwise: number): number | undefined => (name === '' ? otherwise : marks.get(name));
  return steps.flatMap(([step, from, to]) => {
    const start = at(from, 0);
    const finish = at(to, end);
    return start === undefined || finish === undefined ? [] : [[step, start, finish] as [string, number, number]];
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
