// The boot kit proves itself on an image made the manual Linux way (sfdisk, mkfs.fat, mcopy,
// syslinux, mbr.bin): the test release boots under SeaBIOS and OVMF and vouches for every file,
// and it notices a file that differs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManualImage, PARTITION_START_LBA } from '../fixtures/manual-image.js';
import { buildTestRelease, MANIFEST_NAME, type TestRelease } from '../fixtures/test-release.js';
import { mtoolsEnv, run } from '../fixtures/test-release/command.js';
import { bootImage, type BootResult } from './qemu.js';

const BOOT_TIMEOUT_MS = 90_000;

let work: string;
let release: TestRelease;
let image: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reference-image-'));
  release = await buildTestRelease(join(work, 'release'));
  image = join(work, 'manual.img');
  await buildManualImage(release.dir, image);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('an image made the manual Linux way', () => {
  const manifestFiles = () => release.files.filter((file) => file.path !== MANIFEST_NAME).length;

  it.each(['bios', 'uefi'] as const)('boots under %s and finds every file of the release', async (firmware) => {
    const boot = await bootImage(image, { firmware, timeoutMs: BOOT_TIMEOUT_MS });
    expect(boot.result, tail(boot)).toBe('ok');
    expect(boot.line).toBe(`FLASH-CREATOR-BOOT: OK label=UNRAID files=${manifestFiles()} efi=EFI device=/dev/vda1`);
  });

  it('fails the boot check when a file on the flash differs from the release', async () => {
    const altered = join(work, 'altered.img');
    await run('cp', ['--sparse=always', image, altered]);
    const otherIdent = join(work, 'ident.cfg');
    await writeFile(otherIdent, 'NAME="Other"\r\n');
    await run('mcopy', ['-o', '-i', `${altered}@@${PARTITION_START_LBA * 512}`, otherIdent, '::/config/ident.cfg'], { env: mtoolsEnv });

    const boot = await bootImage(altered, { firmware: 'bios', timeoutMs: BOOT_TIMEOUT_MS });
    expect(boot.result, tail(boot)).toBe('fail');
    expect(boot.line).toMatch(/^FLASH-CREATOR-BOOT: FAIL 1 of \d+ files wrong, first config\/ident\.cfg: size /);
  });
});

function tail(boot: BootResult): string {
  return `${boot.result} after ${Math.round(boot.durationMs)} ms; serial console ends:\n${boot.serialLog.slice(-2000)}`;
}
