// flash-creator clone on loop devices (root here): an old flash (restored by our writer, behind a
// read-only loop device) copied onto a larger new drive, judged by mtools and left byte-identical;
// the same drive refused as both; files the old flash cannot give refused unless --allow-missing.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { copyFile, mkdir, open, rm, writeFile } from 'node:fs/promises';
import { buffer } from 'node:stream/consumers';
import { ArchiveError, openArchive, type Archive } from '../../main/backup/archive.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImageSource } from '../../main/fat/byte-source.js';
import { findFatVolume } from '../../main/fat/open-volume.js';
import { walkVolume } from '../../main/fat/walk.js';
import { bootImage } from '../boot/qemu.js';
import { runCommand } from '../disk/restore-image.js';
import { extractWithMtools, fsckImage, treeDifferences } from '../fixtures/image-checks.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { buildTestRelease, zipTestRelease } from '../fixtures/test-release.js';
import { attachLoop, detachLoops, setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';
import { formatMessage } from '../../shared/message.js';

const TEST_TIMEOUT_MS = 300_000;
let bench: DriveBench;
let oldFlash: string;
/** The old flash's files as mtools reads them. */
let oldFiles: string;
const readOnlyLoops: string[] = [];

beforeAll(async () => {
  bench = await setUpDriveBench('clone-');
  const zip = join(bench.work, 'old.zip');
  writeSampleBackup(zip, {
    topFolder: SAMPLE_TOP_FOLDER,
    entries: [
      { name: 'config/shadow', data: 'root:$6$salt$hash:19000:0:99999:7:::\n' },
      { name: 'config/wireguard/wg0.conf', data: '[Interface]\nPrivateKey = c2VjcmV0\n' },
      { name: 'previous/bzimage', data: 'the release before' },
    ],
  });
  oldFlash = join(bench.work, 'old-flash.img');
  expect((await runCommand(['write', zip, '--image', oldFlash, '--size', '512M'])).code).toBe(0);
  oldFiles = join(bench.work, 'old-files');
  await mkdir(oldFiles);
  await extractWithMtools(oldFlash, oldFiles);
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  for (const device of readOnlyLoops.splice(0)) execFileSync('losetup', ['--detach', device]);
  detachLoops();
  await tearDownDriveBench(bench);
});

function readOnlyLoop(image: string): string {
  const device = execFileSync('losetup', ['--read-only', '--find', '--show', image]).toString().trim();
  readOnlyLoops.push(device);
  return device;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A file's bytes; none for a folder, or a file gone meanwhile. */
function readIfThere(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
}

describe('flash-creator clone', () => {
  it('copies every file of the old flash onto a larger drive, makes it boot anew, and leaves the old one as it was', async () => {
    const before = await sha256Of(oldFlash);
    const source = readOnlyLoop(oldFlash);
    const result = await runCommand(['clone', '--from', source, '--device', bench.loop.device, '--yes', '--unsafe']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Reading the drive \/dev\/loop\d+ \(.*\) \(FAT32 in partition 1\)\nRead \d+ files in \d+ folders/);
    expect(result.stdout).toContain('Verified: ');
    expect(result.stdout).toContain('Use Tools › Registration › Replace Key to move the licence to it.');
    expect(result.stdout).toContain('Passwords, WireGuard keys, plugins and settings travelled with the copy');

    const newFiles = join(bench.work, 'new-files');
    await mkdir(newFiles);
    await extractWithMtools(bench.loop.backingFile, newFiles);
    // Everything travelled, previous/, the password hashes and the keys included; ldlinux.sys is
    // made anew by every restore, patched for where it lies (verify checked it).
    expect(await treeDifferences(oldFiles, newFiles)).toEqual([expect.stringMatching(/^differs: ldlinux\.sys /)]);
    expect((await fsckImage(bench.loop.backingFile)).findings).toEqual([]);
    expect(await sha256Of(oldFlash)).toBe(before);
  }, TEST_TIMEOUT_MS);

  it('stages the old flash encrypted: the temporary folder holds no readable secret at any moment of the copy', async () => {
    const source = readOnlyLoop(oldFlash);
    const secrets = ['$6$salt$hash', 'PrivateKey = c2VjcmV0'].map((secret) => Buffer.from(secret));
    const before = new Set(readdirSync(tmpdir()));
    /** Every different state of every file in a new clone stage, as the copy goes. */
    const snapshots = new Map<string, Buffer>();
    // Looks between the copy's own steps (it runs in this process).
    const look = setInterval(() => {
      for (const folder of readdirSync(tmpdir()).filter((name) => name.startsWith('flash-creator-clone-') && !before.has(name))) {
        for (const name of readdirSync(join(tmpdir(), folder), { recursive: true }) as string[]) {
          const bytes = readIfThere(join(tmpdir(), folder, name));
          snapshots.set(`${folder}/${name}:${bytes.length}`, bytes);
        }
      }
    }, 5);
    try {
      const result = await runCommand(['clone', '--from', source, '--device', bench.loop.device, '--yes', '--unsafe']);
      expect(result.code).toBe(0);
    } finally {
      clearInterval(look);
    }
    // Read as anyone could: the bytes as they are, and every entry of each snapshot that is a whole zip.
    const readable: string[] = [];
    let wholeZips = 0;
    for (const [label, bytes] of snapshots) {
      if (secrets.some((secret) => bytes.includes(secret))) readable.push(label);
      const copy = join(bench.work, 'snapshot.zip');
      await writeFile(copy, bytes);
      const archive = await openArchive(copy).catch((error: unknown) => error);
      if (archive instanceof ArchiveError && archive.code === 'passphrase-needed') wholeZips++;
      if (archive instanceof ArchiveError || archive instanceof Error) continue;
      const opened = archive as Archive;
      wholeZips++;
      for (const entry of opened.entries.filter((candidate) => candidate.kind === 'file')) {
        const content = await opened.openEntry(entry).then(buffer, () => Buffer.alloc(0));
        if (secrets.some((secret) => content.includes(secret))) readable.push(`${label} ${entry.name}`);
      }
      opened.close();
    }
    expect(wholeZips).toBeGreaterThan(0);
    expect(readable).toEqual([]);
    // The copy itself has the secrets.
    const newFiles = join(bench.work, 'new-files-staged');
    await mkdir(newFiles);
    await extractWithMtools(bench.loop.backingFile, newFiles);
    expect(readFileSync(join(newFiles, 'config', 'shadow'), 'utf8')).toContain('$6$salt$hash');
  }, TEST_TIMEOUT_MS);

  it('refuses to copy a drive onto itself', async () => {
    const source = readOnlyLoop(oldFlash);
    const result = await runCommand(['clone', '--from', source, '--device', source, '--yes', '--unsafe']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`flash-creator clone: ${source} is the drive being copied: the new drive must be another one. Nothing was written.\n`);
  });

  it('names what the old flash cannot give, and writes nothing unless told (--allow-missing)', async () => {
    // An old flash whose config/go chain is broken (it runs into a free cluster).
    const damaged = join(bench.work, 'damaged.img');
    await copyFile(oldFlash, damaged);
    const bytes = await openImageSource(damaged);
    const found = await findFatVolume(bytes);
    if ('problem' in found) throw new Error(formatMessage(found.problem));
    const go = (await walkVolume(found.volume)).entries.find((entry) => entry.path === 'config/go')!;
    await bytes.close();
    const file = await open(damaged, 'r+');
    for (const copy of [0, 1]) await file.write(Buffer.alloc(4), 0, 4, found.volume.fatOffset(copy) + go.firstCluster * 4 + 0);
    await file.close();
    const target = await attachLoop(join(bench.work, 'target-2.img'), 2 ** 30);

    const refused = await runCommand(['clone', '--from', damaged, '--device', target.device, '--yes', '--unsafe']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^ {2}note: config\/go: its cluster chain points to a free cluster\.\nflash-creator clone: 1 item of the old flash could not be read:\n {2}config\/go: its cluster chain points to a free cluster\.\nNothing was written\. Add --allow-missing to write the new drive without them\.\n$/);

    const allowed = await runCommand(['clone', '--from', damaged, '--device', target.device, '--yes', '--unsafe', '--allow-missing']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('Writing the new drive without them (--allow-missing).\n');
    const newFiles = join(bench.work, 'allowed-files');
    await mkdir(newFiles);
    await extractWithMtools(target.backingFile, newFiles);
    expect((await treeDifferences(oldFiles, newFiles)).sort()).toEqual([expect.stringMatching(/^differs: ldlinux\.sys /), 'missing: config/go']);
    await rm(damaged);
  }, TEST_TIMEOUT_MS);
});

describe('flash-creator clone of a bootable flash', () => {
  it('gives a new drive that boots under SeaBIOS and OVMF', async () => {
    const release = await buildTestRelease(join(bench.work, 'release'));
    const releaseZip = join(bench.work, 'release.zip');
    await zipTestRelease(release, releaseZip);
    const bootable = join(bench.work, 'bootable-old.img');
    expect((await runCommand(['write', releaseZip, '--image', bootable, '--size', '512M'])).code).toBe(0);
    const target = await attachLoop(join(bench.work, 'bootable-new.img'), 2 ** 30);
    const result = await runCommand(['clone', '--from', readOnlyLoop(bootable), '--device', target.device, '--yes', '--unsafe']);
    expect(result.code, result.stderr).toBe(0);
    for (const firmware of ['bios', 'uefi'] as const) {
      const boot = await bootImage(target.backingFile, { firmware, timeoutMs: 150_000 });
      expect(boot.line, boot.serialLog.slice(-2000)).toMatch(/^FLASH-CREATOR-BOOT: OK label=UNRAID /);
    }
  }, 2 * TEST_TIMEOUT_MS);
});

