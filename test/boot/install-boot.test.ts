// The proof that an installed drive boots: the bootable test release, served as Unraid's release zip
// from a local feed, installed with `flash-creator install` to an image and to a loop device, named
// NAS1 with a fixed address, and booted under SeaBIOS and OVMF.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../disk/restore-image.js';
import { attachLoop, detachLoops } from '../flash/loop-device.js';
import { buildTestRelease, zipTestRelease, MANIFEST_NAME, type TestRelease } from '../fixtures/test-release.js';
import { startReleaseServer, type ReleaseServer } from '../releases/release-server.js';
import { bootImage, type Firmware } from './qemu.js';

const BOOT_TIMEOUT_MS = 150_000;
const TEST_TIMEOUT_MS = 600_000;
const ZIP_NAME = 'unRAIDServer-7.2.1-x86_64.zip';
const SETTINGS = ['--name', 'NAS1', '--ip', '192.168.1.50', '--netmask', '255.255.255.0', '--gateway', '192.168.1.1'];

let work: string;
let release: TestRelease;
let server: ReleaseServer;
const saved = { releases: process.env.FLASH_CREATOR_RELEASES, cache: process.env.FLASH_CREATOR_CACHE };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'install-boot-'));
  release = await buildTestRelease(join(work, 'release'), { version: '7.2.1', config: 'release' });
  const zipPath = join(work, ZIP_NAME);
  await zipTestRelease(release, zipPath);
  const body = await readFile(zipPath);
  server = await startReleaseServer();
  server.files.set(`/${ZIP_NAME}`, { body, behaviour: 'good' });
  const feed = { os_list: [{ name: 'Unraid 7.2.1', url: `${server.base}/${ZIP_NAME}`, extract_sha256: createHash('sha256').update(body).digest('hex') }] };
  server.files.set('/feed', { body: Buffer.from(JSON.stringify(feed)), behaviour: 'good' });
  process.env.FLASH_CREATOR_RELEASES = `${server.base}/feed`;
  process.env.FLASH_CREATOR_CACHE = join(work, 'cache');
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  detachLoops();
  for (const [key, value] of [['FLASH_CREATOR_RELEASES', saved.releases], ['FLASH_CREATOR_CACHE', saved.cache]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await server.close();
  await rm(work, { recursive: true, force: true });
});

async function expectBoots(image: string, firmware: Firmware): Promise<void> {
  const result = await bootImage(image, { firmware, timeoutMs: BOOT_TIMEOUT_MS });
  const files = release.files.filter((file) => file.path !== MANIFEST_NAME).length;
  expect(result.line, `${firmware}: ${result.result}\n${result.serialLog.slice(-3000)}`).toBe(`FLASH-CREATOR-BOOT: OK label=UNRAID files=${files} efi=EFI device=/dev/vda1`);
}

describe('an installed drive boots', () => {
  it('installed from the list to an image, named NAS1 with a fixed address, under SeaBIOS and OVMF', async () => {
    const image = join(work, 'nas1.img');
    const result = await runCommand(['install', '--release', '7.2.1', '--image', image, '--size', '1G', ...SETTINGS]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    await expectBoots(image, 'bios');
    await expectBoots(image, 'uefi');
  }, TEST_TIMEOUT_MS);

  it('installed to a loop device with --device, under SeaBIOS and OVMF', async () => {
    const loop = await attachLoop(join(work, 'drive.img'), 2 ** 30);
    const result = await runCommand(['install', '--release', 'latest', '--device', loop.device, '--yes', '--unsafe', ...SETTINGS]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toContain('every written block read back as written');
    expect(result.stdout).toContain('nothing downloaded');
    detachLoops();
    await expectBoots(loop.backingFile, 'bios');
    await expectBoots(loop.backingFile, 'uefi');
  }, TEST_TIMEOUT_MS);
});
