// A failing old flash as a real block device: an Unraid flash written by our own writer, served by
// a FUSE file (test/fixtures/fake-stick.py, mode eio) that answers EIO for a range inside bzroot,
// under a loop device. `backup --device` gives a partial zip whose comment marks it and names the
// file (exit 1); `clone` refuses without --allow-missing, since a boot file is lost, writes nothing,
// and the old flash's bytes are as they were. Needs root (losetup), /dev/fuse and Debian's python3-fuse.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImageSource } from '../../main/fat/byte-source.js';
import { findFatVolume } from '../../main/fat/open-volume.js';
import { walkVolume } from '../../main/fat/walk.js';
import { runCommand } from '../disk/restore-image.js';
import { attachLoop, setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';
import { makeFakeStick, removeFakeSticks, type FakeStick } from '../probe/fake-sticks.js';
import { formatMessage } from '../../shared/message.js';

const MIB = 2 ** 20;
const FLASH_BYTES = 256 * MIB;
const TIMEOUT_MS = 180_000;

const isRoot = process.getuid?.() === 0;
const hasFuse = existsSync('/dev/fuse') && spawnSync('/usr/bin/python3', ['-c', 'import fuse']).status === 0;
const unavailable = !isRoot ? 'needs root (losetup)' : !hasFuse ? 'needs /dev/fuse and python3-fuse (bash test/setup.sh)' : null;

let bench: DriveBench;
let stick: FakeStick;
let oldImage: string;
/** The byte range that answers EIO: 64 KiB in the middle of bzroot. */
let bad: [number, number];

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe.skipIf(unavailable !== null)(`a failing old flash under losetup${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  beforeAll(async () => {
    bench = await setUpDriveBench('failing-stick-', { releaseBytes: 8_000_000 });
    oldImage = join(bench.work, 'old-flash.img');
    expect((await runCommand(['write', bench.zipPath, '--image', oldImage, '--size', String(FLASH_BYTES)])).code).toBe(0);
    // Where bzroot lies, read by our FAT reader from the image itself.
    const bytes = await openImageSource(oldImage);
    const found = await findFatVolume(bytes);
    if ('problem' in found) throw new Error(formatMessage(found.problem));
    const bzroot = (await walkVolume(found.volume)).entries.find((entry) => entry.path === 'bzroot')!;
    const span = bzroot.spans[0]!;
    const middle = found.volume.clusterOffset(span.first) + Math.floor((span.count * found.volume.clusterBytes) / 2);
    const start = middle - (middle % (64 * 1024));
    bad = [start, start + 64 * 1024];
    await bytes.close();
    stick = await makeFakeStick({ mode: 'eio', claimed: FLASH_BYTES, badFrom: bad[0], badTo: bad[1] });
    await copyFile(oldImage, stick.backingFile);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await removeFakeSticks();
    await tearDownDriveBench(bench);
  });

  it('the stick really fails there: a direct read of the range answers EIO, the rest reads', () => {
    const failing = spawnSync('dd', [`if=${stick.device}`, 'of=/dev/null', 'bs=4096', `skip=${bad[0] / 4096}`, 'count=1', 'iflag=direct'], { encoding: 'utf8' });
    expect(failing.status).not.toBe(0);
    expect(failing.stderr).toMatch(/Input\/output error/);
    const good = spawnSync('dd', [`if=${stick.device}`, 'of=/dev/null', 'bs=4096', 'count=256', 'iflag=direct'], { encoding: 'utf8' });
    expect(good.status).toBe(0);
  });

  it('backup --device gives a partial zip whose comment marks it and names bzroot, and exits 1', async () => {
    const before = await sha256Of(stick.backingFile);
    const out = join(bench.work, 'partial.zip');
    const result = await runCommand(['backup', '--device', stick.device, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/could not be read from the source and (is|are) not in the zip \(the zip's comment lists them too\):\n(?:.*\n)*? {2}bzroot: /);
    const comment = execFileSync('unzip', ['-z', out]).toString();
    expect(comment).toMatch(/INCOMPLETE: \d+ file\(s\) could not be read from the source and are not in this zip:\n(?:.*\n)*? {2}bzroot: /);
    const names = execFileSync('unzip', ['-Z1', out]).toString().split('\n');
    expect(names).not.toContain('bzroot');
    expect(names).toEqual(expect.arrayContaining(['bzimage', 'config/ident.cfg', 'syslinux/syslinux.cfg']));
    // Every file that is in the zip is whole: unzip checks each one's CRC-32.
    expect(spawnSync('unzip', ['-tq', out]).status).toBe(0);
    expect(await sha256Of(stick.backingFile)).toBe(before);
  }, TIMEOUT_MS);

  it('clone refuses without --allow-missing, since a boot file is lost: nothing written, the old flash unchanged', async () => {
    const before = await sha256Of(stick.backingFile);
    const target = await attachLoop(join(bench.work, 'new-drive.img'), 512 * MIB);
    const result = await runCommand(['clone', '--from', stick.device, '--device', target.device, '--yes', '--unsafe']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/flash-creator clone: \d+ items? of the old flash could not be read, boot files among them \([^)]*bzroot[^)]*\): the new drive may not boot:\n/);
    expect(result.stderr).toContain('Nothing was written. Add --allow-missing to write the new drive without them.\n');
    // The new drive is as it was made: all zeros (a sparse file never written).
    const written = await readFile(target.backingFile);
    expect(written.some((byte) => byte !== 0)).toBe(false);
    expect(await sha256Of(stick.backingFile)).toBe(before);
  }, TIMEOUT_MS);
});
