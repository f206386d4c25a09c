// The bz* images checked against their .sha256 as the write streams them (the image path): each
// image is read from the zip once, and a refusal comes after the body but before the boot sectors
// and the MBR. Attacked on files that held a good flash: made again as an image is, no tool
// (sfdisk, blkid, fsck.fat) takes the refused one for a flash drive; written over in place as a
// drive is, none finds a partition table or a filesystem on the drive.
import { spawnSync } from 'node:child_process';
import { open, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackup, type Backup } from '../../main/backup/read-backup.js';
import type { ArchiveEntry } from '../../main/backup/archive.js';
import { MIB } from '../../main/disk/align.js';
import { createImageTarget } from '../../main/flash/image-target.js';
import { planLayout } from '../../main/disk/plan.js';
import { BootImagesRefused, checkBootImagesInStream } from '../../main/flash/boot-images-in-stream.js';
import { layoutRequest, restoreContent } from '../../main/flash/restore-content.js';
import type { Target } from '../../main/flash/target.js';
import { WriteError, writeLayout } from '../../main/flash/write-layout.js';
import { formatMessage } from '../../shared/message.js';
import { blkidImage, fsckImage, partitionTable } from '../fixtures/image-checks.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup, type SampleBackupOptions } from '../fixtures/sample-backup.js';
import { restoreToImage } from '../disk/restore-image.js';

const DRIVE_BYTES = 256 * MIB;
const WRONG_SUM = `${'0'.repeat(64)}  bzroot\n`;
let work: string;
let count = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bz-in-stream-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

function zip(options: SampleBackupOptions = {}): string {
  const path = join(work, `backup-${count++}.zip`);
  writeSampleBackup(path, { topFolder: SAMPLE_TOP_FOLDER, releaseBytes: 4 * MIB, ...options });
  return path;
}

/** An existing file written in place, as a drive is: what the write does not cover keeps its old bytes. */
async function inPlace(path: string): Promise<Target> {
  const file = await open(path, 'r+');
  return {
    description: `the drive ${path}`,
    size: DRIVE_BYTES,
    unwrittenReadsAsZero: false,
    write: async (bytes, offset) => void (await file.write(bytes, 0, bytes.length, offset)),
    flush: () => file.sync(),
    close: () => file.close(),
  };
}

/** The file made again as a drive image, as `write --image` makes it. */
function asImage(path: string): Promise<Target> {
  return createImageTarget(path, DRIVE_BYTES);
}

/** Writes the backup over `drivePath` with the in-stream check; the zip entries opened, by name. */
async function writeChecked(zipPath: string, drivePath: string, openTarget: (path: string) => Promise<Target> = asImage): Promise<{ error: unknown; opened: string[] }> {
  const backup: Backup = await readBackup(zipPath);
  const opened: string[] = [];
  const openEntry = backup.archive.openEntry.bind(backup.archive);
  backup.archive.openEntry = (entry: ArchiveEntry) => {
    opened.push(entry.name.slice(entry.name.indexOf('/') + 1));
    return openEntry(entry);
  };
  const target = await openTarget(drivePath);
  try {
    const layout = planLayout(layoutRequest(restoreContent(backup), DRIVE_BYTES, 0x2512_2026));
    const check = await checkBootImagesInStream(backup, (extent) => backup.archive.openEntry(extent.entry));
    await writeLayout(layout, check.content, target, { beforeBoot: check.finish });
    return { error: undefined, opened };
  } catch (error) {
    return { error, opened };
  } finally {
    await target.close();
    backup.archive.close();
  }
}

/** A drive that holds a good, checked flash (fsck.fat finds nothing wrong). */
async function goodFlash(): Promise<string> {
  const path = join(work, `drive-${count++}.img`);
  await restoreToImage(zip(), path, DRIVE_BYTES);
  expect(await partitionTable(path)).toBeDefined();
  expect((await fsckImage(path)).findings).toEqual([]);
  return path;
}

function refusal(error: unknown): BootImagesRefused {
  expect(error).toBeInstanceOf(WriteError);
  const writeError = error as WriteError;
  expect(writeError.phase).toBe('data');
  expect(writeError.noPartitionTable).toBe(true);
  expect(writeError.cause).toBeInstanceOf(BootImagesRefused);
  return writeError.cause as BootImagesRefused;
}

/** What the tools say of the whole drive once the write was refused: no partition table, no filesystem (blkid's exit 2: nothing found). */
async function expectNothingOnTheDrive(path: string): Promise<void> {
  expect(await partitionTable(path)).toBeUndefined();
  expect(spawnSync('blkid', ['-p', path]).status).toBe(2);
}

/** And where the partition would begin, no boot sector: fsck.fat finds no FAT volume there either. */
async function expectNoFlash(path: string): Promise<void> {
  await expectNothingOnTheDrive(path);
  expect((await fsckImage(path)).exitCode).not.toBe(0);
}

describe('the bz images checked as the write streams them', () => {
  it('reads each image from the zip once, and writes a good backup to the end', async () => {
    const drive = await goodFlash();
    const { error, opened } = await writeChecked(zip(), drive, inPlace);
    expect(error).toBeUndefined();
    for (const image of ['bzimage', 'bzroot', 'bzroot-gui', 'bzmodules', 'bzfirmware']) expect(opened.filter((name) => name === image)).toEqual([image]);
    expect((await fsckImage(drive)).findings).toEqual([]);
    expect(await blkidImage(drive)).toMatchObject({ TYPE: 'vfat' });
  });

  it('refuses a bzroot that fails its .sha256 before the boot sectors, in an image made over a good flash: no tool takes it for one', async () => {
    const drive = await goodFlash();
    const { error } = await writeChecked(zip({ entries: [{ name: 'bzroot.sha256', data: WRONG_SUM }] }), drive);
    expect(formatMessage(refusal(error).problems[0]!.message)).toBe(`${SAMPLE_TOP_FOLDER}/bzroot does not match its SHA-256 file bzroot.sha256; Unraid would refuse to boot from it.`);
    await expectNoFlash(drive);
  });

  it('refuses it over a good flash written in place, as a drive: no partition table or filesystem is left on the drive', async () => {
    const drive = await goodFlash();
    const { error } = await writeChecked(zip({ entries: [{ name: 'bzroot.sha256', data: WRONG_SUM }] }), drive, inPlace);
    refusal(error);
    // The old volume's boot sector at 1 MiB is only ever written last (write-layout.ts): with no
    // partition table pointing there, no system looks for it.
    await expectNothingOnTheDrive(drive);
  });

  it('refuses an empty bzroot (no extent to stream) whose .sha256 is not that of nothing', async () => {
    const drive = await goodFlash();
    const { error } = await writeChecked(zip({ entries: [{ name: 'bzroot', data: '' }, { name: 'bzroot.sha256', data: WRONG_SUM }] }), drive);
    expect(formatMessage(refusal(error).problems[0]!.message)).toMatch(/bzroot does not match its SHA-256 file bzroot\.sha256/);
    await expectNoFlash(drive);
  });

  it('writes a mismatching bzroot when config/skipbzcheck turns Unraid’s check off', async () => {
    const drive = await goodFlash();
    const { error } = await writeChecked(zip({ entries: [{ name: 'bzroot.sha256', data: WRONG_SUM }, { name: 'config/skipbzcheck', data: '' }] }), drive);
    expect(error).toBeUndefined();
    expect((await fsckImage(drive)).findings).toEqual([]);
  });
});
