// A repair never rewrites a stick that fails its capacity probe: an Unraid flash on a counterfeit
// stick (a FUSE file, test/fixtures/fake-stick.py, that claims 512 MiB and wraps every offset past
// 256 MiB to the start) under a loop device. The flash as it was is saved first; the write job's
// probe finds the wrap; nothing is rewritten and the message names the saved zip. Needs root
// (losetup), /dev/fuse and Debian's python3-fuse.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../disk/restore-image.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';
import { makeFakeStick, removeFakeSticks, type FakeStick } from '../probe/fake-sticks.js';

const MIB = 2 ** 20;
const TIMEOUT_MS = 300_000;
const isRoot = process.getuid?.() === 0;
const hasFuse = existsSync('/dev/fuse') && spawnSync('/usr/bin/python3', ['-c', 'import fuse']).status === 0;
const unavailable = !isRoot ? 'needs root (losetup)' : !hasFuse ? 'needs /dev/fuse and python3-fuse (bash test/setup.sh)' : null;

let bench: DriveBench;
let stick: FakeStick;

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe.skipIf(unavailable !== null)(`repair of a flash on a counterfeit stick${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  beforeAll(async () => {
    bench = await setUpDriveBench('repair-counterfeit-');
    const image = join(bench.work, 'flash.img');
    expect((await runCommand(['write', bench.zipPath, '--image', image, '--size', String(512 * MIB)])).code).toBe(0);
    stick = await makeFakeStick({ mode: 'wrap', claimed: 512 * MIB, real: 256 * MIB });
    // The stick holds the flash's first 256 MiB, where its filesystem and files lie.
    const from = await open(image, 'r');
    const to = await open(stick.backingFile, 'r+');
    const piece = Buffer.alloc(MIB);
    for (let offset = 0; offset < 256 * MIB; offset += MIB) {
      await from.read(piece, 0, MIB, offset);
      await to.write(piece, 0, MIB, offset);
    }
    await from.close();
    await to.close();
  }, TIMEOUT_MS);

  afterAll(async () => {
    await removeFakeSticks();
    await tearDownDriveBench(bench);
  });

  it('--check probes the stick, names the counterfeit, exits 1, and puts back every byte the probe wrote', async () => {
    const before = await sha256Of(stick.backingFile);
    const result = await runCommand(['repair', '--device', stick.device, '--check', '--unsafe']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  needs repair: This stick failed its capacity probe, so a repair never rewrites it. This drive says it holds 537 MB but really holds about ');
    expect(result.stdout).toContain('Copy the flash to a new drive instead, then move the licence to that drive.\n');
    expect(await sha256Of(stick.backingFile)).toBe(before);
  }, TIMEOUT_MS);

  it('saves the flash, finds the counterfeit, rewrites nothing, and names the saved zip', async () => {
    const before = await sha256Of(stick.backingFile);
    const out = join(bench.work, 'saved.zip');
    const result = await runCommand(['repair', '--device', stick.device, '--out', out, '--yes', '--unsafe']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${stick.device} was not written: it is a counterfeit (fake-capacity) drive. Nothing else was written to it; the probe put back what it overwrote.`);
    expect(result.stderr).toContain(`The flash as it was is saved in ${out}. To put it back as it was: flash-creator write ${out} --device ${stick.device} --volume-id `);
    expect((await stat(out)).size).toBeGreaterThan(0);
    expect(spawnSync('unzip', ['-tq', out]).status).toBe(0);
    expect(await sha256Of(stick.backingFile)).toBe(before);
  }, TIMEOUT_MS);
});
