import { execFileSync } from 'node:child_process';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { readBackup, type Backup } from '../../main/backup/read-backup.js';
import type { RestoreItem } from '../../main/backup/restore-item.js';
import { sampleBackupEntries, SAMPLE_MASKED_VALUES, SAMPLE_PLUGINS, SAMPLE_TOP_FOLDER, SAMPLE_USERS, type SampleBackupOptions } from '../fixtures/sample-backup.js';
import { tempSampleBackup, tempZip } from './temp-zip.js';
import { debianSyslinux } from '../fixtures/test-release/syslinux-module.js';
import { formatMessage, message } from '../../shared/message.js';

const syslinux = debianSyslinux();

async function read(options: SampleBackupOptions, deep = false): Promise<{ backup: Backup; path: string }> {
  const path = tempSampleBackup(options);
  return { backup: await readBackup(path, { deep }), path };
}

/** What Info-ZIP's unzip lists, as paths on the drive: the files, and every folder they need. */
function unzipListing(path: string, topFolder?: string): { files: string[]; folders: string[] } {
  const names = execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const inside = names.map((name) => (topFolder ? name.slice(topFolder.length + 1) : name)).filter(Boolean);
  const files = inside.filter((name) => !name.endsWith('/'));
  const folders = new Set(inside.filter((name) => name.endsWith('/')).map((name) => name.slice(0, -1)));
  for (const file of files) {
    for (let at = file.indexOf('/'); at > 0; at = file.indexOf('/', at + 1)) folders.add(file.slice(0, at));
  }
  return { files, folders: [...folders] };
}

function pathsOf(items: readonly RestoreItem[], kind: RestoreItem['kind']): string[] {
  return items.filter((item) => item.kind === kind).map((item) => item.path);
}

const shapes: [string, SampleBackupOptions][] = [
  ['at the root, deflated, folders listed', {}],
  ['in a top folder, stored', { topFolder: SAMPLE_TOP_FOLDER, method: 'store' }],
  ['streamed with data descriptors, folders implied', { dataDescriptor: true, directoryEntries: false }],
  ['zip64, in a top folder, streamed', { zip64: true, topFolder: SAMPLE_TOP_FOLDER, dataDescriptor: true }],
];

describe('readBackup', () => {
  it.each(shapes)('reads a backup %s into the same files unzip sees, verified byte for byte with --deep', async (_shape, options) => {
    const { backup, path } = await read(options, true);
    try {
      const unzip = unzipListing(path, options.topFolder);
      expect(pathsOf(backup.items, 'file').sort()).toEqual(unzip.files.sort());
      expect(pathsOf(backup.items, 'directory').sort()).toEqual(unzip.folders.sort());
      expect(backup.report).toMatchObject({ ok: true, deep: true, problems: [], topFolder: options.topFolder ?? null, fileCount: unzip.files.length });
      const unzipTotal = /(\d+) bytes uncompressed/.exec(execFileSync('unzip', ['-Z', '-t', path], { encoding: 'utf8' }))?.[1];
      expect(backup.report.totalBytes).toBe(Number(unzipTotal));
      const bzroot = backup.items.find((item) => item.path === 'bzroot');
      const ours = await buffer(await backup.archive.openEntry(bzroot?.entry ?? backup.archive.entries[0]!));
      expect(ours.equals(execFileSync('unzip', ['-p', path, `${options.topFolder ? `${options.topFolder}/` : ''}bzroot`], { maxBuffer: 1 << 26 }))).toBe(true);
    } finally {
      backup.archive.close();
    }
  });

  it('lists parents before children, adds the folders a zip only implies, and keeps the zip dates', async () => {
    const { backup } = await read({ directoryEntries: false });
    backup.archive.close();
    const seen = new Set<string>();
    for (const item of backup.items) {
      const parent = item.path.includes('/') ? item.path.slice(0, item.path.lastIndexOf('/')) : undefined;
      if (parent !== undefined) expect(seen.has(parent), `${parent} before ${item.path}`).toBe(true);
      seen.add(item.path);
    }
    const implied = backup.items.find((item) => item.path === 'config/plugins/dockerMan');
    expect(implied).toMatchObject({ kind: 'directory', size: 0 });
    expect(implied?.entry).toBeUndefined();
    const file = backup.items.find((item) => item.path === 'config/ident.cfg');
    expect(file?.entry?.name).toBe('config/ident.cfg');
    expect([file?.dosDate, file?.dosTime]).toEqual([file?.entry?.dosDate, file?.entry?.dosTime]);
    expect(implied?.dosDate).toBeGreaterThan(0);
  });

  it('strips the top folder from every item but keeps the zip name in the entry', async () => {
    const { backup } = await read({ topFolder: SAMPLE_TOP_FOLDER });
    backup.archive.close();
    expect(backup.items.some((item) => item.path.startsWith(SAMPLE_TOP_FOLDER))).toBe(false);
    const config = backup.items.find((item) => item.path === 'config');
    expect(config?.entry?.name).toBe(`${SAMPLE_TOP_FOLDER}/config/`);
  });

  it('keeps unicode names as they are', async () => {
    const names = ['config/shares/Fotos für Oma.cfg', 'config/plugins/ファイル.txt', 'Ünïcode/ℌello 😀.txt'];
    const { backup } = await read({ entries: names.map((name) => ({ name, data: name })) });
    backup.archive.close();
    expect(backup.report.problems).toEqual([]);
    for (const name of names) expect(backup.items.find((item) => item.path === name)).toMatchObject({ kind: 'file', size: Buffer.byteLength(name) });
    expect(backup.items.find((item) => item.path === 'Ünïcode')).toMatchObject({ kind: 'directory' });
  });

  it('reports the release, the server and the largest file', async () => {
    const { backup } = await read({ version: '7.2.0-beta.3', serverName: 'Büro Server', releaseBytes: 2_000_000 });
    backup.archive.close();
    expect(backup.report).toMatchObject({
      osVersion: '7.2.0-beta.3', releaseDate: '2026-06-10', serverName: 'Büro Server',
      largestFile: { path: 'bzfirmware', size: 800_000 },
    });
  });

  it('finds the boot material the disk engine installs', async () => {
    const { backup } = await read({ topFolder: SAMPLE_TOP_FOLDER });
    try {
      const boot = backup.bootMaterial;
      expect(boot.mbr?.path).toBe('syslinux/mbr.bin');
      expect(boot.ldlinux?.path).toBe('syslinux/ldlinux.c32');
      expect(boot.installers.map((item) => item.path)).toEqual(['syslinux/syslinux', 'syslinux/syslinux_linux', 'syslinux/syslinux.exe']);
      expect(boot.efiFolder?.path).toBe('EFI');
      expect(boot.uefiEnabled).toBe(true);
      expect(backup.report.uefi).toBe(true);
      expect(backup.report.boot).toEqual({ uefi: 'enabled', legacy: true, legacyMissing: [], legacyUnusable: null, label: 'UNRAID', volumeSerial: null, appendLines: 3, internalBoot: [] });
      const mbr = await buffer(await backup.archive.openEntry(boot.mbr!.entry));
      expect([mbr.length, mbr[446]]).toEqual([447, 0x80]);
    } finally {
      backup.archive.close();
    }
  });

  it('finds boot material whatever its case, as FAT does', async () => {
    const { backup } = await read({
      omit: ['syslinux/', 'EFI/'],
      entries: [
        { name: 'SYSLINUX/MBR.BIN', data: syslinux.mbrBin },
        { name: 'SYSLINUX/LDLINUX.C32', data: syslinux.ldlinuxC32 },
        { name: 'SYSLINUX/syslinux_linux', data: syslinux.installer },
        { name: 'efi/boot/bootx64.efi', data: 'x' },
      ],
    });
    backup.archive.close();
    expect(backup.report.problems).toEqual([]);
    expect(backup.bootMaterial.mbr?.path).toBe('SYSLINUX/MBR.BIN');
    expect(backup.bootMaterial.ldlinux?.path).toBe('SYSLINUX/LDLINUX.C32');
    expect(backup.bootMaterial.installers.map((item) => item.path)).toEqual(['SYSLINUX/syslinux_linux']);
    expect(backup.bootMaterial).toMatchObject({ efiFolder: { path: 'efi' }, uefiEnabled: true });
  });

  it('says legacy boot is impossible when the installer was not built with the release\'s ldlinux.c32', async () => {
    const otherModule = Buffer.from(syslinux.ldlinuxC32);
    otherModule[100]! ^= 0xff;
    const { backup } = await read({ entries: [{ name: 'syslinux/ldlinux.c32', data: otherModule }] });
    backup.archive.close();
    expect(backup.legacyBoot).toBeUndefined();
    expect(backup.report.boot).toMatchObject({ legacy: false, legacyMissing: [] });
    const unusable = backup.report.boot.legacyUnusable;
    expect(unusable?.code).toBe('problem.detail.syslinux-mismatch');
    expect(unusable && formatMessage(unusable)).toMatch(/^the release’s syslinux\/ldlinux\.c32 is not the one its syslinux installer \(syslinux\/syslinux, syslinux\/syslinux_linux, and syslinux\/syslinux\.exe\) was built with/);
    expect(backup.report.problems.map((p) => [p.code, p.severity])).toEqual([['no-legacy-boot', 'warning']]);
    expect(backup.report.ok).toBe(true);
  });

  it('leaves out the __MACOSX folder a Mac adds when it re-zips a backup', async () => {
    const path = tempZip([
      ...sampleBackupEntries({ topFolder: SAMPLE_TOP_FOLDER }),
      { name: '__MACOSX/' },
      { name: `__MACOSX/${SAMPLE_TOP_FOLDER}/._bzimage`, data: 'resource fork' },
    ]);
    const backup = await readBackup(path);
    backup.archive.close();
    expect(backup.report.topFolder).toBe(SAMPLE_TOP_FOLDER);
    expect(backup.report.problems).toEqual([]);
    expect(backup.items.some((item) => item.path.includes('MACOSX'))).toBe(false);
  });

  it('has the syslinux files ready to install when they fit together', async () => {
    const { backup } = await read({});
    backup.archive.close();
    expect(backup.legacyBoot?.ldlinuxC32).toEqual(syslinux.ldlinuxC32);
    expect(backup.legacyBoot?.mbrCode).toEqual(syslinux.mbrBin.subarray(0, 440));
  });

  it('reports UEFI turned off when the release has EFI- instead of EFI', async () => {
    const { backup } = await read({ uefi: false });
    backup.archive.close();
    expect(backup.report).toMatchObject({ ok: true, uefi: false, boot: { uefi: 'disabled', legacy: true } });
    expect(backup.bootMaterial).toMatchObject({ efiFolder: { path: 'EFI-' }, uefiEnabled: false });
    expect(backup.report.problems.map((p) => [p.code, p.severity])).toEqual([['uefi-disabled', 'warning']]);
  });
});

describe('the post-restore checklist', () => {
  it('lists the licence key, users without passwords, blanked WireGuard tunnels, plugins and flash backup', async () => {
    const { backup } = await read({});
    backup.archive.close();
    expect(backup.report.checklist.map(({ id, items }) => ({ id, items: items.map(formatMessage) }))).toEqual([
      { id: 'license', items: ['Pro.key'] },
      { id: 'passwords', items: SAMPLE_USERS },
      { id: 'wireguard', items: ['wg0 (2 peers)'] },
      { id: 'plugins', items: SAMPLE_PLUGINS },
      { id: 'flash-backup', items: ['Unraid Connect flash backup'] },
    ]);
    expect(backup.report.checklist.every((section) => formatMessage(message(`checklist.title.${section.id}`)).length > 20)).toBe(true);
    expect(backup.report.privacy).toEqual({ templatesWithMaskedValues: 2, maskedValues: SAMPLE_MASKED_VALUES });
  });

  it('leaves out what a local backup with shadow, live WireGuard keys and no licence does not need', async () => {
    const { backup } = await read({
      omit: ['config/Pro.key', 'config/plugins/'],
      entries: [
        { name: 'config/shadow', data: 'root:$6$salt$hash:19000:0:99999:7:::\n' },
        { name: 'config/wireguard/wg0.conf', data: '[Interface]\nPrivateKey=aGVsbG8=\n[Peer]\nPublicKey=d29ybGQ=\n' },
      ],
    });
    backup.archive.close();
    expect(backup.report.checklist.map((section) => section.id)).toEqual(['flash-backup']);
    expect(backup.report.privacy).toEqual({ templatesWithMaskedValues: 0, maskedValues: 0 });
  });
});
