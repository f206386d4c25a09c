// The flash label as the Options step changes it: every append line of every syslinux file gets
// the new name and nothing else changes (CRLF, the other lines), the volume carries the label, and
// the read-back verifies both; with UEFI switched off, the edit follows EFI to EFI-. Written by the
// wizard's own in-process runner onto an image file, judged by blkid, fsck.fat and mtools.
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupShelf } from '../../main/app-core/backup-shelf.js';
import { changedConfigFiles } from '../../main/app-core/config-changes.js';
import { InProcessWriteRunner, type DriveAccess } from '../../main/app-core/restore-job.js';
import { openImageFileDevice } from '../../main/harness/image-file-device.js';
import type { WriteJob } from '../../main/app-core/write-runner.js';
import { readBackup } from '../../main/backup/read-backup.js';
import { confirmedDrive } from '../../main/cli/verify.js';
import { describeDevice } from '../../main/drives/device.js';
import { parseJob } from '../../main/writer/job.js';
import { runJob } from '../../main/writer/run-job.js';
import { createImageTarget } from '../../main/flash/image-target.js';
import { openImageSource } from '../../main/fat/byte-source.js';
import { blkidImage, extractWithMtools, fsckImage } from '../fixtures/image-checks.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';

const SIZE = 2 ** 30;
const CFG = 'default menu.c32\r\nmenu title Lime Technology, Inc.\r\nlabel Unraid OS\r\n  menu default\r\n  kernel /bzimage\r\n  append initrd=/bzroot\r\nlabel Unraid OS GUI Mode\r\n  kernel /bzimage\r\n  append initrd=/bzroot,/bzroot-gui  \r\n';
const LABELLED = CFG.replace('append initrd=/bzroot\r', 'append initrd=/bzroot unraidlabel=UNRAID-VM\r').replace('append initrd=/bzroot,/bzroot-gui  \r', 'append initrd=/bzroot,/bzroot-gui unraidlabel=UNRAID-VM  \r');
const BOOT_FILES = ['syslinux/syslinux.cfg', 'syslinux/syslinux.cfg-', 'EFI/boot/syslinux.cfg'];

let work: string;
let zipPath: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'boot-label-edit-'));
  zipPath = join(work, 'backup.zip');
  writeSampleBackup(zipPath, { topFolder: SAMPLE_TOP_FOLDER, entries: BOOT_FILES.map((name) => ({ name, data: CFG })) });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const log = { path: '', info: () => undefined, error: () => undefined, flushed: () => Promise.resolve() };
// Image files as drives; the capacity probe before the write runs on the image file in place.
const imageAccess: DriveAccess = {
  openTarget: createImageTarget,
  openSource: openImageSource,
  openProbeDevice: async (path) => {
    await writeFile(path, '');
    await truncate(path, SIZE);
    return openImageFileDevice(path, SIZE, SIZE);
  },
};

function job(image: string, changes: Partial<WriteJob>): WriteJob {
  return { zipPath, device: image, deviceSize: SIZE, description: 'image', guid: null, uefi: true, ...changes };
}

describe('changing the flash label', () => {
  it('starts from the backup’s own label, and refuses a backup with no append line to set it on', async () => {
    expect((await new BackupShelf().open(zipPath)).opened.settings.bootLabel).toBe('UNRAID');
    const bare = join(work, 'no-append.zip');
    writeSampleBackup(bare, { entries: BOOT_FILES.map((name) => ({ name, data: 'default menu.c32\r\n' })) });
    expect((await new BackupShelf().open(bare)).opened.settings.bootLabel).toBeNull();
    const backup = await readBackup(bare);
    try {
      await expect(changedConfigFiles(backup, { bootLabel: 'UNRAID-VM' })).rejects.toThrow(/no syslinux append line/);
    } finally {
      backup.archive.close();
    }
  });

  it('writes every append line with the new label, the volume labelled so, UEFI switched off on the way', async () => {
    const image = join(work, 'labelled.img');
    const result = await new InProcessWriteRunner(imageAccess, log).run(job(image, { bootLabel: 'UNRAID-VM', uefi: false }), () => undefined, new AbortController().signal);
    expect(result).toMatchObject({ result: 'success', verification: { label: 'UNRAID-VM', uefiBoot: false } });
    if (result.result !== 'success') return;
    expect([...result.verification.changedFiles].sort()).toEqual(['EFI-/boot/syslinux.cfg', 'syslinux/syslinux.cfg', 'syslinux/syslinux.cfg-']);

    expect(await blkidImage(image)).toMatchObject({ LABEL: 'UNRAID-VM', VERSION: 'FAT32' });
    expect((await fsckImage(image)).findings).toEqual([]);
    const out = join(work, 'labelled');
    await extractWithMtools(image, out);
    for (const path of ['syslinux/syslinux.cfg', 'syslinux/syslinux.cfg-', 'EFI-/boot/syslinux.cfg']) {
      expect((await readFile(join(out, path))).toString('latin1')).toBe(LABELLED);
    }
    expect((await readFile(join(out, 'config/ident.cfg'))).toString()).toBe('NAME="Tower"\r\nCOMMENT="Media server"\r\nSYS_MODEL="Custom"\r\ntimeZone="Europe/Berlin"\r\nUSE_SSL="auto"\r\nPORT="80"\r\n');
  });

  it('back to UNRAID gives the release’s own lines again', async () => {
    const backupPath = join(work, 'vm.zip');
    writeSampleBackup(backupPath, { entries: BOOT_FILES.map((name) => ({ name, data: LABELLED })) });
    const backup = await readBackup(backupPath);
    try {
      expect(backup.report.boot.label).toBe('UNRAID-VM');
      const files = await changedConfigFiles(backup, { bootLabel: 'UNRAID' });
      expect(files.map((file) => [file.path, file.text])).toEqual([['syslinux/syslinux.cfg', CFG], ['EFI/boot/syslinux.cfg', CFG], ['syslinux/syslinux.cfg-', CFG]]);
      expect(await changedConfigFiles(backup, { bootLabel: 'UNRAID-VM' })).toEqual([]);
    } finally {
      backup.archive.close();
    }
  });
});

describe('the privileged writer with a changed flash label (loop device, as root)', () => {
  let bench: DriveBench;
  beforeAll(async () => {
    bench = await setUpDriveBench('boot-label-writer-', { entries: BOOT_FILES.map((name) => ({ name, data: CFG })) });
  });
  afterAll(() => tearDownDriveBench(bench));

  it('takes the syslinux files as a job carries them, labels the drive from them, and verifies both', async () => {
    const backup = await readBackup(bench.zipPath);
    const configFiles = await changedConfigFiles(backup, { bootLabel: 'UNRAID-VM' }).finally(() => backup.archive.close());
    const found = await describeDevice(bench.loop.device);
    const sent = parseJob(JSON.parse(JSON.stringify({ kind: 'write', zipPath: bench.zipPath, drive: confirmedDrive(found), unsafe: true, volumeId: 7, configFiles })));
    const outcome = await runJob(sent, () => undefined);
    expect(outcome).toMatchObject({ status: 'done', readBackMismatch: null, verify: { ok: true, label: 'UNRAID-VM' } });
    expect(await blkidImage(bench.loop.backingFile)).toMatchObject({ LABEL: 'UNRAID-VM' });
  });
});
