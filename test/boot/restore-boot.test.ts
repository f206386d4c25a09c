// The proof that a restored drive boots: a test release that really boots (Debian's kernel, a
// busybox initramfs that checks every file) is zipped in the shapes backups come in, restored with
// `flash-creator write`, and booted under SeaBIOS and OVMF. Only our code made the drive: no
// mkfs, no syslinux binary run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../disk/restore-image.js';
import { buildTestRelease, releaseZipEntries, zipTestRelease, MANIFEST_NAME, type TestRelease } from '../fixtures/test-release.js';
import { writeZip, type ZipEntrySpec } from '../fixtures/zip-builder.js';
import { bootImage, type BootResult, type Firmware } from './qemu.js';

// TCG on a busy 2-core machine: a boot takes 8–15 s, so these deadlines only catch hangs.
const BOOT_TIMEOUT_MS = 150_000;
const TEST_TIMEOUT_MS = 600_000;
const TOP_FOLDER = 'Tower-flash-backup-20261125-0312';

let work: string;
let withEfi: TestRelease;
let withEfiOff: TestRelease;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'restore-boot-'));
  withEfi = await buildTestRelease(join(work, 'release-efi'));
  withEfiOff = await buildTestRelease(join(work, 'release-efi-off'), { uefi: false });
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

let written = 0;

/** Restores the zip with the CLI onto a fresh image of `size`; returns the image's path. */
async function restore(zipPath: string, size: string, extraArgs: string[] = []): Promise<string> {
  const image = join(work, `drive-${written++}.img`);
  const result = await runCommand(['write', zipPath, '--image', image, '--size', size, ...extraArgs]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return image;
}

function zipOf(release: TestRelease, name: string, shape: Partial<ZipEntrySpec> & { topFolder?: string }): string {
  const { topFolder, ...entryShape } = shape;
  const path = join(work, name);
  writeZip(path, releaseZipEntries(release, { topFolder }).map((entry) => ({ ...entry, ...entryShape })), { zip64End: shape.zip64 });
  return path;
}

async function boot(image: string, firmware: Firmware): Promise<BootResult> {
  const result = await bootImage(image, { firmware, timeoutMs: BOOT_TIMEOUT_MS });
  return { ...result, serialLog: result.serialLog.slice(-3000) };
}

function bootedLine(release: TestRelease, efi: 'EFI' | 'EFI-'): string {
  const files = release.files.filter((file) => file.path !== MANIFEST_NAME).length;
  return `FLASH-CREATOR-BOOT: OK label=UNRAID files=${files} efi=${efi} device=/dev/vda1`;
}

async function expectBoots(image: string, firmware: Firmware, release: TestRelease, efi: 'EFI' | 'EFI-'): Promise<void> {
  const result = await boot(image, firmware);
  expect(result.line, `${firmware}: ${result.result}\n${result.serialLog}`).toBe(bootedLine(release, efi));
}

describe('a restored drive boots and every file checks out inside the guest', () => {
  it('from a zip made by Info-ZIP at its root (deflate), on 1 GiB, under SeaBIOS and OVMF', async () => {
    const zipPath = join(work, 'info-zip.zip');
    await zipTestRelease(withEfi, zipPath);
    const image = await restore(zipPath, '1G');
    await expectBoots(image, 'bios', withEfi, 'EFI');
    await expectBoots(image, 'uefi', withEfi, 'EFI');
  }, TEST_TIMEOUT_MS);

  it('from a streamed, stored zip under a top-level folder, on 32 GiB, under SeaBIOS and OVMF', async () => {
    const zipPath = zipOf(withEfi, 'streamed-store.zip', { topFolder: TOP_FOLDER, method: 'store', dataDescriptor: true });
    const image = await restore(zipPath, '32G');
    await expectBoots(image, 'bios', withEfi, 'EFI');
    await expectBoots(image, 'uefi', withEfi, 'EFI');
  }, TEST_TIMEOUT_MS);

  it('from a zip64, streamed, deflated zip under a top-level folder, on 1 GiB, under SeaBIOS', async () => {
    const zipPath = zipOf(withEfi, 'zip64.zip', { topFolder: TOP_FOLDER, method: 'deflate', dataDescriptor: true, zip64: true });
    const image = await restore(zipPath, '1G');
    await expectBoots(image, 'bios', withEfi, 'EFI');
  }, TEST_TIMEOUT_MS);
});

describe('the UEFI switch', () => {
  it('keeps UEFI off for a backup with EFI-: boots legacy, and OVMF finds nothing to boot', async () => {
    const zipPath = join(work, 'efi-off.zip');
    await zipTestRelease(withEfiOff, zipPath);
    const image = await restore(zipPath, '1G');
    await expectBoots(image, 'bios', withEfiOff, 'EFI-');
    expect((await boot(image, 'uefi')).result).toBe('no-boot');
  }, TEST_TIMEOUT_MS);

  it('turns UEFI on for a backup with EFI- when asked: boots under OVMF', async () => {
    const zipPath = join(work, 'efi-off-turned-on.zip');
    await zipTestRelease(withEfiOff, zipPath);
    const image = await restore(zipPath, '1G', ['--uefi', 'on']);
    await expectBoots(image, 'uefi', withEfiOff, 'EFI');
  }, TEST_TIMEOUT_MS);

  it('turns UEFI off for a backup with EFI when asked: OVMF finds nothing to boot, SeaBIOS still boots', async () => {
    const zipPath = join(work, 'efi-turned-off.zip');
    await zipTestRelease(withEfi, zipPath);
    const image = await restore(zipPath, '1G', ['--uefi', 'off']);
    expect((await boot(image, 'uefi')).result).toBe('no-boot');
    await expectBoots(image, 'bios', withEfi, 'EFI-');
  }, TEST_TIMEOUT_MS);
});
