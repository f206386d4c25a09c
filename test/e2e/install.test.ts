// The install job in Chromium, for real: a local feed and the bootable test release as Unraid's
// release zip on 127.0.0.1, served by this test; the harness downloads it into its own cache and
// writes it to an image drive with the first settings, verified; the checklist names the server.
// A release zip dropped on the first screen opens the install; the release and settings steps are
// audited and photographed in every language. Every step audited with axe and photographed, light
// and dark.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../renderer/i18n/languages.js';
import type { DriveFacts } from '../../shared/drives.js';
import { extractWithMtools } from '../fixtures/image-checks.js';
import { buildTestRelease, zipTestRelease } from '../fixtures/test-release.js';
import { startReleaseServer, type ReleaseServer } from '../releases/release-server.js';
import { openSession, type PageGlobals, type Session } from './session.js';

const GB = 1_000_000_000;
const VERSION = '7.2.1';
const ZIP_NAME = `unRAIDServer-${VERSION}-x86_64.zip`;

describe('installing Unraid on a new drive in the app', () => {
  let session: Session;
  let server: ReleaseServer;
  let zipPath: string;
  let newDrive: DriveFacts;
  let work: string;

  beforeAll(async () => {
    server = await startReleaseServer();
    // The session's work folder does not exist yet: the release is built beside the server's files.
    work = join('test-output', `install-e2e-${process.pid}`);
    await mkdir(work, { recursive: true });
    zipPath = join(work, ZIP_NAME);
    await zipTestRelease(await buildTestRelease(join(work, 'release'), { version: VERSION, config: 'release' }), zipPath);
    const zip = await readFile(zipPath);
    server.files.set(`/dl/${ZIP_NAME}`, { body: zip, behaviour: 'good' });
    server.files.set('/feed', {
      behaviour: 'good',
      body: Buffer.from(JSON.stringify({
        imager: { latest_version: '1.0.0' },
        os_list: [
          {
            name: `Unraid ${VERSION}`, url: `${server.base}/dl/${ZIP_NAME}`, release_date: '2026-01-01', website: 'https://docs.unraid.net/unraid-os/release-notes/7.2.1/',
            image_download_size: zip.length, extract_size: 400 * 2 ** 20, extract_sha256: createHash('sha256').update(zip).digest('hex'),
          },
          { name: 'Unraid Next', subitems: [{ name: 'Unraid 7.3.0-rc.1', url: `${server.base}/dl/unRAIDServer-7.3.0-rc.1-x86_64.zip`, release_date: '2026-02-01' }] },
        ],
      })),
    });
    session = await openSession({ releases: { feed: `${server.base}/feed`, cache: join(work, 'cache') } });
    newDrive = await session.harness.drives.add({ size: 8 * GB, description: 'SanDisk Ultra', writeSpeed: 40_000_000 });
  }, 300_000);
  afterAll(async () => {
    await session?.close();
    await server?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('walks from the release list to the new server’s checklist, and the drive holds the settings', async () => {
    const { page } = session;
    await page.getByRole('heading', { name: 'What would you like to do?' }).waitFor();
    await session.screenshots('install-0-home');
    await page.getByRole('button', { name: 'Install Unraid on a new drive' }).click();

    await page.getByRole('heading', { name: 'Choose the Unraid release' }).waitFor();
    await page.getByRole('radio', { name: /Unraid 7\.2\.1/ }).waitFor();
    expect(await page.getByText('Test version', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Release notes for Unraid 7.2.1' }).getAttribute('href')).toBe('https://docs.unraid.net/unraid-os/release-notes/7.2.1/');
    expect(await page.getByRole('button', { name: 'Next: drive' }).isDisabled()).toBe(true);
    await page.getByRole('radio', { name: /Unraid 7\.2\.1/ }).check();
    await session.screenshots('install-1-release');
    await page.getByRole('button', { name: 'Next: drive' }).click();

    await page.getByRole('radio', { name: /SanDisk Ultra/ }).check();
    await session.screenshots('install-2-drive');
    await page.getByRole('button', { name: 'Skip the check' }).click();

    await page.getByRole('heading', { name: 'Settings for the new server' }).waitFor();
    await page.getByLabel('Server name').fill('NAS1');
    await page.getByRole('radio', { name: /fixed/i }).check();
    await page.getByLabel('IP address').fill('192.168.1.50');
    await page.getByLabel('Netmask').fill('255.255.255.0');
    await page.getByLabel('Gateway').fill('192.168.1.1');
    await page.getByRole('checkbox', { name: 'Join a Wi-Fi network' }).check();
    await page.getByLabel('Network name (SSID)').fill('Home Net');
    await page.getByLabel('Wi-Fi password').fill('short');
    await page.getByLabel('Country (two letters, such as DE)').fill('de');
    expect(await page.getByRole('button', { name: 'Next: check and confirm' }).isDisabled()).toBe(true);
    await page.getByLabel('Wi-Fi password').fill('correct horse');
    await page.getByText('The password is written to the drive in plain text (config/wireless.cfg); the server encrypts it when it first starts.').waitFor();
    await session.screenshots('install-3-settings');
    await page.getByRole('button', { name: 'Next: check and confirm' }).click();

    await page.getByRole('heading', { name: 'Install Unraid?' }).waitFor();
    await session.screenshots('install-4-confirm');
    await page.getByRole('button', { name: 'Install', exact: true }).click();

    await page.getByRole('heading', { name: 'Writing the flash drive' }).waitFor();
    await page.getByText('Downloading the release').first().waitFor();
    await session.screenshots('install-5-progress');

    await page.getByRole('heading', { name: 'Unraid is installed' }).waitFor({ timeout: 180_000 });
    const done = await page.locator('main').textContent();
    expect(done).toContain('http://nas1.local');
    expect(done).toContain('http://192.168.1.50');
    await session.screenshots('install-6-done');

    const into = join(session.workDir, 'installed');
    await extractWithMtools(newDrive.device, into);
    expect(await readFile(join(into, 'config', 'ident.cfg'), 'utf8')).toContain('NAME="NAS1"');
    expect(await readFile(join(into, 'config', 'network.cfg'), 'utf8')).toContain('IPADDR="192.168.1.50"');
    expect(await readFile(join(into, 'config', 'wireless.cfg'), 'utf8')).toContain('PASSWORD="correct horse"');
    await page.getByRole('button', { name: 'Finish' }).click();
  }, 300_000);

  it('opens a release zip dropped on the first screen in the install', async () => {
    const { page } = session;
    await backHome(session);
    const base64 = (await readFile(zipPath)).toString('base64');
    const dataTransfer = await page.evaluateHandle(({ name, bytes }) => {
      const browser = globalThis as unknown as PageGlobals;
      const transfer = new browser.DataTransfer();
      transfer.items.add(new browser.File([Uint8Array.from(atob(bytes), (char) => char.charCodeAt(0))], name, { type: 'application/zip' }));
      return transfer;
    }, { name: ZIP_NAME, bytes: base64 });
    await page.dispatchEvent('section.step', 'drop', { dataTransfer });
    await page.getByRole('heading', { name: 'Choose the Unraid release' }).waitFor();
    await page.getByText(`Installing from ${ZIP_NAME} (Unraid ${VERSION}).`).waitFor();
    expect(await page.getByRole('button', { name: 'Next: drive' }).isEnabled()).toBe(true);
    await session.screenshots('install-0-dropped');
    await page.getByRole('button', { name: 'All jobs' }).click();
  }, 120_000);

  it('shows the release and settings steps in every language, audited', async () => {
    const { page } = session;
    await backHome(session);
    for (const { code } of LANGUAGES) {
      await page.getByRole('combobox').selectOption(code);
      await page.locator('.job-choice').nth(3).click();
      await page.locator('#release-heading').waitFor();
      await page.locator('input[name="release"]').first().check();
      await session.screenshots('install-1-release');
      await page.locator('.actions button.primary').click();
      await page.getByRole('radio', { name: /SanDisk Ultra/ }).check();
      await page.locator('.actions button.link').click();
      await page.locator('#settings-heading').waitFor();
      await page.locator('.check input[type="checkbox"]').first().check();
      await session.screenshots('install-3-settings');
      await page.locator('button.link.home').click();
    }
    await page.getByRole('combobox').selectOption('en');
  }, 600_000);
});

/** The first screen, from wherever an earlier test stopped. */
async function backHome({ page }: Session): Promise<void> {
  const home = page.locator('button.link.home');
  if (await home.count()) await home.click();
  await page.locator('#home-heading').waitFor();
}
