// flash-creator repair on loop devices (root here) over flashes made the manual Linux way (sfdisk,
// mkfs.fat, mcopy, the release's syslinux installer: test/fixtures/manual-image.ts), then damaged
// byte by byte: a bz file changed, a broken cluster chain, no ldlinux.sys, a previous/ to roll back
// to. The repaired stick is judged by Linux's own tools (fsck.fat -n, blkid, mtools) and booted
// under SeaBIOS and OVMF.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, cp, mkdir, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImageSource } from '../../main/fat/byte-source.js';
import { findFatVolume } from '../../main/fat/open-volume.js';
import type { FatVolume } from '../../main/fat/volume.js';
import { walkVolume, type VolumeEntry } from '../../main/fat/walk.js';
import { bootImage } from '../boot/qemu.js';
import { runCommand } from '../disk/restore-image.js';
import { blkidImage, extractWithMtools, extractWithUnzip, fsckImage, listWithMtools, treeDifferences } from '../fixtures/image-checks.js';
import { buildManualImage } from '../fixtures/manual-image.js';
import { buildTestRelease, zipTestRelease, type TestRelease } from '../fixtures/test-release.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';
import { formatMessage } from '../../shared/message.js';

const TIMEOUT_MS = 600_000;
/** Where buildManualImage puts the partition. */
const PARTITION_START = 1024 * 1024;
let bench: DriveBench;
let newer: TestRelease;
let older: TestRelease;
/** A used flash of the newer release, made by Linux's tools; each test damages a copy. */
let flashImage: string;
/** The same with the older release in previous/, as Unraid's update leaves it. */
let rolledImage: string;
/** The newer release's own zip, the same version as the flash. */
let releaseZip: string;
/** config/ of that flash, as mtools reads it. */
let flashConfig: string;
const loops: string[] = [];

beforeAll(async () => {
  bench = await setUpDriveBench('repair-');
  newer = await buildTestRelease(join(bench.work, 'newer'), { version: '7.1.0' });
  older = await buildTestRelease(join(bench.work, 'older'), { version: '7.0.0' });
  releaseZip = join(bench.work, 'unRAIDServer-7.1.0-x86_64.zip');
  await zipTestRelease(newer, releaseZip);
  flashImage = join(bench.work, 'flash.img');
  await buildManualImage(newer.dir, flashImage, { sizeMiB: 300 });
  flashConfig = join(await filesOf(flashImage, 'flash-files'), 'config');
  // previous/ as unRAIDServer.plg fills it: the old release's files, flat.
  const withPrevious = join(bench.work, 'with-previous');
  await cp(newer.dir, withPrevious, { recursive: true });
  await mkdir(join(withPrevious, 'previous'));
  for (const file of older.files.filter((file) => !file.path.includes('/') && !file.path.startsWith('make_bootable'))) {
    await copyFile(join(older.dir, file.path), join(withPrevious, 'previous', file.path));
  }
  rolledImage = join(bench.work, 'rolled.img');
  await buildManualImage(withPrevious, rolledImage, { sizeMiB: 300 });
}, TIMEOUT_MS);

afterAll(async () => {
  for (const device of loops.splice(0)) execFileSync('losetup', ['--detach', device]);
  await tearDownDriveBench(bench);
});

/** A copy of `image` behind a read-write loop device. */
async function stickFrom(image: string, name: string): Promise<{ device: string; image: string }> {
  const copy = join(bench.work, `${name}.img`);
  await copyFile(image, copy);
  const device = execFileSync('losetup', ['--find', '--show', copy]).toString().trim();
  loops.push(device);
  return { device, image: copy };
}

/** The image's FAT volume and its entries, by path. */
async function volumeOf(image: string): Promise<{ volume: FatVolume; entries: Map<string, VolumeEntry>; close(): Promise<void> }> {
  const bytes = await openImageSource(image);
  const found = await findFatVolume(bytes);
  if ('problem' in found) throw new Error(formatMessage(found.problem));
  const tree = await walkVolume(found.volume);
  return { volume: found.volume, entries: new Map(tree.entries.map((entry) => [entry.path, entry])), close: () => bytes.close() };
}

async function writeAt(image: string, offset: number, bytes: Buffer): Promise<void> {
  const file = await open(image, 'r+');
  try {
    await file.write(bytes, 0, bytes.length, offset);
  } finally {
    await file.close();
  }
}

/** Changes a byte in the middle of `path`'s first cluster. */
async function changeFile(image: string, path: string): Promise<void> {
  const { volume, entries, close } = await volumeOf(image);
  const entry = entries.get(path)!;
  const p = volume.parameters;
  const at = volume.offset + (p.dataStartSector + (entry.firstCluster - 2) * p.sectorsPerCluster) * p.bytesPerSector + 100;
  await close();
  const file = await open(image, 'r');
  const { buffer } = await file.read(Buffer.alloc(1), 0, 1, at).finally(() => file.close());
  await writeAt(image, at, Buffer.from([buffer[0]! ^ 0xff]));
}

/** Breaks `path`'s cluster chain: its first FAT entry, in both FATs, points to a free cluster. */
async function breakChain(image: string, path: string): Promise<void> {
  const { volume, entries, close } = await volumeOf(image);
  const entry = entries.get(path)!;
  await close();
  for (const copy of [0, 1]) await writeAt(image, volume.fatOffset(copy) + entry.firstCluster * 4, Buffer.alloc(4));
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function filesOf(image: string, name: string): Promise<string> {
  const dir = join(bench.work, name);
  await mkdir(dir);
  await extractWithMtools(image, dir);
  return dir;
}

describe('flash-creator repair --check', () => {
  it('finds nothing wrong on a healthy flash, exits 0, and changes nothing', async () => {
    const stick = await stickFrom(flashImage, 'healthy');
    const before = await sha256Of(stick.image);
    const result = await runCommand(['repair', '--device', stick.device, '--check']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Nothing on this flash needs repair.\n  note: previous/ holds no release to roll back to.\n');
    expect(result.code).toBe(0);
    expect(await sha256Of(stick.image)).toBe(before);
  }, TIMEOUT_MS);

  it('names a changed bz file, a broken chain, a missing boot loader and a dirty volume, exits 1, and changes nothing', async () => {
    const stick = await stickFrom(flashImage, 'damaged-check');
    await changeFile(stick.image, 'bzroot');
    await breakChain(stick.image, 'license.txt');
    execFileSync('mdel', ['-i', `${stick.image}@@1M`, '::ldlinux.sys'], { env: { ...process.env, MTOOLS_SKIP_CHECK: '1' } });
    const { volume, close } = await volumeOf(stick.image);
    await close();
    await writeAt(stick.image, volume.offset + 0x41, Buffer.from([1])); // Linux's dirty flag
    const before = await sha256Of(stick.image);
    const result = await runCommand(['repair', '--device', stick.device, '--check']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('This flash needs repair:\n');
    expect(result.stdout).toContain('  needs repair: 1 file or folder cannot be read whole, its cluster chain broken: license.txt.\n');
    expect(result.stdout).toContain('  needs repair: The flash was not unmounted cleanly (its dirty bit is set)');
    expect(result.stdout).toContain('  needs repair: bzroot does not match bzroot.sha256: Unraid stops at boot with a checksum error.\n');
    expect(result.stdout).toContain('  needs repair: The legacy BIOS boot loader (ldlinux.sys) is not installed');
    expect(await sha256Of(stick.image)).toBe(before);
  }, TIMEOUT_MS);
});

describe('flash-creator repair', () => {
  it('rewrites a flash whose bzroot fails its checksum and whose bzfirmware chain is broken from the same release zip: it boots, with the same config/, label and volume id, and the flash as it was is saved', async () => {
    const stick = await stickFrom(flashImage, 'bad-bz');
    await changeFile(stick.image, 'bzroot');
    await breakChain(stick.image, 'bzfirmware');
    const configBefore = flashConfig;
    const idBefore = await blkidImage(stick.image);
    const out = join(bench.work, 'saved-bad-bz.zip');

    const result = await runCommand(['repair', '--device', stick.device, '--release-zip', releaseZip, '--out', out, '--yes', '--unsafe']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Repaired: a fresh FAT32 with the label UNRAID and the volume id ${idBefore['UUID']} as before, the boot loader made anew, and:\n`);
    expect(result.stdout).toContain(`  bzroot: from ${releaseZip}\n`);
    expect(result.stdout).toContain(`  bzfirmware: from ${releaseZip}\n`);
    expect(result.stdout).toContain(`The flash as it was is saved in ${out}.\n`);

    const after = await filesOf(stick.image, 'bad-bz-after');
    expect(await treeDifferences(configBefore, join(after, 'config'))).toEqual([]);
    for (const name of ['bzroot', 'bzfirmware']) expect(await readFile(join(after, name))).toEqual(await readFile(join(newer.dir, name)));
    const idAfter = await blkidImage(stick.image);
    expect([idAfter['LABEL'], idAfter['UUID']]).toEqual([idBefore['LABEL'], idBefore['UUID']]);
    expect((await fsckImage(stick.image)).findings).toEqual([]);
    // The saved zip holds the flash as it was: the changed bzroot, and no bzfirmware (its chain was broken).
    const saved = join(bench.work, 'saved-bad-bz');
    await extractWithUnzip(out, saved);
    expect(await treeDifferences(configBefore, join(saved, 'config'))).toEqual([]);
    expect(await readFile(join(saved, 'bzroot'))).not.toEqual(await readFile(join(newer.dir, 'bzroot')));
    await expect(stat(join(saved, 'bzfirmware'))).rejects.toThrow();

    for (const firmware of ['bios', 'uefi'] as const) {
      const boot = await bootImage(stick.image, { firmware, timeoutMs: 150_000 });
      expect(boot.line, boot.serialLog.slice(-2000)).toMatch(/^FLASH-CREATOR-BOOT: OK label=UNRAID /);
    }
  }, 2 * TIMEOUT_MS);

  it('refuses a release zip of another version, and a bad bz file with neither a release zip nor a roll back; nothing is written', async () => {
    const stick = await stickFrom(flashImage, 'other-version');
    await changeFile(stick.image, 'bzroot');
    const before = await sha256Of(stick.image);
    const olderZip = join(bench.work, 'unRAIDServer-7.0.0-x86_64.zip');
    await zipTestRelease(older, olderZip);
    const refused = await runCommand(['repair', '--device', stick.device, '--release-zip', olderZip, '--out', join(bench.work, 'never.zip'), '--yes', '--unsafe']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`flash-creator repair: ${olderZip}: it holds Unraid 7.0.0, and the flash runs 7.1.0: only the same version replaces its bz files (to change the release, use install). Nothing was written.\n`);
    const bare = await runCommand(['repair', '--device', stick.device, '--out', join(bench.work, 'never.zip'), '--yes', '--unsafe']);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toBe('flash-creator repair: bzroot must be replaced: give a release zip of the same version with --release-zip <file>, or roll back with --rollback. Nothing was written.\n');
    await expect(stat(join(bench.work, 'never.zip'))).rejects.toThrow();
    expect(await sha256Of(stick.image)).toBe(before);
  }, TIMEOUT_MS);

  it('reads a flash whose boot sector is zeroed by the copy in sector 6, names it, and rewrites it with the same label and volume id', async () => {
    const stick = await stickFrom(flashImage, 'zeroed-boot');
    const idBefore = await blkidImage(stick.image);
    await writeAt(stick.image, PARTITION_START, Buffer.alloc(512));
    const check = await runCommand(['repair', '--device', stick.device, '--check']);
    expect(check.stderr).toBe('');
    expect(check.stdout).toContain('  needs repair: The boot sector differs from its backup copy in sector 6.\n');
    expect(check.code).toBe(1);
    const result = await runCommand(['repair', '--device', stick.device, '--out', join(bench.work, 'zeroed-boot.zip'), '--yes', '--unsafe']);
    expect(result.code, result.stderr).toBe(0);
    const idAfter = await blkidImage(stick.image);
    expect([idAfter['LABEL'], idAfter['UUID']]).toEqual([idBefore['LABEL'], idBefore['UUID']]);
    expect(await treeDifferences(flashConfig, join(await filesOf(stick.image, 'zeroed-boot-after'), 'config'))).toEqual([]);
    expect((await fsckImage(stick.image)).findings).toEqual([]);
    expect((await runCommand(['repair', '--device', stick.device, '--check'])).code).toBe(0);
  }, TIMEOUT_MS);

  it('names a file of config/ the FAT cannot give whole and writes nothing unless --allow-missing; the rest is saved', async () => {
    const stick = await stickFrom(flashImage, 'broken-config');
    await breakChain(stick.image, 'config/ident.cfg');
    const before = await sha256Of(stick.image);
    const out = join(bench.work, 'broken-config.zip');
    const refused = await runCommand(['repair', '--device', stick.device, '--out', out, '--yes', '--unsafe']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('flash-creator repair: 1 item of the flash could not be read, so the saved zip lacks it:\n  config/ident.cfg: ');
    expect(refused.stderr).toContain(`Nothing was written to the drive; the rest is saved in ${out}. Add --allow-missing to rewrite the stick without them.\n`);
    expect(await sha256Of(stick.image)).toBe(before);
    const saved = join(bench.work, 'broken-config-saved');
    await extractWithUnzip(out, saved);
    expect(await treeDifferences(flashConfig, join(saved, 'config'))).toEqual(['missing: ident.cfg']);

    const allowed = await runCommand(['repair', '--device', stick.device, '--out', join(bench.work, 'broken-config-2.zip'), '--yes', '--unsafe', '--allow-missing']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(await treeDifferences(flashConfig, join(await filesOf(stick.image, 'broken-config-after'), 'config'))).toEqual(['missing: ident.cfg']);
    expect((await fsckImage(stick.image)).findings).toEqual([]);
  }, TIMEOUT_MS);

  it('installs the boot loader a flash never had, and keeps every file as it was', async () => {
    const stick = await stickFrom(flashImage, 'no-ldlinux');
    execFileSync('mdel', ['-i', `${stick.image}@@1M`, '::ldlinux.sys'], { env: { ...process.env, MTOOLS_SKIP_CHECK: '1' } });
    const before = await filesOf(stick.image, 'no-ldlinux-before');
    const result = await runCommand(['repair', '--device', stick.device, '--out', bench.work, '--yes', '--unsafe']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('the boot loader made anew; every file as it was.\n');
    expect(await treeDifferences(before, await filesOf(stick.image, 'no-ldlinux-after'))).toEqual(['extra: ldlinux.sys']);
    expect((await fsckImage(stick.image)).findings).toEqual([]);
    const boot = await bootImage(stick.image, { firmware: 'bios', timeoutMs: 150_000 });
    expect(boot.line, boot.serialLog.slice(-2000)).toMatch(/^FLASH-CREATOR-BOOT: OK label=UNRAID /);
  }, TIMEOUT_MS);

  it('rolls back to the release in previous/ as Unraid\'s Downgrade does, and the stick boots it', async () => {
    const stick = await stickFrom(rolledImage, 'rollback');
    const check = await runCommand(['repair', '--device', stick.device, '--check']);
    expect(check.stdout).toContain('  note: previous/ holds Unraid 7.0.0, whole: the flash can be rolled back to it.\n');
    expect(check.code).toBe(0);
    const configBefore = join(await filesOf(stick.image, 'rollback-before'), 'config');
    const result = await runCommand(['repair', '--device', stick.device, '--rollback', '--out', join(bench.work, 'before-rollback.zip'), '--yes', '--unsafe']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('  changes.txt: from previous/\n');
    const after = await filesOf(stick.image, 'rollback-after');
    expect(await readFile(join(after, 'changes.txt'), 'utf8')).toMatch(/^# Version 7\.0\.0 /);
    expect(await treeDifferences(configBefore, join(after, 'config'))).toEqual([]);
    expect(await listWithMtools(stick.image)).not.toMatch(/previous\/\S/);
    expect((await fsckImage(stick.image)).findings).toEqual([]);
    const boot = await bootImage(stick.image, { firmware: 'uefi', timeoutMs: 150_000 });
    expect(boot.line, boot.serialLog.slice(-2000)).toMatch(/^FLASH-CREATOR-BOOT: OK label=UNRAID /);
  }, TIMEOUT_MS);
});
