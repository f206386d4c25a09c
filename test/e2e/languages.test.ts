// The wizard in each of its languages, in Chromium: it starts in the browser's language, the menu
// switches it and the choice outlives a reload; every step is audited by axe-core and photographed
// in both themes under test-output/screenshots/<language>/, with long German words, French spacing
// and CJK text on the page; the engine's messages (a drive's refusal, the checklist) in the language too.
// Then, in each language but English, the screens where the engine speaks most are held to the
// catalogue test's checks (no English word inside a translated sentence, no placeholder left, no
// doubled article): a backup with a name FAT cannot hold, a zip bomb, a write that fails, a drive
// that is not an Unraid flash, a back-up's last screen with what it left out, and the copy's last screen.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../renderer/i18n/catalogues.js';
import { LANGUAGES, type Language } from '../../renderer/i18n/languages.js';
import { typeset } from '../../renderer/i18n/typography.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { runCommand } from '../disk/restore-image.js';
import { wordingProblems } from '../renderer/wording-checks.js';
import type { Page } from 'playwright-core';
import { openSession, type PageGlobals, type Session } from './session.js';

const GB = 1_000_000_000;
const MIB = 2 ** 20;

/** The catalogue's heading of a step, as the page must show it. */
function heading(language: Language, step: 'backup' | 'drive' | 'options' | 'confirm' | 'write' | 'done'): string {
  const section = CATALOGUES[language][step];
  if (typeof section !== 'object' || typeof section['heading'] !== 'string') throw new Error(`${language} has no ${step}.heading`);
  return typeset(section['heading'], language);
}

/** The first screen's heading in the language. */
function homeHeading(language: Language): string {
  const jobs = CATALOGUES[language]['jobs'] as { home?: { heading?: unknown } } | undefined;
  if (typeof jobs?.home?.heading !== 'string') throw new Error(`${language} has no jobs.home.heading`);
  return typeset(jobs.home.heading, language);
}

/** An engine message's words in the language's catalogue (engine.<code>), as the page must show them. */
function engineWords(language: Language, code: string): string {
  let node: unknown = CATALOGUES[language]['engine'];
  for (const part of code.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') throw new Error(`${language} has no engine.${code}`);
  return typeset(node, language);
}

function pageLanguage(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.lang);
}

/**
 * What is wrong with the sentences the page's main region shows now (headings, paragraphs, list
 * items, a drive's reason), `names` taken out first; the system's own words, shown apart as a
 * detail (.hint), are not held to the language.
 */
async function wordingOnPage(page: Page, language: Language, where: string, names: readonly string[]): Promise<string[]> {
  const sentences = await page.locator('main :is(h1, h2, h3, p, li, .reason):not(.hint)').allTextContents();
  return sentences.flatMap((sentence) => wordingProblems(language, sentence, names).map((problem) => `${where}: ${problem} in “${sentence}”`));
}

async function chooseZip(page: Page, zipPath: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.drop-zone button').click()]);
  await chooser.setFiles(zipPath);
}

/** The first screen in `language`, then the job at `index` of the home screen (restore, copy, back-up, install). */
async function startJob(session: Session, language: Language, index: number): Promise<void> {
  await session.page.goto(session.harness.launchUrl);
  await expectHeading(session.page, homeHeading(language));
  await session.page.locator('.job-choice').nth(index).click();
}

async function expectHeading(page: Page, text: string): Promise<void> {
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 60_000 }).toBe(text);
}

describe('the wizard in every language', () => {
  let session: Session;
  let zipPath: string;

  beforeAll(async () => {
    session = await openSession({ locale: 'de-DE' });
    zipPath = join(session.workDir, 'Tower-flash-backup-20261125-0312.zip');
    writeSampleBackup(zipPath, { topFolder: SAMPLE_TOP_FOLDER, releaseBytes: 24_000_000 });
    await session.harness.drives.add({ size: 8 * GB, description: 'SanDisk Cruzer Blade', writeSpeed: 6_000_000 });
    await session.harness.drives.add({ size: 500 * GB, description: 'Samsung SSD 870 EVO', isSystem: true });
  });
  afterAll(async () => session?.close());

  it('starts in the browser’s language', async () => {
    await expectHeading(session.page, homeHeading('de'));
    await session.page.locator('.job-choice').first().click();
    await expectHeading(session.page, heading('de', 'backup'));
    expect(await pageLanguage(session.page)).toBe('de');
  });

  for (const { code } of LANGUAGES.filter((language) => language.code !== 'en')) {
    it(`${code}: chosen in the menu, remembered, every step audited and photographed`, async () => {
      const { page } = session;
      await page.goto(session.harness.launchUrl);
      await page.getByRole('combobox').selectOption(code);
      await page.reload();
      await expectHeading(page, homeHeading(code));
      await session.screenshots('0-home');
      await page.locator('.job-choice').first().click();
      await expectHeading(page, heading(code, 'backup'));
      expect(await pageLanguage(page)).toBe(code);
      await session.screenshots('1-backup-empty');

      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.drop-zone button').click()]);
      await chooser.setFiles(zipPath);
      await page.locator('.verdict.ok').waitFor();
      await session.screenshots('1-backup-chosen');
      await page.locator('.actions button.primary').click();

      await expectHeading(page, heading(code, 'drive'));
      await page.locator('.drive.ok input[type=radio]:checked').waitFor();
      await session.screenshots('2-drive');
      await page.locator('.show-all input').check();
      // The engine's reason for refusing the system disk arrives as a code and is worded in the language.
      expect(await page.locator('.drive.refused .reason').first().textContent()).toBe(engineWords(code, 'verdict.system-drive'));
      await session.screenshots('2-drive-show-all');
      // The check is the way forward; once it has run, the same place holds Next.
      await page.locator('.actions button.primary').click();
      await page.locator('.check-results').waitFor({ timeout: 60_000 });
      await session.screenshots('2-drive-checked');
      await page.locator('.actions button.primary').click();

      await expectHeading(page, heading(code, 'options'));
      await page.locator('details.options summary').click();
      await session.screenshots('3-options-open');
      await page.locator('.actions button.primary').click();

      await expectHeading(page, heading(code, 'confirm'));
      await session.screenshots('4-confirm');
      await page.locator('.actions button.danger').click();

      await expectHeading(page, heading(code, 'write'));
      await page.locator('.progress-text').getByText(/\d+ ?%/).waitFor();
      await session.screenshots('5-write');

      await expectHeading(page, heading(code, 'done'));
      await expect.poll(() => page.locator('.checklist').textContent()).toContain(engineWords(code, 'checklist.title.flash-backup'));
      await session.screenshots('6-done');
    });
  }

  describe('the engine’s words on the screens where it speaks most', () => {
    const OLD = 'Old Cruzer Fit';
    const BLANK = 'Verbatim Store';
    const FAKE = 'Fake 16 GB stick';
    const TARGET = 'SanDisk Cruzer Blade';
    const BAD_NAME = 'config/plugins/what?.cfg';
    let zips: { badName: string; bomb: string; good: string };
    let names: string[];

    beforeAll(async () => {
      const { workDir, harness } = session;
      zips = { badName: join(workDir, 'Tower-bad-name.zip'), bomb: join(workDir, 'Tower-bomb.zip'), good: join(workDir, 'Tower-good.zip') };
      writeSampleBackup(zips.badName, { entries: [{ name: BAD_NAME, data: 'x' }] });
      // A deflated byte that claims to unpack to 3 GB: past deflate's limit, as a zip bomb declares.
      writeSampleBackup(zips.bomb, { entries: [{ name: 'config/bomb.bin', data: 'x', method: 'deflate', declared: { uncompressedSize: 3_000_000_000 } }] });
      writeSampleBackup(zips.good, { entries: [{ name: 'previous/bzimage', data: 'the release before' }] });
      const oldImage = join(workDir, 'old-flash.img');
      const written = await runCommand(['write', zips.good, '--image', oldImage, '--size', String(128 * MIB)]);
      expect(written.code, written.stderr).toBe(0);
      const old = await harness.drives.add({ size: 128 * MIB, description: OLD, holding: oldImage });
      await harness.drives.add({ size: 4 * GB, description: BLANK });
      // A counterfeit: the write's capacity probe finds it holds 64 MiB, and the write fails.
      await harness.drives.add({ size: 16 * GB, description: FAKE, realSize: 64 * MIB });
      names = [OLD, BLANK, FAKE, TARGET, BAD_NAME, 'config/bomb.bin', 'Tower', ...(old.guid === null ? [] : [old.guid]), ...Object.values(zips).map((zip) => zip.slice(workDir.length + 1))];
    }, 120_000);

    for (const { code } of LANGUAGES.filter((language) => language.code !== 'en')) {
      it(`${code}: no English inside a translated sentence`, async () => {
        const { page } = session;
        await page.goto(session.harness.launchUrl);
        await page.getByRole('combobox').selectOption(code);
        const problems: string[] = [];

        await startJob(session, code, 0);
        await chooseZip(page, zips.badName);
        await page.locator('.problems.blocking').getByText(BAD_NAME, { exact: false }).first().waitFor();
        problems.push(...(await wordingOnPage(page, code, 'a name FAT cannot hold', names)));
        await startJob(session, code, 0);
        await chooseZip(page, zips.bomb);
        await page.locator('.problems.blocking').getByText('config/bomb.bin', { exact: false }).first().waitFor();
        problems.push(...(await wordingOnPage(page, code, 'a zip bomb', names)));

        await startJob(session, code, 0);
        await chooseZip(page, zips.good);
        await page.locator('.verdict.ok').waitFor();
        await page.locator('.actions button.primary').click();
        await page.getByRole('radio', { name: new RegExp(FAKE) }).check();
        await page.locator('.actions button.link').click();
        await expectHeading(page, heading(code, 'options'));
        await page.locator('.actions button.primary').click();
        await page.locator('.actions button.danger').click();
        await page.locator('.card.failed').waitFor({ timeout: 60_000 });
        problems.push(...(await wordingOnPage(page, code, 'a failed write', names)));

        await startJob(session, code, 2);
        await page.getByRole('radio', { name: new RegExp(BLANK) }).check();
        await page.locator('.drive.chosen .badge.refused').waitFor({ timeout: 30_000 });
        problems.push(...(await wordingOnPage(page, code, 'a drive that is not an Unraid flash', names)));
        await page.getByRole('radio', { name: new RegExp(OLD) }).check();
        await page.locator('.actions button.primary').click();
        await page.locator('.card button.secondary').first().click();
        await page.locator('#backup-new-passphrase').fill('correct horse battery staple');
        await page.locator('#backup-repeat-passphrase').fill('correct horse battery staple');
        await page.locator('.actions button.primary').click();
        await page.locator('#backup-done-heading').waitFor({ timeout: 60_000 });
        await page.getByText('previous/', { exact: false }).first().waitFor();
        problems.push(...(await wordingOnPage(page, code, 'a back-up’s last screen', names)));

        await startJob(session, code, 1);
        await page.getByRole('radio', { name: new RegExp(OLD) }).check();
        await page.locator('.actions button.primary').click();
        await page.getByRole('radio', { name: new RegExp(TARGET) }).check();
        await page.locator('.actions button.link').click();
        await page.locator('.actions button.danger').click();
        await page.locator('#copy-done-heading').waitFor({ timeout: 120_000 });
        problems.push(...(await wordingOnPage(page, code, 'the copy’s last screen', names)));

        expect(problems).toEqual([]);
      }, 240_000);
    }
  });
});
