import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSize, parseVolumeId } from '../../main/cli/write.js';
import { UsageError } from '../../main/cli/io.js';
import { blkidImage, listWithMtools, partitionTable } from '../fixtures/image-checks.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup, type SampleBackupOptions } from '../fixtures/sample-backup.js';
import { writeZip } from '../fixtures/zip-builder.js';
import { runCommand } from '../disk/restore-image.js';

const GIB = 2 ** 30;
let workDir: string;
let count = 0;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'cli-write-test-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function backup(options: SampleBackupOptions = {}): string {
  const path = join(workDir, `backup-${count++}.zip`);
  writeSampleBackup(path, { topFolder: SAMPLE_TOP_FOLDER, ...options });
  return path;
}

const image = (): string => join(workDir, `image-${count++}.img`);

describe('parseSize', () => {
  it.each([
    ['8G', 8 * GIB], ['8g', 8 * GIB], ['8GiB', 8 * GIB], ['8 GB', 8 * GIB], ['512M', 512 * 2 ** 20],
    ['1.5T', 1.5 * 2 ** 40], ['100K', 102_400], ['4096', 4096],
  ])('reads %s as %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', 'G', 'eight', '8X', '0', '-1G', '1000', '7.3G', '8GG'])('refuses %j', (text) => {
    expect(() => parseSize(text)).toThrow(UsageError);
  });
});

describe('parseVolumeId', () => {
  it.each([['1A2B-3C4D', 0x1a2b3c4d], ['1a2b3c4d', 0x1a2b3c4d], ['0000-BEEF', 0xbeef], ['FFFF-FFFF', 0xffffffff]])('reads %s as %d', (text, id) => {
    expect(parseVolumeId(text)).toBe(id);
  });

  it.each(['', '1A2B', '1A2B-3C4G', '1A2B-3C4D5', '-1A2B-3C4D', '1A2B:3C4D'])('refuses %j', (text) => {
    expect(() => parseVolumeId(text)).toThrow(UsageError);
  });

  it('is for a drive, not an image', async () => {
    expect((await runCommand(['write', backup(), '--image', image(), '--volume-id', '1A2B-3C4D'])).code).toBe(2);
  });
});

describe('flash-creator write', () => {
  it('writes an 8 GiB image by default, verifies it, and says so briefly', async () => {
    const path = image();
    const result = await runCommand(['write', backup(), '--image', path]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Wrote \d+ files \([\d.]+ MB\) to .* \(8\.6 GB\) in [\d.]+ s, [\d.]+ \w?B\/s\.\nBoots on: legacy BIOS \(syslinux installed\) and UEFI\.\nVerified: \d+ files .* match the backup; one active FAT32 partition labelled UNRAID; the legacy BIOS boot loader matches the release\.\n$/);
    expect((await stat(path)).size).toBe(8 * GIB);
    expect(await blkidImage(path)).toMatchObject({ LABEL: 'UNRAID', VERSION: 'FAT32' });
    await rm(path);
  });

  it('shows progress on stderr when it is a terminal: one line for writing and verifying together', async () => {
    const path = image();
    const result = await runCommand(['write', backup(), '--image', path, '--size', '1G'], { terminal: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^\rwriting \d+% · /);
    expect(result.stderr).toMatch(/\rverifying \d+% · /);
    expect(result.stderr).toMatch(/\rverifying 100% · [^\r]*\n$/);
    expect(result.stderr.match(/\n/g)).toHaveLength(1);
    const percents = [...result.stderr.matchAll(/(\d+)% ·/g)].map((match) => Number(match[1]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    await rm(path);
  });

  it.each([
    ['on', { uefi: false }, 'EFI '],
    ['off', { uefi: true }, 'EFI- '],
  ])('switches UEFI %s by renaming the EFI folder', async (uefi, options, folder) => {
    const path = image();
    const result = await runCommand(['write', backup(options), '--image', path, '--size', '1G', '--uefi', uefi]);
    expect(result.code).toBe(0);
    expect(await listWithMtools(path)).toMatch(new RegExp(`^${folder}\\s+<DIR>`, 'm'));
    await rm(path);
  });

  it('stops at a damaged file, names it, and leaves no partition table', async () => {
    const path = image();
    const damaged = backup({ entries: [{ name: 'config/go', data: '#!/bin/bash\n', declared: { crc32: 0xbad } }] });
    const result = await runCommand(['write', damaged, '--image', path, '--size', '1G']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/config\/go is damaged: its CRC-32 does not match/);
    expect(result.stderr).toMatch(/holds no valid partition table/);
    expect(result.stdout).toBe('');
    expect(await partitionTable(path)).toBeUndefined();
  });

  it('refuses a size the backup does not fit in, saying how much it needs', async () => {
    const path = image();
    const large = backup({ entries: [{ name: 'config/big.img', data: () => [Buffer.alloc(60_000_000)] }] });
    const result = await runCommand(['write', large, '--image', path, '--size', '48M']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/The backup needs about [\d.]+ MB on the drive; the target holds 50\.3 MB\./);
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a zip that is not a restorable backup, listing why', async () => {
    const path = image();
    const zip = join(workDir, 'not-unraid.zip');
    writeZip(zip, [{ name: 'photos/cat.jpg', data: 'meow' }]);
    const result = await runCommand(['write', zip, '--image', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not-unraid\.zip cannot be restored as it is:\n {2}.*not an Unraid flash backup/);
    expect(existsSync(path)).toBe(false);
  });

  it.each([
    [['write'], /which backup\?/],
    [['write', 'b.zip'], /--image <file>/],
    [['write', 'b.zip', '--image', 'x.img', '--size', 'huge'], /--size huge is not a drive size/],
    [['write', 'b.zip', '--image', 'x.img', '--uefi', 'maybe'], /--uefi takes on or off/],
    [['write', 'b.zip', '--image', 'x.img', '--colour'], /Unknown option '--colour'/],
  ])('answers %j with its usage', async (args, message) => {
    const result = await runCommand(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage:');
  });
});
