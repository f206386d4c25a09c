// The wizard in each of its languages, in Chromium: it starts in the browser's language, the menu
// switches it and the choice outlives a reload; every step is audited by axe-core and photographed
// in both themes under test-output/screenshots/<language>/, with long German words, French spacing
// and CJK text on the page; the engine's messages (a drive's refusal, the checklist) in the language too.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../renderer/i18n/catalogues.js';
import { LANGUAGES, type Language } from '../../renderer/i18n/languages.js';
import { typeset } from '../../renderer/i18n/typography.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import type { Page } from 'playwright-core';
import { openSession, type PageGlobals, type Session } from './session.js';

const GB = 1_000_000_000;

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
});
