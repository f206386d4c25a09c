// What today's Unraid reads at boot, and what its 7.1–7.3 releases put in a backup, as the report
// tells it from real zips: the flash label of the append lines, unraiduuid=, internal-boot backups,
// the bz* files rc.S checks, and the checklist for licences (flash or TPM), Wi-Fi, machine-id,
// go.safemode and the 7.3 rule against going back to 7.2.
import { describe, expect, it } from 'vitest';
import { inspectBackup } from '../../main/backup/read-backup.js';
import type { BackupReport, ChecklistId } from '../../shared/backup-report.js';
import { SAMPLE_TOP_FOLDER, type SampleBackupOptions } from '../fixtures/sample-backup.js';
import type { ZipEntrySpec } from '../fixtures/zip-builder.js';
import { tempSampleBackup } from './temp-zip.js';
import { formatMessage, message } from '../../shared/message.js';
import { said } from '../fixtures/said.js';

const TOP = SAMPLE_TOP_FOLDER;

/** The sample release's syslinux.cfg, as Unraid ships it (see sample-backup.ts). */
const STOCK_CFG = 'default menu.c32\nmenu title Lime Technology, Inc.\nprompt 0\ntimeout 50\nlabel Unraid OS\n  menu default\n  kernel /bzimage\n  append initrd=/bzroot\n';
const TWO_ENTRY_CFG = `${STOCK_CFG}label Unraid OS GUI Mode\n  kernel /bzimage\n  append initrd=/bzroot,/bzroot-gui\n`;

function inspect(options: SampleBackupOptions, deep = false): Promise<BackupReport> {
  return inspectBackup(tempSampleBackup({ topFolder: TOP, ...options }), { deep });
}

const cfg = (name: string, data: string): ZipEntrySpec => ({ name, data });
const codes = (report: BackupReport) => report.problems.map((problem) => [problem.code, problem.severity]);
/** A checklist section as the CLI words it: its title and items in English. */
function section(report: BackupReport, id: ChecklistId): { title: string; items: string[] } | undefined {
  const found = report.checklist.find((entry) => entry.id === id);
  return found && { title: formatMessage(message(`checklist.title.${found.id}`)), items: found.items.map(formatMessage) };
}

describe('the flash label', () => {
  it('is UNRAID for a stock release', async () => {
    const report = await inspect({});
    expect(report.boot).toMatchObject({ label: 'UNRAID', volumeSerial: null, appendLines: 3, internalBoot: [] });
    expect(report.problems).toEqual([]);
  });

  it('is UNRAID-VM when every append line of every file names it, as Unraid’s docs tell VM users to do', async () => {
    const labelled = TWO_ENTRY_CFG.replaceAll('append initrd=/bzroot', 'append unraidlabel=UNRAID-VM initrd=/bzroot');
    const report = await inspect({ entries: ['syslinux/syslinux.cfg', 'syslinux/syslinux.cfg-', 'EFI/boot/syslinux.cfg'].map((name) => cfg(name, labelled)) });
    expect(report.boot).toMatchObject({ label: 'UNRAID-VM', appendLines: 6 });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('is the custom one when only one line names it, with a warning that the other entries will not find the drive', async () => {
    const one = TWO_ENTRY_CFG.replace('append initrd=/bzroot\n', 'append initrd=/bzroot unraidlabel=UNRAID-VM\n');
    const report = await inspect({ entries: [cfg('syslinux/syslinux.cfg', one)] });
    expect(report.boot.label).toBe('UNRAID-VM');
    expect(codes(report)).toEqual([['boot-label-mismatch', 'warning']]);
    expect(report.ok).toBe(true);
  });

  it('when two files name it and the UEFI one does not, says which files disagree', async () => {
    const labelled = STOCK_CFG.replace('append initrd=/bzroot', 'append initrd=/bzroot unraidlabel=UNRAID-VM');
    const report = await inspect({ entries: [cfg('syslinux/syslinux.cfg', labelled), cfg('syslinux/syslinux.cfg-', labelled)] });
    expect(report.boot.label).toBe('UNRAID-VM');
    expect(said(report.problems[0])).toContain('syslinux/syslinux.cfg names UNRAID-VM; EFI/boot/syslinux.cfg names UNRAID');
  });

  it('that no flash drive can carry stops the restore, naming the file', async () => {
    const report = await inspect({ entries: [cfg('syslinux/syslinux.cfg', STOCK_CFG.replace('initrd=/bzroot', 'initrd=/bzroot unraidlabel=MY.UNRAID.VM'))] });
    expect(report.ok).toBe(false);
    expect(report.problems.find((problem) => problem.code === 'bad-boot-label')?.path).toBe('syslinux/syslinux.cfg');
  });
});

describe('unraiduuid= on a USB flash', () => {
  it('on 7.3, a FAT volume serial becomes the drive’s volume id', async () => {
    const report = await inspect({ version: '7.3.0', entries: [cfg('syslinux/syslinux.cfg', STOCK_CFG.replace('initrd=/bzroot', 'initrd=/bzroot unraiduuid=1A2B-3C4D'))] });
    expect(report.boot.volumeSerial).toBe('1A2B-3C4D');
    expect(report.ok).toBe(true);
  });

  it('on 7.3, a ZFS pool GUID stops the restore: rc.S would look for the pool, not the stick', async () => {
    const report = await inspect({ version: '7.3.0', entries: [cfg('EFI/boot/syslinux.cfg', STOCK_CFG.replace('initrd=/bzroot', 'initrd=/bzroot unraiduuid=14627583650289562441'))] });
    expect(report.ok).toBe(false);
    expect(report.problems.find((problem) => problem.code === 'boot-uuid-unmatchable')).toMatchObject({ path: 'EFI/boot/syslinux.cfg' });
  });
});

describe('a backup of a 7.3 server that boots from an internal drive', () => {
  // What rc.6 copies to the boot pool: everything but EFI*, syslinux, ldlinux* and make_bootable*; plus grub/.
  const internal: SampleBackupOptions = {
    version: '7.3.0',
    omit: ['syslinux/', 'EFI/', 'make_bootable.bat', 'make_bootable_linux', 'make_bootable_mac'],
    entries: [
      cfg('grub/grub.cfg', 'menuentry "Unraid OS" {\n  linux  /boot@/bzimage unraiduuid=14627583650289562441\n  initrd /boot@/bzroot\n}\n'),
      cfg('config/pools/boot.cfg', 'diskFsType="zfs"\r\n'),
    ],
  };

  it('is recognised and refused with Unraid’s way back, not a list of missing boot files', async () => {
    const report = await inspect(internal);
    expect(report.boot.internalBoot).toEqual(['grub/grub.cfg', 'config/pools/boot.cfg']);
    expect(codes(report)).toEqual([['internal-boot-backup', 'blocking']]);
    expect(said(report.problems[0])).toMatch(/boots from an internal drive.*USB Creator/);
  });

  it('that still has its USB boot entries (booted from the stick, internal boot set up) is restored as a stick', async () => {
    const report = await inspect({ version: '7.3.0', entries: internal.entries });
    expect(report.ok).toBe(true);
    expect(report.boot.internalBoot).toEqual([]);
    expect(section(report, 'no-rollback')?.items).toEqual(['Internal boot is set up (grub/grub.cfg, config/pools/boot.cfg)', 'TPM licensing, if the key has been moved to the TPM (the backup cannot show it)']);
  });
});

describe('the bz* files rc.S checks at every boot', () => {
  it('each one missing, or its .sha256, stops the restore', async () => {
    const report = await inspect({ omit: ['bzmodules', 'bzroot-gui.sha256'] });
    expect(report.problems.map((problem) => [problem.code, problem.path])).toEqual([['boot-file-missing', 'bzroot-gui.sha256'], ['boot-file-missing', 'bzmodules']]);
    expect(report.ok).toBe(false);
  });

  it('with config/skipbzcheck, missing ones and checksum mismatches do not stop it, as they do not stop Unraid', async () => {
    const entries = [cfg('config/skipbzcheck', ''), cfg('bzroot.sha256', `${'0'.repeat(64)}  bzroot\n`)];
    expect((await inspect({ omit: ['bzfirmware.sha256'], entries })).problems).toEqual([]);
    const deep = await inspect({ omit: ['bzfirmware.sha256'], entries }, true);
    expect(codes(deep)).toEqual([['checksum-not-checked', 'warning']]);
    expect(deep.ok).toBe(true);
  });
});

describe('the checklist', () => {
  it('before 7.3: Replace Key, for a key always bound to the flash', async () => {
    const report = await inspect({ version: '7.2.4' });
    expect(section(report, 'license')?.items).toEqual(['Pro.key']);
    expect(section(report, 'license-tpm-or-flash')).toBeUndefined();
    expect(section(report, 'no-rollback')).toBeUndefined();
  });

  it('from 7.3: says honestly that the backup cannot tell a TPM key from a flash key, and the rule against 7.2.6', async () => {
    const report = await inspect({ version: '7.3.0' });
    expect(section(report, 'license')).toBeUndefined();
    expect(section(report, 'license-tpm-or-flash')?.title).toMatch(/cannot show which.*TPM key on the same server needs nothing.*Replace Key/);
    expect(section(report, 'no-rollback')?.title).toContain('7.2.6 or earlier');
    expect(section(report, 'no-rollback')?.items).toEqual(['TPM licensing, if the key has been moved to the TPM (the backup cannot show it)']);
  });

  it('with no key file, has no licence section', async () => {
    const report = await inspect({ version: '7.3.0', omit: ['config/Pro.key'] });
    expect(report.checklist.map((entry) => entry.id)).not.toContain('license-tpm-or-flash');
    expect(section(report, 'no-rollback')).toBeUndefined();
  });

  it('names the Wi-Fi networks whose password must be entered again on other hardware', async () => {
    const wireless = '[Home Wi-Fi]\r\nAUTOJOIN="yes"\r\nPASSWORD="U2FsdGVkX1+abc"\r\nDHCP4="yes"\r\n[Guest]\r\nAUTOJOIN="no"\r\n';
    const report = await inspect({ entries: [cfg('config/wireless.cfg', wireless)] });
    expect(section(report, 'wifi')?.items).toEqual(['Home Wi-Fi']);
    expect(section(report, 'wifi')?.title).toContain('other hardware');
  });

  it('tells to keep config/machine-id on one server only, and that safe mode runs go.safemode', async () => {
    const report = await inspect({ entries: [cfg('config/machine-id', '0123456789abcdef0123456789abcdef\n'), cfg('config/go.safemode', '#!/bin/bash\n/usr/local/sbin/emhttp &\n')] });
    expect(section(report, 'machine-id')?.items).toEqual(['config/machine-id']);
    expect(section(report, 'machine-id')?.title).toContain('more than one drive');
    expect(section(report, 'safe-mode-go')?.items).toEqual(['config/go.safemode']);
  });

  it('has none of those sections for a backup without the files', async () => {
    const ids = (await inspect({})).checklist.map((entry) => entry.id);
    expect(ids).not.toContain('wifi');
    expect(ids).not.toContain('machine-id');
    expect(ids).not.toContain('safe-mode-go');
  });
});
