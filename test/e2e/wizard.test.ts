// The whole wizard in Chromium, with a real backup zip onto an image-file drive: every step seen
// (and photographed in both themes), then the written image judged on its own, by the independent
// verify and by Debian's fsck.fat and mtools.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackup } from '../../main/backup/read-backup.js';
import { expectedOnDrive, restoreContent } from '../../main/flash/restore-content.js';
import { openImageSource } from '../../main/fat/byte-source.js';
import { verifyImage } from '../../main/verify/verify-image.js';
import { fsckImage, PARTITION_OFFSET } from '../fixtures/image-checks.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { debianSyslinux } from '../fixtures/test-release/syslinux-module.js';
import type { Page } from 'playwright-core';
import { chooseBackup, openSession, startRestore, type PageGlobals, type Session } from './session.js';

const GB = 1_000_000_000;

describe('the wizard, from backup to verified drive', () => {
  let session: Session;
  let zipPath: string;

  beforeAll(async () => {
    session = await openSession();
    zipPath = join(session.workDir, 'Tower-flash-backup-20261125-0312.zip');
    // With Debian's real syslinux in the release, so the drive gets a legacy BIOS boot loader too.
    const syslinux = debianSyslinux();
    const entries = [
      { name: 'syslinux/syslinux', data: syslinux.installer, unixMode: 0o100755 },
      { name: 'syslinux/ldlinux.c32', data: syslinux.ldlinuxC32 },
      { name: 'syslinux/mbr.bin', data: syslinux.mbrBin },
    ];
    writeSampleBackup(zipPath, { topFolder: SAMPLE_TOP_FOLDER, releaseBytes: 24_000_000, entries });
  });
  afterAll(async () => session?.close());

  it('restores a backup onto the one safe drive, with a new server name, and the image verifies', async () => {
    const { page, harness } = session;
    const stick = await harness.drives.add({ size: 8 * GB, description: 'SanDisk Cruzer Blade', writeSpeed: 6_000_000 });
    await harness.drives.add({ size: 500 * GB, description: 'Samsung SSD 870 EVO', isSystem: true });
    await harness.drives.add({ size: 16 * GB, description: 'Generic Card Reader', serial: null });

    // 0. The first screen: the three jobs; Restore leads into the wizard.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('What would you like to do?');
    await startRestore(page);

    // 1. Backup
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Choose your flash backup');
    await session.screenshots('1-backup-empty');
    await chooseBackup(page, zipPath);
    const details = page.getByRole('region', { name: 'What the backup holds' });
    await details.getByText('This backup can be restored.').waitFor();
    expect(await details.textContent()).toContain('7.1.4');
    expect(await details.textContent()).toContain('Tower');
    expect(await details.textContent()).toContain('legacy BIOS, UEFI');
    await session.screenshots('1-backup-chosen');
    await page.getByRole('button', { name: 'Next: choose the drive' }).click();

    // 2. Drive: the one safe drive is chosen for the user; this computer's disk is hidden.
    await page.getByRole('heading', { name: 'Choose the new flash drive' }).waitFor();
    await expect.poll(() => page.getByRole('radio', { name: /SanDisk Cruzer Blade/ }).isChecked()).toBe(true);
    expect(await page.getByText('Samsung SSD 870 EVO').count()).toBe(0);
    expect(await page.getByRole('radio', { name: /Generic Card Reader/ }).isChecked()).toBe(false);
    await session.screenshots('2-drive');
    await page.getByRole('checkbox', { name: /Show all drives/ }).check();
    expect(await page.getByRole('radio', { name: /Samsung SSD 870 EVO/ }).isDisabled()).toBe(true);
    await session.screenshots('2-drive-show-all');
    // The check is the way forward; skipping it is a link beside, and Confirm then says "Not checked".
    expect(await page.locator('.actions button.primary').textContent()).toBe('Check this drive');
    await page.getByRole('button', { name: 'Skip the check' }).click();

    // 3. Options: folded; the server name is changed.
    await page.getByRole('heading', { name: 'Options' }).waitFor();
    await page.getByText('Keeping every setting from the backup.').waitFor();
    await session.screenshots('3-options');
    await page.getByText('Change boot or network settings').click();
    await page.getByRole('textbox', { name: 'Server name' }).fill('Tower2');
    await page.getByText('Changing: server name Tower → Tower2.').waitFor();
    await session.screenshots('3-options-open');
    await page.getByRole('button', { name: 'Next: check and confirm' }).click();

    // 4. Confirm
    await page.getByRole('heading', { name: 'Erase this drive and write the backup?' }).waitFor();
    const confirmText = await page.locator('main').textContent();
    expect(confirmText).toContain('SanDisk Cruzer Blade');
    expect(confirmText).toContain(stick.guid);
    expect(confirmText).toContain('Everything on this drive will be erased.');
    expect(await page.locator('.check-outcome').textContent()).toBe('Not checked');
    await session.screenshots('4-confirm');
    await page.getByRole('button', { name: 'Erase and write' }).click();

    // 5. Write: a USB-stick speed, so the progress can be seen.
    await page.getByRole('heading', { name: 'Writing the flash drive' }).waitFor();
    await page.getByText(/Writing the files: \d+% · .* MB\/s · /).waitFor();
    await session.screenshots('5-write');

    // 6. Done
    await page.getByRole('heading', { name: 'The new flash drive is ready' }).waitFor({ timeout: 60_000 });
    const doneText = await page.locator('main').textContent();
    expect(doneText).toContain(`The new drive’s GUID: ${stick.guid}`);
    expect(doneText).toContain('alice');
    expect(doneText).toContain('Changed as you asked: config/ident.cfg');
    expect(doneText).toContain('bootable in legacy BIOS and UEFI');
    await page.getByRole('button', { name: 'Copy this checklist' }).click();
    await page.getByText('Copied: paste it into a note').waitFor();
    const copied = await page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText());
    expect(copied).toContain(`The new drive’s GUID: ${stick.guid}`);
    await session.screenshots('6-done');

    // The image, judged without the app: the independent verify against the backup (with the one
    // file the user changed, built here from the zip's own copy), then fsck.fat and mtools.
    const backup = await readBackup(zipPath);
    backup.archive.close();
    const content = restoreContent(backup, { uefi: true });
    expect(content.bootModes).toEqual({ legacyBios: true, uefi: true });
    const original = execFileSync('unzip', ['-p', zipPath, `${SAMPLE_TOP_FOLDER}/config/ident.cfg`]);
    const renamed = Buffer.from(original.toString('utf8').replace('NAME="Tower"\r\n', 'NAME="Tower2"\r\n'));
    expect(renamed.equals(original)).toBe(false);
    const expected = expectedOnDrive(content).map((item) => (item.path === 'config/ident.cfg' ? { ...item, size: renamed.length, entry: { crc32: crc32(renamed) } } : item));
    const source = await openImageSource(stick.device);
    const verified = await verifyImage(source, expected, { legacyBoot: content.legacyBoot }).finally(() => source.close());
    expect(verified.differences).toEqual([]);
    expect(verified.ok).toBe(true);
    expect((await fsckImage(stick.device)).findings).toEqual([]);
    const onDrive = execFileSync('mtype', ['-i', `${stick.device}@@${PARTITION_OFFSET}`, '::/config/ident.cfg'], { env: { ...process.env, MTOOLS_SKIP_CHECK: '1' } });
    expect(onDrive.equals(renamed)).toBe(true);
  });

  it('goes all the way with the keyboard alone, typing the name of a drive with a warning', async () => {
    const { page } = session;
    await page.goto(session.harness.launchUrl);
    await page.getByRole('heading', { name: 'What would you like to do?' }).waitFor();
    await tabTo(page, /^My flash drive died and I have a backup$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Choose your flash backup' }).waitFor();
    expect(await focusedName(page)).toBe('Choose your flash backup');

    // Listening first gives Playwright time to catch the chooser before the key opens it.
    const chooser = page.waitForEvent('filechooser');
    await tabTo(page, /^Choose backup zip/);
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(zipPath);
    await page.getByText('This backup can be restored.').waitFor();
    await tabTo(page, /^Next: choose the drive$/);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Choose the new flash drive' }).waitFor();
    await tabTo(page, /SanDisk Cruzer Blade/);
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: /Generic Card Reader/ }).isChecked()).toBe(true);
    // No GUID, and the backup holds a licence key: the way on opens only with the owner's tick.
    await tabTo(page, /^I understand: go on with this drive without a licence$/);
    await page.keyboard.press('Space');
    await tabTo(page, /^Skip the check$/);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Options' }).waitFor();
    await tabTo(page, /^Change boot or network settings$/);
    await page.keyboard.press('Enter');
    await tabTo(page, /^Allow UEFI boot$/);
    await tabTo(page, /^Next: check and confirm$/);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Erase this drive and write the backup?' }).waitFor();
    await tabTo(page, /type its name: Generic Card Reader/);
    await page.keyboard.type('Generic Card Reader');
    await session.screenshots('4-confirm-warning');
    await tabTo(page, /^Erase and write$/);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'The new flash drive is ready' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('main').textContent()).toContain('This drive has no GUID, so the licence cannot move to it');
    await tabTo(page, /^Copy this checklist$/);
  });
});

/** The accessible name of what has the keyboard focus (its label, for a form control). */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = (globalThis as unknown as { document: { activeElement: { labels?: { textContent: string }[]; textContent: string } | null } }).document.activeElement;
    return (element?.labels?.[0]?.textContent ?? element?.textContent ?? '').trim();
  });
}

/** Presses Tab until the focus is on the control named `name`; fails if it is not reachable. */
async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let presses = 0; presses < 25; presses++) {
    if (name.test(await focusedName(page))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${name} cannot be reached with the Tab key; the focus ends on “${await focusedName(page)}”.`);
}
