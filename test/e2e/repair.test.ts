// The repair job in Chromium, for real: a used flash written by our CLI from the bootable test
// release, its bzroot then changed byte-wise, in an image drive the harness lists; Unraid's release
// list and the release zip of the same version served on 127.0.0.1. The owner chooses the flash,
// reads what is wrong, takes the bz files from the list, chooses where the zip of the flash goes,
// types the stick's name, and the stick is rewritten: bzroot the release's own, config/ as it was,
// the same label and volume id, fsck clean, the flash as it was in the saved zip. Every step
// audited with axe and photographed, light and dark.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriveFacts } from '../../shared/drives.js';
import { changeFile } from '../fixtures/flash-damage.js';
import { blkidImage, extractWithMtools, extractWithUnzip, fsckImage, treeDifferences } from '../fixtures/image-checks.js';
import { buildRepairFixture, type RepairFixture } from '../fixtures/repair-flash.js';
import { startReleaseServer, type ReleaseServer } from '../releases/release-server.js';
import { openSession, type Session } from './session.js';

const VERSION = '7.2.1';
const ZIP_NAME = `unRAIDServer-${VERSION}-x86_64.zip`;
const STICK = 'Old Cruzer Fit';

describe('repairing a flash drive that no longer boots, in the app', () => {
  let session: Session;
  let server: ReleaseServer;
  let fixture: RepairFixture;
  let stick: DriveFacts;
  let work: string;

  beforeAll(async () => {
    server = await startReleaseServer();
    work = join('test-output', `repair-e2e-${process.pid}`);
    await mkdir(work, { recursive: true });
    fixture = await buildRepairFixture(work, VERSION);
    await changeFile(fixture.flashImage, 'bzroot');
    const zip = await readFile(fixture.releaseZip);
    server.files.set(`/dl/${ZIP_NAME}`, { body: zip, behaviour: 'good' });
    server.files.set('/feed', {
      behaviour: 'good',
      body: Buffer.from(JSON.stringify({
        os_list: [{ name: `Unraid ${VERSION}`, url: `${server.base}/dl/${ZIP_NAME}`, release_date: '2026-01-01', image_download_size: zip.length, extract_sha256: createHash('sha256').update(zip).digest('hex') }],
      })),
    });
    session = await openSession({ releases: { feed: `${server.base}/feed`, cache: join(work, 'cache') } });
    stick = await session.harness.drives.add({ size: 256 * 2 ** 20, description: STICK, holding: fixture.flashImage });
  }, 300_000);
  afterAll(async () => {
    await session?.close();
    await server?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('walks from the broken flash to the repaired stick, and the stick holds the release’s bzroot with its config/, label and volume id', async () => {
    const { page } = session;
    const idBefore = await blkidImage(stick.device);
    await page.getByRole('heading', { name: 'What would you like to do?' }).waitFor();
    await page.getByRole('button', { name: 'My flash drive no longer boots: repair it' }).click();

    await page.getByRole('heading', { name: 'Choose the old flash drive' }).waitFor();
    await page.getByRole('radio', { name: new RegExp(STICK) }).check();
    await page.getByText(`Server Tower, Unraid ${VERSION}`).waitFor({ timeout: 30_000 });
    await session.screenshots('repair-1-source');
    await page.getByRole('button', { name: 'Next: find what is wrong' }).click();

    await page.getByRole('heading', { name: `What is wrong with ${STICK}` }).waitFor();
    await page.getByText('bzroot does not match bzroot.sha256: Unraid stops at boot with a checksum error.').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('button', { name: 'Next: save and confirm' }).isDisabled()).toBe(true);
    expect(await page.locator('#actions-why').textContent()).toBe('Choose where the bz files come from, or roll back.');
    expect(await page.getByRole('checkbox', { name: 'Roll back to the previous release' }).isDisabled()).toBe(true);
    await session.screenshots('repair-2-diagnosis');
    const fromList = page.getByRole('radio', { name: 'Download it from Unraid’s release list' });
    await expect.poll(() => fromList.isEnabled(), { timeout: 30_000 }).toBe(true);
    await fromList.check();
    await session.screenshots('repair-3-choices');
    await page.getByRole('button', { name: 'Next: save and confirm' }).click();

    await page.getByRole('heading', { name: 'Save the flash, then repair it' }).waitFor();
    expect(await page.locator('main').textContent()).toContain(`bzroot replaced from Unraid ${VERSION}`);
    expect(await page.locator('#actions-why').textContent()).toBe('Choose where to save the zip of the flash first.');
    await session.screenshots('repair-4-confirm');
    await page.getByRole('button', { name: 'Choose where to save…' }).click();
    const savedLine = page.getByText(/^It will be saved to /);
    await savedLine.waitFor();
    const savedAs = (await savedLine.textContent())!.replace(/^It will be saved to /, '').replace(/\.$/, '');
    expect(savedAs).toMatch(/tower-v7\.2\.1-boot-backup-\d{8}-\d{4}-before-repair\.zip$/);
    expect(await page.getByRole('button', { name: 'Save, erase and repair' }).isDisabled()).toBe(true);
    await page.getByRole('textbox').fill(STICK);
    await session.screenshots('repair-5-confirm-ready');
    await page.getByRole('button', { name: 'Save, erase and repair' }).click();

    await page.getByRole('heading', { name: 'Writing the flash drive' }).waitFor();
    expect(await page.getByRole('button', { name: 'All jobs' }).isDisabled()).toBe(true);
    await session.screenshots('repair-6-write');

    await page.getByRole('heading', { name: 'The flash is repaired' }).waitFor({ timeout: 180_000 });
    const done = await page.locator('main').textContent();
    expect(done).toContain(`bzroot: from ${ZIP_NAME}`);
    expect(done).toContain(`It is saved in ${savedAs}.`);
    expect(done).toContain(`with the volume id ${idBefore['UUID']} as before`);
    expect(done).toContain('It is the same stick, with the same GUID: the licence key on it still fits.');
    await session.screenshots('repair-7-done');

    const after = join(session.workDir, 'repaired');
    await extractWithMtools(stick.device, after);
    expect(await readFile(join(after, 'bzroot'))).toEqual(await readFile(join(fixture.release.dir, 'bzroot')));
    expect(await treeDifferences(join(fixture.release.dir, 'config'), join(after, 'config'))).toEqual([]);
    const idAfter = await blkidImage(stick.device);
    expect([idAfter['LABEL'], idAfter['UUID']]).toEqual([idBefore['LABEL'], idBefore['UUID']]);
    expect((await fsckImage(stick.device)).findings).toEqual([]);
    const saved = join(session.workDir, 'saved-zip');
    await extractWithUnzip(savedAs, saved);
    expect(await readFile(join(saved, 'bzroot'))).not.toEqual(await readFile(join(fixture.release.dir, 'bzroot')));
    await page.getByRole('button', { name: 'Finish' }).click();
  }, 300_000);
});
