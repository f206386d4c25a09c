import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackup } from '../../main/backup/read-backup.js';
import { planLayout } from '../../main/disk/plan.js';
import { layoutRequest, restoreContent } from '../../main/flash/restore-content.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { runCommand } from '../disk/restore-image.js';

const GIB = 2 ** 30;
let workDir: string;
let zipPath: string;
let imagePath: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'cli-verify-test-'));
  zipPath = join(workDir, 'backup.zip');
  imagePath = join(workDir, 'image.img');
  writeSampleBackup(zipPath, { topFolder: SAMPLE_TOP_FOLDER, uefi: false });
  const written = await runCommand(['write', zipPath, '--image', imagePath, '--size', '1G']);
  if (written.code !== 0) throw new Error(written.stderr);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Where a file's first byte is on the image: the planner lays the same list out the same way. */
async function fileOffset(path: string): Promise<number> {
  const backup = await readBackup(zipPath);
  backup.archive.close();
  const layout = planLayout(layoutRequest(restoreContent(backup), GIB, 0));
  const extent = layout.body.find((e) => e.fill === 'file' && e.path === path);
  if (!extent) throw new Error(`no ${path} in the layout`);
  return extent.offset;
}

async function flipByte(offset: number): Promise<void> {
  const image = await open(imagePath, 'r+');
  const byte = Buffer.alloc(1);
  await image.read(byte, 0, 1, offset);
  byte[0]! ^= 0xff;
  await image.write(byte, 0, 1, offset);
  await image.close();
}

describe('flash-creator verify', () => {
  it('passes a freshly written image', async () => {
    const result = await runCommand(['verify', zipPath, '--image', imagePath]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Verified: \d+ files \([\d.]+ MB\) and \d+ folders match the backup; one active FAT32 partition labelled UNRAID; the legacy BIOS boot loader matches the release\.\n$/);
  });

  it('fails, naming the file, after one byte of its data changed', async () => {
    const offset = (await fileOffset('config/network.cfg')) + 3;
    await flipByte(offset);
    try {
      const result = await runCommand(['verify', zipPath, '--image', imagePath]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^Verify found 1 difference between .*image\.img and the backup:\n {2}config\/network\.cfg differs from the backup: .*CRC-32\.\n$/);
    } finally {
      await flipByte(offset);
    }
  });

  it('accepts the EFI folder under the name the UEFI switch gave it', async () => {
    const switched = join(workDir, 'uefi-on.img');
    expect((await runCommand(['write', zipPath, '--image', switched, '--size', '1G', '--uefi', 'on'])).code).toBe(0);
    expect((await runCommand(['verify', zipPath, '--image', switched])).code).toBe(0);
  });

  it('says what is wrong with a file that is no image at all', async () => {
    const result = await runCommand(['verify', zipPath, '--image', zipPath]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/There is no valid partition table/);
  });

  it('needs the image', async () => {
    const result = await runCommand(['verify', zipPath]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--image <file>/);
  });

  it('compares the drive with a backup whose bzroot fails its .sha256, rather than refusing that backup', async () => {
    const other = join(workDir, 'wrong-sum.zip');
    writeSampleBackup(other, { topFolder: SAMPLE_TOP_FOLDER, uefi: false, entries: [{ name: 'bzroot.sha256', data: `${'0'.repeat(64)}  bzroot\n` }] });
    const result = await runCommand(['verify', other, '--image', imagePath]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Verify found 1 difference between .* and the backup:\n {2}bzroot\.sha256 differs from the backup/);
  });
});
