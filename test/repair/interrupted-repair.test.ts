// A repair stopped in the middle of rewriting the stick, from a real CLI process on a loop device
// (root here): cancelled (SIGINT, as Ctrl+C sends it) and failing (the kernel refuses every write
// from then on: blockdev --setro, a fault below the writer). Each time the saved zip is whole, the
// message names it and the command that puts the flash back, and that command does: every file as
// it was (config/ byte for byte), the same label and volume id; booted once under SeaBIOS.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootImage } from '../boot/qemu.js';
import { runCommand, type CliResult } from '../disk/restore-image.js';
import { blkidImage, extractWithMtools, extractWithUnzip, fsckImage, partitionTable, treeDifferences } from '../fixtures/image-checks.js';
import { deviceCounters } from '../fixtures/device-counters.js';
import { buildManualImage } from '../fixtures/manual-image.js';
import { buildTestRelease } from '../fixtures/test-release.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';

const TIMEOUT_MS = 600_000;
const MIB = 2 ** 20;
/** Enough bytes that the rewrite lasts a while, so the test stops it in the middle. */
const FILLER_MIB = 120;
/** How much of the rewrite the stick has taken when the test stops it. */
const REWRITTEN_MIB = 16;
let bench: DriveBench;
let flashImage: string;
/** The flash's files as mtools reads them. */
let flashFiles: string;
const loops: string[] = [];

beforeAll(async () => {
  bench = await setUpDriveBench('repair-interrupted-');
  const release = await buildTestRelease(join(bench.work, 'release'), { version: '7.1.0' });
  await mkdir(join(release.dir, 'extra'));
  const filler = Buffer.alloc(FILLER_MIB * MIB);
  for (let at = 0; at < filler.length; at += MIB) randomBytes(MIB).copy(filler, at);
  await writeFile(join(release.dir, 'extra', 'filler.bin'), filler);
  flashImage = join(bench.work, 'flash.img');
  await buildManualImage(release.dir, flashImage, { sizeMiB: 512 });
  flashFiles = await filesOf(flashImage, 'flash-files');
}, TIMEOUT_MS);

afterAll(async () => {
  for (const device of loops.splice(0)) execFileSync('losetup', ['--detach', device]);
  await tearDownDriveBench(bench);
});

async function filesOf(image: string, name: string): Promise<string> {
  const dir = join(bench.work, name);
  await mkdir(dir);
  await extractWithMtools(image, dir);
  return dir;
}

async function stickFrom(name: string): Promise<{ device: string; image: string }> {
  const image = join(bench.work, `${name}.img`);
  await copyFile(flashImage, image);
  const device = execFileSync('losetup', ['--find', '--show', image]).toString().trim();
  loops.push(device);
  return { device, image };
}

/**
 * Runs `flash-creator repair` in its own process and calls `interrupt` in the middle of the rewrite:
 * once the capacity probe has passed (its verdict is printed) and the stick has taken REWRITTEN_MIB
 * more. The verdict alone does not mark the rewrite's start: the write waits for the bz check too.
 */
async function repairInterrupted(device: string, out: string, interrupt: (child: ReturnType<typeof spawn>) => void): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'repair', '--device', device, '--out', out, '--yes', '--unsafe'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let interrupted = false;
  let watch: NodeJS.Timeout | undefined;
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!stdout.includes('\nSpeed: ') || watch) return;
    const verdictAt = deviceCounters(device).bytesWritten;
    watch = setInterval(() => {
      if (interrupted || deviceCounters(device).bytesWritten - verdictAt < REWRITTEN_MIB * MIB) return;
      interrupted = true;
      interrupt(child);
    }, 5);
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(watch);
  expect(interrupted, stdout + stderr).toBe(true);
  return { code: code ?? -1, stdout, stderr };
}

/** The command the message gives to put the flash back, as arguments (the test's paths hold no spaces). */
function restoreCommand(stderr: string): string[] {
  const match = /To put it back as it was: flash-creator (.+)\n/.exec(stderr);
  expect(match, stderr).not.toBeNull();
  return match![1]!.split(' ');
}

/**
 * After a repair stopped half-way: the stick holds no partition table, the saved zip holds the flash
 * as it was, the message names it with the command that puts it back, and that command does: every
 * file as it was (ldlinux.sys is made anew where it now lies), the same label and volume id.
 */
async function expectPutBack(stick: { device: string; image: string }, out: string, result: CliResult, before: Record<string, string>): Promise<void> {
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(`The flash as it was is saved in ${out}. To put it back as it was: flash-creator write ${out} --device ${stick.device} --volume-id ${before['UUID']}\n`);
  expect(await partitionTable(stick.image)).toBeUndefined();
  const saved = `${out}-files`;
  await extractWithUnzip(out, saved);
  expect(await treeDifferences(flashFiles, saved)).toEqual([]);

  const restored = await runCommand([...restoreCommand(result.stderr), '--yes', '--unsafe']);
  expect(restored.code, restored.stderr).toBe(0);
  const after = await filesOf(stick.image, `${basename(out, '.zip')}-after`);
  const differences = (await treeDifferences(flashFiles, after)).filter((line) => !line.startsWith('differs: ldlinux.sys '));
  expect(differences).toEqual([]);
  const id = await blkidImage(stick.image);
  expect([id['LABEL'], id['UUID']]).toEqual([before['LABEL'], before['UUID']]);
  expect((await fsckImage(stick.image)).findings).toEqual([]);
}

describe('a repair stopped half-way', () => {
  it('cancelled during the rewrite: the stick is no flash any OS takes for good, the saved zip is whole and named, and its write puts the flash back exactly; it boots', async () => {
    const stick = await stickFrom('cancelled');
    const before = await blkidImage(stick.image);
    const out = join(bench.work, 'cancelled.zip');
    const result = await repairInterrupted(stick.device, out, (child) => child.kill('SIGINT'));
    expect(result.stderr).toMatch(/cancelled by the user/);
    await expectPutBack(stick, out, result, before);
    const boot = await bootImage(stick.image, { firmware: 'bios', timeoutMs: 150_000 });
    expect(boot.line, boot.serialLog.slice(-2000)).toMatch(/^FLASH-CREATOR-BOOT: OK label=UNRAID /);
  }, TIMEOUT_MS);

  it('failing during the rewrite (the kernel refuses the writes): the same, once the stick takes writes again', async () => {
    const stick = await stickFrom('failing');
    const before = await blkidImage(stick.image);
    const out = join(bench.work, 'failing.zip');
    let result: CliResult;
    try {
      result = await repairInterrupted(stick.device, out, () => execFileSync('blockdev', ['--setro', stick.device]));
    } finally {
      execFileSync('blockdev', ['--setrw', stick.device]);
    }
    expect(result.stderr).toContain('failed: EPERM');
    await expectPutBack(stick, out, result, before);
  }, TIMEOUT_MS);
});
