// The wizard at the app's real window (900 × 760) and its narrowest (640 × 760), in English,
// German and Japanese: on every step of a whole restore, copy and back-up the way forward (the
// action bar's last button) is on screen without scrolling, and nothing is wider than the window.
// The Drive step is seen before and after its check, the Options step open. Each state is audited by axe-core and
// photographed in both themes, as every e2e screenshot is.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../renderer/i18n/catalogues.js';
import type { Language } from '../../renderer/i18n/languages.js';
import { runCommand } from '../disk/restore-image.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { openSession, type Session } from './session.js';

const GB = 1_000_000_000;
const MIB = 2 ** 20;
const SIZES = [
  { width: 640, height: 760 },
  { width: 900, height: 760 },
] as const;
const LANGUAGES: readonly Language[] = ['en', 'de', 'ja'];

/** The catalogue's heading of a step, as the page must show it. */
function heading(language: Language, step: 'backup' | 'drive' | 'options' | 'confirm' | 'write' | 'done'): string {
  const section = CATALOGUES[language][step];
  if (typeof section !== 'object' || typeof section['heading'] !== 'string') throw new Error(`${language} has no ${step}.heading`);
  return section['heading'];
}

async function expectHeading(page: Page, text: string): Promise<void> {
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 60_000 }).toBe(text);
}

/**
 * From the top of the page, without scrolling: the way forward (the action bar's last button, or
 * the given control) lies wholly inside the window, and the page is no wider than the window.
 */
async function expectFits(page: Page, where: string, primary = page.locator('.actions button:not(.link)').last()): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  const window = page.viewportSize()!;
  const box = await primary.boundingBox();
  expect(box, `${where}: no way forward on screen`).not.toBeNull();
  const inside = box!.x >= 0 && box!.y >= 0 && box!.x + box!.width <= window.width && box!.y + box!.height <= window.height;
  expect(inside, `${where}: the way forward at ${JSON.stringify(box)} is outside ${window.width} × ${window.height}`).toBe(true);
  const widest = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
  expect(widest, `${where}: the page is wider than the window`).toBeLessThanOrEqual(window.width);
}

describe('the wizard at the real window and the narrowest', () => {
  let session: Session;
  let zipPath: string;

  beforeAll(async () => {
    session = await openSession();
    zipPath = join(session.workDir, 'Tower-flash-backup-20261125-0312.zip');
    writeSampleBackup(zipPath, { topFolder: SAMPLE_TOP_FOLDER, releaseBytes: 4_000_000 });
    const { drives } = session.harness;
    await drives.add({ size: 8 * GB, description: 'SanDisk Cruzer Blade', writeSpeed: 4_000_000, mountpoints: ['/media/owner/PHOTOS'], volumeLabels: [{ mountpoint: '/media/owner/PHOTOS', label: 'PHOTOS' }] });
    await drives.add({ size: 32 * GB, description: 'Kingston DataTraveler Exodia', writeSpeed: 4_000_000 });
    await drives.add({ size: 500 * GB, description: 'Samsung SSD 870 EVO', isSystem: true });
    // An old Unraid flash, for the copy and the back-up.
    const image = join(session.workDir, 'old-flash.img');
    const written = await runCommand(['write', zipPath, '--image', image, '--size', String(256 * MIB)]);
    expect(written.code, written.stderr).toBe(0);
    await drives.add({ size: 256 * MIB, description: 'Old Cruzer Fit', holding: image });
  }, 120_000);
  afterAll(async () => session?.close());

  for (const language of LANGUAGES) {
    for (const size of SIZES) {
      it(`${language} at ${size.width} × ${size.height}: every step’s way forward is on screen, nothing overflows`, async () => {
        const { page } = session;
        const shot = (name: string) => session.screenshots(`layout-${size.width}-${name}`);
        await page.setViewportSize(size);
        await page.goto(session.harness.launchUrl);
        await page.getByRole('combobox').selectOption(language);
        await page.reload();
        await page.locator('.job-choice').first().waitFor();
        await expectFits(page, 'home', page.locator('.job-choice').last());
        await shot('0-home');
        await page.locator('.job-choice').first().click();

        await expectHeading(page, heading(language, 'backup'));
        const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.drop-zone button').click()]);
        await chooser.setFiles(zipPath);
        await page.locator('.verdict.ok').waitFor();
        await expectFits(page, 'backup');
        await shot('1-backup-chosen');
        await page.locator('.actions button.primary').click();

        await expectHeading(page, heading(language, 'drive'));
        await page.locator('.drive input[type=radio]').first().check();
        await expectFits(page, 'drive, before the check');
        await shot('2-drive');
        await page.locator('.actions button.primary').click();
        await page.locator('.check-results').waitFor({ timeout: 60_000 });
        await expectFits(page, 'drive, after the check');
        await shot('2-drive-checked');
        await page.locator('.actions button.primary').click();

        await expectHeading(page, heading(language, 'options'));
        await page.locator('details.options summary').click();
        await expectFits(page, 'options, open');
        await shot('3-options-open');
        await page.locator('.actions button.primary').click();

        await expectHeading(page, heading(language, 'confirm'));
        await expectFits(page, 'confirm', page.locator('.actions button.danger'));
        expect(await page.locator('.big-warning').textContent()).toContain('/media/owner/PHOTOS');
        await shot('4-confirm');
        await page.locator('.actions button.danger').click();

        await expectHeading(page, heading(language, 'write'));
        await expectFits(page, 'write');
        await expectHeading(page, heading(language, 'done'));
        await page.locator('.checklist').waitFor();
        await expectFits(page, 'done', page.locator('.actions button.primary'));
        // The first line under the heading is the stick's eject state.
        expect(await page.locator('.step-header .intro .eject-state').count()).toBe(1);
        await shot('6-done');
      }, 180_000);

      it(`${language} at ${size.width} × ${size.height}: the copy’s and the back-up’s steps too`, async () => {
        const { page } = session;
        const shot = (name: string) => session.screenshots(`layout-${size.width}-${name}`);
        await page.setViewportSize(size);
        await page.goto(session.harness.launchUrl);
        await page.locator('.job-choice').nth(1).click();
        await page.getByRole('radio', { name: /Old Cruzer Fit/ }).check();
        await expectFits(page, 'copy: old flash');
        await shot('copy-1-source');
        await page.locator('.actions button.primary').click();
        await page.getByRole('radio', { name: /SanDisk Cruzer Blade/ }).check();
        await page.locator('.actions button.primary').click();
        await page.locator('.check-results').waitFor({ timeout: 60_000 });
        await expectFits(page, 'copy: new drive, after the check');
        await page.locator('.actions button.primary').click();
        await expectFits(page, 'copy: confirm', page.locator('.actions button.danger'));
        await shot('copy-3-confirm');
        await page.locator('.actions button.danger').click();
        await page.locator('.eject-state').waitFor({ timeout: 120_000 });
        await expectFits(page, 'copy: done');
        await shot('copy-5-done');

        await page.locator('.app-bar button.home').click();
        await page.locator('.job-choice').nth(2).click();
        await page.getByRole('radio', { name: /Old Cruzer Fit/ }).check();
        await page.locator('.actions button.primary').click();
        await page.locator('.card button.secondary').first().click();
        // Encrypted by default while the secrets are kept: the passphrase, twice.
        await page.locator('#backup-new-passphrase').fill('correct horse battery staple');
        await page.locator('#backup-repeat-passphrase').fill('correct horse battery staple');
        await expect.poll(() => page.locator('.actions button.primary').isEnabled()).toBe(true);
        await expectFits(page, 'back-up: where to save');
        await shot('backup-2-save-chosen');
        await page.locator('.actions button.primary').click();
        await page.locator('.eject-state').waitFor({ timeout: 120_000 });
        await expectFits(page, 'back-up: done');
        await shot('backup-3-done');
      }, 240_000);
    }
  }
});
