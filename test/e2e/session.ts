// One end-to-end session: the browser harness (real engine, image-file drives) on 127.0.0.1 and
// Debian's Chromium, headless, with a fresh profile, driving the built renderer. Every photographed
// state is first audited by axe-core, in each theme: any violation, colour contrast included, fails.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startHarness, type Harness } from '../../main/harness/server.js';
import type { ReleaseOptions } from '../../main/app-core/service-options.js';
import type { Bridge } from '../../shared/ipc.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = 'test-output/screenshots';
const RENDERER_DIR = 'dist/renderer';
const BRIDGE_FILE = 'dist/harness-bridge/bridge.js';

export interface Session {
  readonly harness: Harness;
  readonly page: Page;
  readonly workDir: string;
  /**
   * Audits what the page shows now with axe-core in both themes, then photographs it as
   * `<language>/<name>-light.png` and `-dark.png` (the language the page is in, from <html lang>).
   */
  screenshots(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * What code run in the page (page.evaluate) uses of the browser: the tests are compiled for Node,
 * so the page's globals are reached through this shape.
 */
export interface PageGlobals {
  readonly flashCreator: Bridge;
  readonly document: { readonly documentElement: { readonly lang: string } };
  readonly axe?: { run(options: object): Promise<{ violations: AxeViolation[] }> };
  readonly navigator: { readonly clipboard: { readText(): Promise<string> } };
  readonly DataTransfer: new () => { readonly items: { add(file: unknown): void } };
  readonly File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
}

export interface SessionOptions {
  /** The browser's language (navigator.languages); English unless given. */
  readonly locale?: string;
  /** Where the harness sends licence checks: a local server; Lime Technology's address is never asked from a test. */
  readonly licenceService?: string;
  /** Where the install job finds releases: a local feed and a cache of the test's own. */
  readonly releases?: ReleaseOptions;
}

export async function openSession(options: SessionOptions = {}): Promise<Session> {
  for (const built of [join(RENDERER_DIR, 'index.html'), BRIDGE_FILE]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before the e2e tests.`);
  }
  const workDir = await mkdtemp(join(tmpdir(), 'flash-creator-e2e-'));
  // No test may reach Lime Technology: without a local server, licence checks go to a closed port.
  const licenceService = options.licenceService ?? 'http://127.0.0.1:9/validate/guid';
  const harness = await startHarness({
    rendererDir: RENDERER_DIR, bridgeFile: BRIDGE_FILE, workDir: join(workDir, 'harness'), licenceService, ...(options.releases === undefined ? {} : { releases: options.releases }),
  });
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(join(workDir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 960, height: 800 },
      colorScheme: 'light',
      locale: options.locale ?? 'en-US',
    });
  } catch (error) {
    await harness.close();
    throw error;
  }
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.url.replace(/\/$/, '') });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(harness.launchUrl);
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    harness,
    page,
    workDir,
    async screenshots(name) {
      const language = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.lang);
      await mkdir(join(SCREENSHOTS, language), { recursive: true });
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await auditAccessibility(page, `${language}/${name}, ${colorScheme}`);
        await page.screenshot({ path: join(SCREENSHOTS, language, `${name}-${colorScheme}.png`), fullPage: true });
      }
      await page.emulateMedia({ colorScheme: 'light' });
    },
    async close() {
      await context.close();
      await harness.close();
      await rm(workDir, { recursive: true, force: true });
      // A script error or a CSP violation in the page is a failure even when every step passed.
      if (pageErrors.length > 0) throw new Error(`The page reported errors:\n${pageErrors.join('\n')}`);
    },
  };
}

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[]; readonly failureSummary?: string }[];
}

/** axe-core's own script, evaluated in the page through the DevTools protocol (the page's CSP allows no injected script tag). */
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** Runs axe-core on the whole page as it is now; throws with every violation found, where and why. */
export async function auditAccessibility(page: Page, where: string): Promise<void> {
  if (!(await page.evaluate(() => (globalThis as unknown as PageGlobals).axe !== undefined))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const { axe } = globalThis as unknown as PageGlobals;
    if (!axe) throw new Error('axe-core did not load in the page.');
    return (await axe.run({ resultTypes: ['violations'] })).violations;
  });
  if (violations.length === 0) return;
  const report = violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'no impact'}): ${violation.help}
` +
      violation.nodes.map((node) => `    ${node.target.join(' ')}: ${(node.failureSummary ?? '').replace(/\n/g, ' ')}`).join('\n'),
  );
  throw new Error(`axe-core found ${violations.length} accessibility violation(s) on ${where}:\n${report.join('\n')}`);
}

/** From the first screen into the restore wizard. */
export async function startRestore(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'My flash drive died and I have a backup' }).click();
  await page.getByRole('heading', { name: 'Choose your flash backup' }).waitFor();
}

/** Picks a zip through the Backup step's button and the browser's file chooser (from the first screen, by way of Restore). */
export async function chooseBackup(page: Page, zipPath: string): Promise<void> {
  if (await page.getByRole('button', { name: 'My flash drive died and I have a backup' }).isVisible()) await startRestore(page);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: /Choose (backup|a different) zip/ }).click()]);
  await chooser.setFiles(zipPath);
}

/** From a fresh page to the Confirm step: the backup, the named drive, the options as they are. */
export async function reachConfirm(page: Page, zipPath: string, driveName: string): Promise<void> {
  await chooseBackup(page, zipPath);
  await page.getByRole('button', { name: 'Next: choose the drive' }).click();
  await page.getByRole('radio', { name: new RegExp(driveName) }).check();
  await page.getByRole('button', { name: 'Skip the check' }).click();
  await page.getByRole('button', { name: 'Next: check and confirm' }).click();
  await page.getByRole('heading', { name: 'Erase this drive and write the backup?' }).waitFor();
}
