// Benchmark of restoring an encrypted back-up: `npx tsx test/bench/encrypted-restore.ts [rounds] [--image-only]`.
// Goal (issue 26): restoring a ~500 MB back-up encrypted with AES-256 onto a stick (`write --device`
// onto a simulated USB 3 stick, verify included; root) takes at most 1.10× the same back-up
// unencrypted, and peaks at or under 150 MB of RSS. The compiled CLI's `write --image` (to an 8 GiB
// image file) is measured too, without a goal: no drive sets its pace, so it runs as fast as two
// cores allow, and the AES work (an HMAC-SHA1 pass over each large entry before its first byte is
// written, then the keystream) is a second pass of CPU over the data that a plain back-up does not
// need. The encrypted zip holds the same entries as the plain one, each packed the same way
// (deflate), encrypted by our own back-up writer (AesZipFile). Medians of the rounds (3 unless
// given), the two taking turns in each round so that each meets the same machine.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { AesZipFile } from '../../main/backup-maker/aes-zip-file.js';
import { SAMPLE_TOP_FOLDER, sampleBackupEntries, writeSampleBackup, type SampleBackupOptions } from '../fixtures/sample-backup.js';
import { run } from '../fixtures/test-release/command.js';
import { removeAndSettle } from './manual-way.js';
import { settleMemory } from './settled-memory.js';
import { attachSimulatedStick, USB3_STICK } from './simulated-stick.js';

const MB = 1e6;
const STICK_BYTES = 8 * 2 ** 30;
const args = process.argv.slice(2);
const ROUNDS = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 3);
const ON_STICK = !args.includes('--image-only');
const PASSPHRASE = 'correct horse battery staple, encrypted-restore bench';
const CLI = fileURLToPath(new URL('../../dist/main/cli.js', import.meta.url));
// Written to stderr at exit by the CLI's own process: VmHWM, its peak resident memory, and the CPU
// time of all its threads (less swayed than wall time by whatever else the machine runs).
const PEAK_HOOK = 'data:text/javascript,' + encodeURIComponent(
  "import{readFileSync,writeSync}from'node:fs';process.on('exit',()=>{const c=process.cpuUsage();writeSync(2,'cpu-us '+(c.user+c.system)+'\\n');" +
  "writeSync(2,'peak-rss-kib '+/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status','utf8'))[1]+'\\n')})",
);

interface CliRun {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly cpuSeconds: number;
}

/** Runs the compiled CLI (in a cgroup, when given), timed from the parent, with its peak RSS. */
function runCli(cliArgs: readonly string[], cgroupProcs?: string): Promise<CliRun> {
  const command = cgroupProcs ? 'echo $$ > "$0" && exec "$@"' : 'exec "$@"';
  const started = performance.now();
  const child = spawn('sh', ['-c', command, cgroupProcs ?? 'sh', process.execPath, '--import', PEAK_HOOK, CLI, ...cliArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const peakKib = Number(/peak-rss-kib (\d+)/.exec(output)?.[1]);
      if (code !== 0) reject(new Error(`flash-creator ${cliArgs.join(' ')} exited ${code}:\n${output}`));
      else resolve({ seconds, peakRssMb: (peakKib * 1024) / MB, cpuSeconds: Number(/cpu-us (\d+)/.exec(output)?.[1]) / 1e6 });
    });
  });
}

/** The sample back-up's entries written by our encrypting back-up writer, each deflated as in the plain zip. */
async function writeEncryptedSampleBackup(path: string, options: SampleBackupOptions): Promise<void> {
  const zip = new AesZipFile(Buffer.from(PASSPHRASE, 'utf8'));
  const mtime = new Date(2026, 10, 25, 3, 12);
  for (const entry of sampleBackupEntries(options)) {
    const name = String(entry.name);
    const data = entry.data;
    if (data === undefined) zip.addEmptyDirectory(name, { mtime });
    else zip.addReadStreamLazy(name, { mtime, compress: true }, (callback) => callback(null, Readable.from(typeof data === 'function' ? data() : [Buffer.from(data)])));
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The rounds' medians; the ratio judged against the goal when there is one. */
function report(label: string, rounds: readonly { plain: CliRun; encrypted: CliRun }[], goal?: number): void {
  const ratios = rounds.map((round) => round.encrypted.seconds / round.plain.seconds);
  const plainPeak = Math.max(...rounds.map((round) => round.plain.peakRssMb));
  const encryptedPeak = Math.max(...rounds.map((round) => round.encrypted.peakRssMb));
  console.log(`${label}: plain ${median(rounds.map((round) => round.plain.seconds)).toFixed(2)} s, encrypted ${median(rounds.map((round) => round.encrypted.seconds)).toFixed(2)} s (medians of ${rounds.length})`);
  console.log(`  CPU time (all threads): plain ${median(rounds.map((round) => round.plain.cpuSeconds)).toFixed(2)} s, encrypted ${median(rounds.map((round) => round.encrypted.cpuSeconds)).toFixed(2)} s (medians)`);
  const verdict = goal === undefined ? 'no goal)' : `goal at most ${goal.toFixed(2)}×) ${median(ratios) <= goal ? 'MET' : 'NOT MET'}`;
  console.log(`  encrypted / plain, median: ${median(ratios).toFixed(2)}× (${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}; ${verdict}`);
  console.log(`  peak RSS: plain ${plainPeak.toFixed(0)} MB, encrypted ${encryptedPeak.toFixed(0)} MB (goal: at most 150 MB) ${encryptedPeak <= 150 ? 'MET' : 'NOT MET'}`);
}

const work = mkdtempSync(join(tmpdir(), 'bench-encrypted-restore-'));
try {
  const options: SampleBackupOptions = { topFolder: SAMPLE_TOP_FOLDER, releaseBytes: 500 * MB };
  const plain = join(work, 'backup-500.zip');
  const encrypted = join(work, 'backup-500-encrypted.zip');
  const passwordFile = join(work, 'passphrase.txt');
  writeSampleBackup(plain, options);
  await writeEncryptedSampleBackup(encrypted, options);
  writeFileSync(passwordFile, `${PASSPHRASE}\n`);
  await run('sync', []);

  const image = join(work, 'drive.img');
  const imageRounds: { plain: CliRun; encrypted: CliRun }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const restore = async (zip: string, extra: readonly string[]): Promise<CliRun> => {
      await settleMemory();
      const result = await runCli(['write', zip, '--image', image, '--size', '8G', ...extra]);
      removeAndSettle(image);
      return result;
    };
    const plainRun = await restore(plain, []);
    const encryptedRun = await restore(encrypted, ['--password-file', passwordFile]);
    imageRounds.push({ plain: plainRun, encrypted: encryptedRun });
    console.log(`round ${round + 1}: write --image plain ${plainRun.seconds.toFixed(2)} s (${plainRun.peakRssMb.toFixed(0)} MB), encrypted ${encryptedRun.seconds.toFixed(2)} s (${encryptedRun.peakRssMb.toFixed(0)} MB)`);
  }
  report('write --image of a 500 MB back-up, verify included', imageRounds);

  if (ON_STICK) {
    const stickRounds: { plain: CliRun; encrypted: CliRun }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const restore = async (zip: string, extra: readonly string[]): Promise<CliRun> => {
        const stick = attachSimulatedStick(join(work, 'stick.img'), STICK_BYTES, USB3_STICK);
        try {
          return await runCli(['write', zip, '--device', stick.device, '--yes', '--unsafe', ...extra], stick.cgroupProcs);
        } finally {
          stick.detach();
        }
      };
      const plainRun = await restore(plain, []);
      const encryptedRun = await restore(encrypted, ['--password-file', passwordFile]);
      stickRounds.push({ plain: plainRun, encrypted: encryptedRun });
      console.log(`round ${round + 1}: write --device plain ${plainRun.seconds.toFixed(2)} s (${plainRun.peakRssMb.toFixed(0)} MB), encrypted ${encryptedRun.seconds.toFixed(2)} s (${encryptedRun.peakRssMb.toFixed(0)} MB)`);
    }
    report(`write --device onto a simulated ${USB3_STICK.name}, 500 MB back-up`, stickRounds, 1.1);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
