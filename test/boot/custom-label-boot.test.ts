// A backup whose boot entries say unraidlabel=UNRAID-VM (what Unraid's docs tell users who run it
// in a VM) boots when restored: the test release's /init looks for its flash by that label, as
// rc.S does, and finds the volume Flash Creator labelled so. The same release on a volume labelled
// UNRAID, as it used to be written, finds nothing: the check is real.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreToImage, runCommand } from '../disk/restore-image.js';
import { blkidImage } from '../fixtures/image-checks.js';
import { buildTestRelease, MANIFEST_NAME, zipTestRelease, type TestRelease } from '../fixtures/test-release.js';
import { bootImage } from './qemu.js';

const BOOT_TIMEOUT_MS = 150_000;
const TEST_TIMEOUT_MS = 600_000;

let work: string;
let release: TestRelease;
let zipPath: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custom-label-boot-'));
  const stock = await readFile(new URL('../fixtures/test-release/syslinux.cfg', import.meta.url), 'utf8');
  const labelled = stock.replaceAll(/^(\s*append .*)$/gm, '$1 unraidlabel=UNRAID-VM');
  release = await buildTestRelease(join(work, 'release'), {
    extraFiles: { 'syslinux/syslinux.cfg': labelled, 'syslinux/syslinux.cfg-': labelled, 'EFI/boot/syslinux.cfg': labelled },
  });
  zipPath = join(work, 'vm-backup.zip');
  await zipTestRelease(release, zipPath);
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a backup labelled UNRAID-VM', () => {
  it('is written as a volume labelled UNRAID-VM, and boots from it under SeaBIOS and OVMF (each reads its own syslinux.cfg)', async () => {
    const image = join(work, 'vm.img');
    const result = await runCommand(['write', zipPath, '--image', image, '--size', '1G']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await blkidImage(image)).toMatchObject({ LABEL: 'UNRAID-VM' });

    const files = release.files.filter((file) => file.path !== MANIFEST_NAME).length;
    for (const firmware of ['bios', 'uefi'] as const) {
      const booted = await bootImage(image, { firmware, timeoutMs: BOOT_TIMEOUT_MS });
      expect(booted.line, `${firmware}: ${booted.serialLog.slice(-3000)}`).toBe(`FLASH-CREATOR-BOOT: OK label=UNRAID-VM files=${files} efi=EFI device=/dev/vda1`);
    }
  }, TEST_TIMEOUT_MS);

  it('does not boot from a volume labelled UNRAID', async () => {
    const image = join(work, 'unraid.img');
    await restoreToImage(zipPath, image, 2 ** 30, { request: { label: 'UNRAID' } });
    expect(await blkidImage(image)).toMatchObject({ LABEL: 'UNRAID' });
    const booted = await bootImage(image, { firmware: 'bios', timeoutMs: BOOT_TIMEOUT_MS });
    expect(booted.line, booted.serialLog.slice(-3000)).toMatch(/^FLASH-CREATOR-BOOT: FAIL no partition labelled UNRAID-VM/);
  }, TEST_TIMEOUT_MS);
});
