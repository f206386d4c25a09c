// flash-creator repair on loop devices (root here) over flashes made the manual Linux way (sfdisk,
// mkfs.fat, mcopy, the release's syslinux installer: test/fixtures/manual-image.ts), then damaged
// byte by byte: a bz file changed, a broken cluster chain, no ldlinux.sys, a previous/ to roll back
// to. The repaired stick is judged by Linux's own tools (fsck.fat -n, blkid, mtools) and booted
// under SeaBIOS and OVMF. --release takes the bz files from a release list served on 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, cp, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_ENV } from '../../main/releases/cache.js';
import { FEED_ENV } from '../../main/releases/fetch-feed.js';
import { bootImage } from '../boot/qemu.js';
import { runCommand } from '../disk/restore-image.js';
import { breakChain, changeFile, volumeOf, writeAt } from '../fixtures/flash-damage.js';
import { blkidImage, extractWithMtools, extractWithUnzip, fsckImage, listWithMtools, treeDifferences } from '../fixtures/image-checks.js';
import { buildManualImage } from '../fixtures/manual-image.js';
import { buildTestRelease, zipTestRelease, type TestRelease } from '../fixtures/test-release.js';
import { mtoolsEnv } from '../fixtures/test-release/command.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';
import { startReleaseServer, type ReleaseServer, type ServedFile } from '../releases/release-server.js';

const TIMEOUT_MS = 600_000;
/** Debian's syslinux-common ships another build of ldlinux.c32 than the one its installer embeds and installs. */
const OTHER_BUILD_LDLINUX_C32 = '/usr/lib/syslinux/modules/bios/ldlinux.c32';
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
  it('finds nothing wrong on a healthy flash, probes the stick (--unsafe: a loop device), exits 0, and changes nothing', async () => {
    const stick = await stickFrom(flashImage, 'healthy');
    const before = await sha256Of(stick.image);
    const result = await runCommand(['repair', '--device', stick.device, '--check', '--unsafe']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Nothing on this flash needs repair.\n  note: previous/ holds no release to roll back to.\n');
    expect(result.stdout).toMatch(/\n {2}note: Capacity checked: all 315 MB are real \(\d+ places across the drive written and read back\)\.\n/);
    expect(result.code).toBe(0);
    expect(await sha256Of(stick.image)).toBe(before);
    // Without --unsafe a loop device is not probed, and the check says why.
    const unprobed = await runCommand(['repair', '--device', stick.device, '--check']);
    expect(unprobed.code).toBe(0);
    expect(unprobed.stdout).toContain('  note: The stick’s real capacity was not probed. ');
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
    expect(refused.stderr).toBe(`flash-creator repair: ${olderZip} holds Unraid 7.0.0, and the flash runs 7.1.0: only the same version replaces its bz files (to change the release, install it). Nothing was written.\n`);
    const bare = await runCommand(['repair', '--device', stick.device, '--out', join(bench.work, 'never.zip'), '--yes', '--unsafe']);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toBe('flash-creator repair: bzroot must be replaced from a release of the flash’s own version (a zip, or the release list), or the flash rolled back to previous/. ' +
      'Give --release-zip <file> or --release <version>, or --rollback. Nothing was written.\n');
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

  it('names an ldlinux.c32 of another syslinux build than ldlinux.sys and an empty MBR, and installs the release\'s own boot loader: it boots', async () => {
    const stick = await stickFrom(flashImage, 'foreign-loader');
    const mtools = (command: string, ...args: string[]): void => void execFileSync(command, ['-i', `${stick.image}@@1M`, ...args], { env: { ...process.env, ...mtoolsEnv } });
    mtools('mdel', '::ldlinux.c32');
    // That build is of the same syslinux version (6.04) as the core, so this core happens to load it; one of another version would not.
    mtools('mcopy', OTHER_BUILD_LDLINUX_C32, '::ldlinux.c32');
    await writeAt(stick.image, 0, Buffer.alloc(440));
    const before = await filesOf(stick.image, 'foreign-loader-before');

    const check = await runCommand(['repair', '--device', stick.device, '--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('  needs repair: ldlinux.c32 is not the release’s own ldlinux.c32 (another syslinux build, or changed since)');
    expect(check.stdout).toContain('  needs repair: The MBR holds no boot code: a legacy BIOS does not start the flash.');
    expect(check.stdout).not.toContain('ldlinux.sys is not');

    const result = await runCommand(['repair', '--device', stick.device, '--out', join(bench.work, 'foreign-loader.zip'), '--yes', '--unsafe']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('the boot loader made anew; every file as it was.\n');
    const after = await filesOf(stick.image, 'foreign-loader-after');
    expect(await readFile(join(after, 'ldlinux.c32'))).toEqual(await readFile(join(newer.dir, 'syslinux/ldlinux.c32')));
    // ldlinux.sys is made anew, patched for where it lies now; everything else is as it was but the root ldlinux.c32.
    const changed = (await treeDifferences(before, after)).map((line) => line.split(' (')[0]).filter((line) => line !== 'differs: ldlinux.sys');
    expect(changed).toEqual(['differs: ldlinux.c32']);
    const again = await runCommand(['repair', '--device', stick.device, '--check']);
    expect([again.code, again.stdout.includes('MBR'), again.stdout.includes('ldlinux')]).toEqual([0, false, false]);
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
    expect(result.stdout).toContain('What the roll back means:\n  - ');
    expect(result.stdout).toContain('  - After the roll back previous/ is empty: to return to 7.1.0, update again, or write the saved zip back to the stick.\n');
    const after = await filesOf(stick.image, 'rollback-after');
    expect(await readFile(join(after, 'changes.txt'), 'utf8')).toMatch(/^# Version 7\.0\.0 /);
    expect(await treeDifferences(configBefore, join(after, 'config'))).toEqual([]);
    expect(await listWithMtools(stick.image)).not.toMatch(/previous\/\S/);
    expect((await fsckImage(stick.image)).findings).toEqual([]);
    const boot = await bootImage(stick.image, { firmware: 'uefi', timeoutMs: 150_000 });
    expect(boot.line, boot.serialLog.slice(-2000)).toMatch(/^FLASH-CREATOR-BOOT: OK label=UNRAID /);
  }, TIMEOUT_MS);
});

describe('flash-creator repair --release', () => {
  /** The newer release's zip served as Unraid's release list gives it, on 127.0.0.1, and the list's addresses. */
  let server: ReleaseServer;
  const saved = { releases: process.env[FEED_ENV], cache: process.env[CACHE_ENV] };

  beforeAll(async () => {
    const body = await readFile(releaseZip);
    server = await startReleaseServer();
    server.files.set('/unRAIDServer-7.1.0-x86_64.zip', { body, behaviour: 'good' });
    const feed = (sha256: string): ServedFile => ({
      body: Buffer.from(JSON.stringify({ os_list: [{ name: 'Unraid 7.1.0', url: `${server.base}/unRAIDServer-7.1.0-x86_64.zip`, extract_sha256: sha256 }] })),
      behaviour: 'good',
    });
    server.files.set('/feed', feed(createHash('sha256').update(body).digest('hex')));
    server.files.set('/wrong-hash', feed('0'.repeat(64)));
  });

  afterAll(async () => {
    for (const [key, value] of [[FEED_ENV, saved.releases], [CACHE_ENV, saved.cache]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await server.close();
  });

  function useFeed(path: string, cache: string): void {
    process.env[FEED_ENV] = `${server.base}${path}`;
    process.env[CACHE_ENV] = join(bench.work, cache);
  }

  it('replaces a bz file that fails its checksum from the same version of the list, downloaded and checked by its SHA-256', async () => {
    const stick = await stickFrom(flashImage, 'listed-release');
    await changeFile(stick.image, 'bzroot');
    const idBefore = await blkidImage(stick.image);
    useFeed('/feed', 'cache-good');
    const result = await runCommand(['repair', '--device', stick.device, '--release', '7.1.0', '--out', join(bench.work, 'before-listed.zip'), '--yes', '--unsafe']);
    expect(result.code, result.stderr).toBe(0);
    const cached = join(bench.work, 'cache-good', 'unRAIDServer-7.1.0-x86_64.zip');
    expect(result.stdout).toContain('its SHA-256 matches the release list');
    expect(result.stdout).toContain(`  bzroot: from ${cached}\n`);
    const after = await filesOf(stick.image, 'listed-release-after');
    expect(await readFile(join(after, 'bzroot'))).toEqual(await readFile(join(newer.dir, 'bzroot')));
    expect(await treeDifferences(flashConfig, join(after, 'config'))).toEqual([]);
    const idAfter = await blkidImage(stick.image);
    expect([idAfter['LABEL'], idAfter['UUID']]).toEqual([idBefore['LABEL'], idBefore['UUID']]);
    expect((await fsckImage(stick.image)).findings).toEqual([]);
  }, TIMEOUT_MS);

  it('downloads no other version than the flash\'s, and writes nothing from a download that fails its SHA-256', async () => {
    const stick = await stickFrom(flashImage, 'listed-refused');
    await changeFile(stick.image, 'bzroot');
    const before = await sha256Of(stick.image);
    useFeed('/feed', 'cache-refused');
    const requests = server.log.length;
    const other = await runCommand(['repair', '--device', stick.device, '--release', '7.0.0', '--out', join(bench.work, 'never-listed.zip'), '--yes', '--unsafe']);
    expect(other.code).toBe(1);
    expect(other.stderr).toBe('flash-creator repair: --release 7.0.0: the flash runs 7.1.0, and only the same version replaces its bz files (to change the release, use install). Nothing was written.\n');
    expect(server.log.length).toBe(requests);

    useFeed('/wrong-hash', 'cache-refused');
    const tampered = await runCommand(['repair', '--device', stick.device, '--release', '7.1.0', '--out', join(bench.work, 'never-listed.zip'), '--yes', '--unsafe']);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('unRAIDServer-7.1.0-x86_64.zip does not match the SHA-256 the release list gives, so it was deleted.');
    await expect(stat(join(bench.work, 'never-listed.zip'))).rejects.toThrow();
    expect(await sha256Of(stick.image)).toBe(before);
  }, TIMEOUT_MS);
});
