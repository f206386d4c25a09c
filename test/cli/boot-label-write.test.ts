// A backup whose append lines name another flash label (unraidlabel=, as Unraid's docs tell VM users)
// or a FAT volume id (unraiduuid=) is written so that Unraid finds it: judged by blkid, fsck.fat and
// mtools, and verified by our own reader.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../disk/restore-image.js';
import { blkidImage, fsckImage, listWithMtools } from '../fixtures/image-checks.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup, type SampleBackupOptions } from '../fixtures/sample-backup.js';

let workDir: string;
let count = 0;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'boot-label-write-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

const CFG = 'default menu.c32\r\nlabel Unraid OS\r\n  menu default\r\n  kernel /bzimage\r\n  append initrd=/bzroot PARAMS\r\nlabel Unraid OS GUI Mode\r\n  kernel /bzimage\r\n  append initrd=/bzroot,/bzroot-gui PARAMS\r\n';

function backup(params: string, options: SampleBackupOptions = {}): string {
  const path = join(workDir, `backup-${count++}.zip`);
  const data = CFG.replaceAll('PARAMS', params);
  const entries = ['syslinux/syslinux.cfg', 'syslinux/syslinux.cfg-', 'EFI/boot/syslinux.cfg'].map((name) => ({ name, data }));
  writeSampleBackup(path, { topFolder: SAMPLE_TOP_FOLDER, ...options, entries });
  return path;
}

async function write(zip: string): Promise<{ image: string; stdout: string }> {
  const image = join(workDir, `image-${count++}.img`);
  const result = await runCommand(['write', zip, '--image', image, '--size', '1G']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return { image, stdout: result.stdout };
}

describe('flash-creator write with the boot entries’ own names', () => {
  it('labels the volume UNRAID-VM when the append lines say unraidlabel=UNRAID-VM', async () => {
    const zip = backup('unraidlabel=UNRAID-VM');
    const inspected = await runCommand(['inspect', zip]);
    expect(inspected.stdout).toMatch(/Flash label\s+UNRAID-VM \(unraidlabel= on the boot entries\)/);
    const json = await runCommand(['inspect', zip, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, boot: { label: 'UNRAID-VM', volumeSerial: null, appendLines: 6, internalBoot: [] } });

    const { image, stdout } = await write(zip);
    expect(stdout).toContain('one active FAT32 partition labelled UNRAID-VM');
    expect(await blkidImage(image)).toMatchObject({ LABEL: 'UNRAID-VM', TYPE: 'vfat', VERSION: 'FAT32' });
    expect((await fsckImage(image)).findings).toEqual([]);
    expect(await listWithMtools(image)).toMatch(/Volume in drive : is UNRAID-VM/);

    const verified = await runCommand(['verify', zip, '--image', image]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('labelled UNRAID-VM');
  });

  it('gives the volume the id a 7.3 unraiduuid= asks for, so blkid -U finds it', async () => {
    const zip = backup('unraiduuid=1A2B-3C4D', { version: '7.3.0' });
    const { image } = await write(zip);
    expect(await blkidImage(image)).toMatchObject({ LABEL: 'UNRAID', UUID: '1A2B-3C4D' });
  });

  it('tells a stock backup’s drive apart from the custom-labelled one: the verify of one against the other fails on the label', async () => {
    const { image } = await write(backup(''));
    expect(await blkidImage(image)).toMatchObject({ LABEL: 'UNRAID' });
    const verified = await runCommand(['verify', backup('unraidlabel=UNRAID-VM'), '--image', image]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('The boot sector’s volume label is “UNRAID”, not “UNRAID-VM”.');
  });
});
