// Every problem the reader reports, each from a zip built to have it: the code, the entry's name,
// a sentence, and never an exception.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFLATE_MAX_RATIO } from '../../main/backup/entry-checks.js';
import { inspectBackup, readBackup } from '../../main/backup/read-backup.js';
import type { BackupReport } from '../../shared/backup-report.js';
import { PROBLEM_CODES } from '../../shared/problems.js';
import { SAMPLE_TOP_FOLDER, sampleBackupEntries, type SampleBackupOptions } from '../fixtures/sample-backup.js';
import { buildZip, type ZipEntrySpec } from '../fixtures/zip-builder.js';
import { tempPath, tempSampleBackup, tempZip } from './temp-zip.js';
import { said } from '../fixtures/said.js';

const TOP = SAMPLE_TOP_FOLDER;
const GiB = 2 ** 30;

async function inspectSample(options: SampleBackupOptions, deep = false): Promise<BackupReport> {
  return checked(await inspectBackup(tempSampleBackup(options), { deep }));
}

/** A sample backup in its top folder, with these entries added or replaced. */
function withEntries(...entries: ZipEntrySpec[]): Promise<BackupReport> {
  return inspectSample({ topFolder: TOP, entries });
}

/** Every report must hold to this, whatever the zip. */
function checked(report: BackupReport): BackupReport {
  for (const problem of report.problems) {
    expect(PROBLEM_CODES).toContain(problem.code);
    expect(said(problem)).toMatch(/\.$/);
    expect(said(problem)).not.toMatch(/\n\s+at |Error:|undefined|\[object/);
  }
  expect(report.ok).toBe(!report.problems.some((problem) => problem.severity === 'blocking'));
  return report;
}

function codesAt(report: BackupReport): [string, string | null][] {
  return report.problems.map((problem) => [problem.code, problem.path]);
}

function writeTemp(bytes: Buffer | string): string {
  const path = tempPath();
  writeFileSync(path, bytes);
  return path;
}

describe('the zip file as a whole', () => {
  it.each([
    ['cannot-open', () => tempPath('missing.zip')],
    ['empty-file', () => writeTemp('')],
    ['not-a-zip', () => writeTemp('#!/bin/bash\necho this is a script\n')],
    ['truncated', () => {
      const whole = readFileSync(tempSampleBackup({}));
      return writeTemp(whole.subarray(0, whole.length >> 1));
    }],
    ['corrupt-zip', () => {
      const zip = buildZip([{ name: 'bzimage', data: 'kernel' }, { name: 'bzroot', data: 'root' }]);
      zip.writeUInt32LE(0x12345678, zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
      return writeTemp(zip);
    }],
    ['too-many-entries', () => {
      const zip = buildZip([{ name: 'bzimage', data: 'kernel' }], { zip64End: true });
      const record = zip.indexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]));
      zip.writeBigUInt64LE(600_000n, record + 24);
      zip.writeBigUInt64LE(600_000n, record + 32);
      return writeTemp(zip);
    }],
    ['empty-zip', () => tempZip([])],
    ['not-unraid-backup', () => tempZip([{ name: 'holiday/photo.jpg', data: 'jpeg' }, { name: 'notes.txt', data: 'hi' }])],
  ])('reports %s, naming the zip, instead of failing', async (code, makeZip) => {
    const path = makeZip();
    const report = checked(await inspectBackup(path));
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ code, severity: 'blocking', path: null });
    expect(said(report.problems[0])).toContain(path.slice(path.lastIndexOf('/') + 1));
  });

  it('lets readBackup throw the ArchiveError for the disk engine, naming the problem', async () => {
    await expect(readBackup(writeTemp('not a zip'))).rejects.toMatchObject({ name: 'ArchiveError', code: 'not-a-zip' });
  });

  it('names each required file a backup lacks', async () => {
    const report = await inspectSample({ topFolder: TOP, omit: ['bzroot', 'config/'] });
    expect(codesAt(report).filter(([code]) => code === 'missing-required-file')).toEqual([
      ['missing-required-file', 'bzroot'], ['missing-required-file', 'config/'],
    ]);
    expect(report.ok).toBe(false);
  });

  it('judges a zip declaring 100 GB from its directory alone', async () => {
    // 25 entries of 4 GB each, deflated "at" 1000 to 1: believable one by one, not together, and not in a small file.
    const entries: ZipEntrySpec[] = Array.from({ length: 25 }, (_, i) => ({
      name: `bz-part${i}`, data: 'tiny', zip64: true, declared: { uncompressedSize: 4e9, compressedSize: 4e6 },
    }));
    const report = checked(await inspectBackup(tempZip([...sampleBackupEntries(), ...entries])));
    expect(report.ok).toBe(false);
    expect(said(report.problems.find((problem) => problem.code === 'backup-too-large'))).toContain('100 GB');
    expect(codesAt(report)).toContainEqual(['impossible-size', 'bz-part0']);
    expect(report.totalBytes).toBeLessThan(10e6);
  });
});

describe('entries', () => {
  it.each([
    ['path-traversal', `${TOP}/../../etc/cron.d/evil`],
    ['path-traversal', `${TOP}/config/..\\..\\evil.cfg`],
    ['absolute-path', '/etc/passwd'],
    ['absolute-path', 'C:/Windows/system.ini'],
    ['absolute-path', '\\\\server\\share\\x'],
    ['backslash-path', `${TOP}\\config\\ident.cfg`],
  ])('reports %s for %s and restores nothing of it', async (code, name) => {
    const path = tempZip([...sampleBackupEntries({ topFolder: TOP }), { name, data: 'x' }]);
    const backup = await readBackup(path);
    backup.archive.close();
    expect(codesAt(checked(backup.report))).toEqual([[code, name]]);
    expect(backup.report.topFolder).toBe(TOP);
    expect(backup.items.some((item) => item.entry?.name === name)).toBe(false);
  });

  it.each([
    ['symlink', { name: `${TOP}/config/link`, data: '/etc/shadow', unixMode: 0o120777, method: 'store' }],
    ['special-entry', { name: `${TOP}/config/fifo`, unixMode: 0o010644, method: 'store' }],
    ['zipcrypto-entry', { name: `${TOP}/config/secret.cfg`, data: 'x', encrypted: true, method: 'store', declared: { compressedSize: 13 } }],
    // Method 99 without the AES field that says how: encrypted in a way nobody can read.
    ['encrypted-entry', { name: `${TOP}/config/strong.cfg`, data: 'x', encrypted: true, method: 99, declared: { compressedSize: 13 } }],
    ['unsupported-compression', { name: `${TOP}/config/lzma.cfg`, data: 'x', method: 14 }],
    ['invalid-fat-name', { name: `${TOP}/config/what?.cfg`, data: 'x' }],
    ['invalid-fat-name', { name: `${TOP}/config/dots.`, data: 'x' }],
    ['invalid-fat-name', { name: `${TOP}/config/${'n'.repeat(256)}`, data: 'x' }],
    ['invalid-fat-name', { name: `${TOP}/config//double-slash`, data: 'x' }],
    ['impossible-size', { name: `${TOP}/config/stored-liar`, data: 'x'.repeat(100), method: 'store', declared: { uncompressedSize: 10 } }],
    ['impossible-size', { name: `${TOP}/config/ratio`, data: 'x', declared: { uncompressedSize: 3 * DEFLATE_MAX_RATIO + 1, compressedSize: 3 } }],
    ['impossible-size', { name: `${TOP}/config/beyond-the-zip`, data: 'x', zip64: true, declared: { uncompressedSize: 2e9, compressedSize: 1e9 } }],
  ] as [string, ZipEntrySpec][])('reports %s for the entry and restores nothing of it', async (code, spec) => {
    const backup = await readBackup(tempZip([...sampleBackupEntries({ topFolder: TOP }), spec]));
    backup.archive.close();
    expect(codesAt(checked(backup.report))).toEqual([[code, spec.name]]);
    expect(backup.report.ok).toBe(false);
    expect(backup.items.some((item) => item.entry?.name === spec.name)).toBe(false);
  });

  it('reports a file of 4 GiB or more, which FAT cannot hold', async () => {
    const report = await withEntries({ name: 'config/disk.img', data: 'x', zip64: true, declared: { uncompressedSize: 4 * GiB, compressedSize: 5e6 } });
    expect(codesAt(report)).toContainEqual(['file-too-large', `${TOP}/config/disk.img`]);
    expect(said(report.problems.find((problem) => problem.code === 'file-too-large'))).toContain('4.3 GB');
  });

  it('reports names listed twice, and a name that is both a file and a folder', async () => {
    const twice = checked(await inspectBackup(tempZip([...sampleBackupEntries({ topFolder: TOP }), { name: `${TOP}/config/go`, data: 'two' }])));
    expect(codesAt(twice)).toEqual([['duplicate-name', `${TOP}/config/go`]]);
    const both = await withEntries({ name: 'config/extra.cfg', data: 'a' }, { name: 'config/extra.cfg/inner', data: 'b' });
    expect(codesAt(both)).toEqual([['duplicate-name', `${TOP}/config/extra.cfg/inner`]]);
    expect(said(both.problems[0])).toContain('both a file and a folder');
  });

  it('reports names that differ only in case, files and folders alike', async () => {
    const report = await withEntries({ name: 'config/Go', data: 'x' }, { name: 'CONFIG/other.cfg', data: 'y' });
    expect(codesAt(report)).toEqual([['fat-name-collision', `${TOP}/config/Go`], ['fat-name-collision', `${TOP}/CONFIG/other.cfg`]]);
    expect(said(report.problems[0])).toContain('config/Go and config/go');
  });

  it('accepts a folder listed twice or after its files', async () => {
    const report = await withEntries({ name: 'config/', data: undefined }, { name: 'late/file.txt', data: 'x' }, { name: 'late/' });
    expect(report.problems).toEqual([]);
  });
});

describe('booting', () => {
  it('refuses a backup that could not boot at all', async () => {
    const report = await inspectSample({ omit: ['syslinux/', 'EFI/'] });
    expect(codesAt(report)).toEqual([['not-bootable', null]]);
    expect(said(report.problems[0])).toContain('syslinux/mbr.bin');
  });

  it('warns, but restores, when one boot mode is missing', async () => {
    const noInstaller = await inspectSample({ omit: ['syslinux/syslinux', 'syslinux/syslinux_linux', 'syslinux/syslinux.exe'] });
    expect(noInstaller).toMatchObject({ ok: true, boot: { legacy: false, uefi: 'enabled' } });
    expect(codesAt(noInstaller)).toEqual([['no-legacy-boot', null]]);
    expect(said(noInstaller.problems[0])).toContain('the backup has no syslinux/syslinux*');
    const noEfi = await inspectSample({ omit: ['EFI/'] });
    expect(noEfi).toMatchObject({ ok: true, uefi: false, boot: { legacy: true, uefi: 'absent' } });
    expect(codesAt(noEfi)).toEqual([['no-uefi', null]]);
  });

  it('says a backup with UEFI turned off and no legacy material boots only once UEFI is on', async () => {
    const report = await inspectSample({ uefi: false, omit: ['syslinux/mbr.bin'] });
    expect(codesAt(report)).toEqual([['no-legacy-boot', null], ['uefi-disabled', null]]);
    expect(said(report.problems[0])).toContain('turn UEFI on');
  });
});

describe('damaged content', () => {
  it('finds a damaged config file while reading it for the report, without --deep', async () => {
    const report = await withEntries({ name: 'config/ident.cfg', data: 'NAME="Tower"\r\n', declared: { crc32: 42 } });
    expect(codesAt(report)).toEqual([['crc-mismatch', `${TOP}/config/ident.cfg`]]);
    expect(report.serverName).toBeNull();
  });

  it('finds damaged release files only with --deep', async () => {
    const entries: ZipEntrySpec[] = [
      { name: 'memtest', data: 'memtest86+', declared: { crc32: 7 } },
      // Unpacks to 20 000 bytes but claims 10 000: a believable ratio, so only unpacking tells.
      { name: 'syslinux/menu.c32', data: Buffer.alloc(20_000), declared: { uncompressedSize: 10_000 } },
      { name: 'bzroot.sha256', data: `${'0'.repeat(64)}  bzroot\n` },
      { name: 'bzimage.sha256', data: 'not a checksum\n' },
    ];
    const quick = await inspectSample({ topFolder: TOP, entries });
    expect(quick.problems).toEqual([]);
    const deep = await inspectSample({ topFolder: TOP, entries }, true);
    expect(codesAt(deep).sort()).toEqual([
      ['checksum-mismatch', `${TOP}/bzimage`],
      ['checksum-mismatch', `${TOP}/bzroot`],
      ['crc-mismatch', `${TOP}/memtest`],
      ['size-mismatch', `${TOP}/syslinux/menu.c32`],
    ]);
    expect(said(deep.problems.find((problem) => problem.code === 'checksum-mismatch'))).toContain('.sha256');
  });
});
