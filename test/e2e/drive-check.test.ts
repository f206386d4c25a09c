// The Drive step's check in Chromium: the real probe on the harness's image drives (an honest
// one, a slow one, and a counterfeit whose offsets past 1 GiB really wrap onto its image file), the
// licence asked of a local GUID service on 127.0.0.1, each verdict photographed in both themes.
// A fake drive cannot go on, and the service refuses to write it even when asked directly.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { chooseBackup, openSession, type PageGlobals, type Session } from './session.js';

const GB = 1_000_000_000;
const GIB = 2 ** 30;

describe('checking the drive on the Drive step', () => {
  let session: Session;
  let zipPath: string;
  let guidService: Server;
  const asked: string[] = [];

  beforeAll(async () => {
    guidService = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        asked.push(body);
        if (body.includes('ABCDEF02')) response.writeHead(403, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'GUID is blacklisted' }));
        else response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((done) => guidService.listen(0, '127.0.0.1', done));
    session = await openSession({ licenceService: `http://127.0.0.1:${(guidService.address() as AddressInfo).port}/validate/guid` });
    zipPath = join(session.workDir, 'Tower-flash-backup-20261125-0312.zip');
    writeSampleBackup(zipPath, { topFolder: SAMPLE_TOP_FOLDER, releaseBytes: 4_000_000 });
  });
  afterAll(async () => {
    await session?.close();
    guidService?.closeAllConnections();
    await new Promise((done) => guidService?.close(done));
  });

  it('shows capacity, speed and licence verdicts as the rows’ badges; a blacklisted drive goes on only with a tick, a fake drive not at all', async () => {
    const { page, harness } = session;
    const rowBadge = (name: string) => page.getByRole('radio', { name: new RegExp(name) }).locator('xpath=ancestor::label').locator('.badge').textContent();
    await harness.drives.add({ size: 8 * GB, description: 'SanDisk Cruzer Blade', serial: '4C530001ABCDEF01' });
    await harness.drives.add({ size: 16 * GB, description: 'Slow Stick', serial: '4C530002ABCDEF02', writeSpeed: 3_000_000 });
    const fake = await harness.drives.add({ size: 64 * GB, description: 'Ultra Flash 64GB', serial: '4C530003ABCDEF03', realSize: GIB });
    await chooseBackup(page, zipPath);
    await page.getByRole('button', { name: 'Next: choose the drive' }).click();
    await page.getByRole('heading', { name: 'Choose the new flash drive' }).waitFor();

    // An honest drive: all real, its speed, and Lime Technology's service (here: a local one) says it can take a licence.
    await page.getByRole('radio', { name: /SanDisk Cruzer Blade/ }).check();
    const panel = page.getByRole('region', { name: /Check SanDisk Cruzer Blade/ });
    expect(await panel.textContent()).toContain('sends the drive’s GUID (and nothing else) to Lime Technology’s service at 127.0.0.1:');
    expect(await rowBadge('SanDisk Cruzer Blade')).toBe('Good choice');
    await page.getByRole('button', { name: 'Check this drive' }).click();
    const results = page.getByRole('list', { name: 'What the check found' });
    await results.waitFor();
    expect(await results.textContent()).toMatch(/Capacity checked: all 8\.0 GB are real/);
    expect(await results.textContent()).toMatch(/Speed: writes [\d.]+ [MG]B\/s and reads [\d.]+ [MG]B\/s\./);
    expect(await results.textContent()).toContain('this drive can take an Unraid licence');
    expect(asked).toEqual(['guid=0781-5581-4C53-0001ABCDEF01']);
    expect(await page.getByRole('button', { name: 'Next: options' }).isEnabled()).toBe(true);
    expect(await rowBadge('SanDisk Cruzer Blade')).toBe('Checked: full capacity');
    await session.screenshots('2-drive-check-good');

    // A slow drive whose GUID is blacklisted: the measured figure with a warning, and the reason the service gave.
    await page.getByRole('radio', { name: /Slow Stick/ }).check();
    await page.getByRole('button', { name: 'Check this drive' }).click();
    await results.waitFor();
    expect(await results.textContent()).toMatch(/Very slow drive: it writes [0-4]\.\d MB\/s/);
    expect(await results.textContent()).toContain('blacklisted: Unraid will not license this drive (GUID is blacklisted)');
    // The badge follows the check; the backup holds a licence key, so the way on waits for the owner's tick.
    expect(await rowBadge('Slow Stick')).toBe('No licence possible');
    const next = page.getByRole('button', { name: 'Next: options' });
    expect(await next.isDisabled()).toBe(true);
    expect(await page.locator('#actions-why').textContent()).toBe('This drive cannot take a licence: tick the box above to go on anyway.');
    await session.screenshots('2-drive-check-slow-blacklisted');
    const tick = page.getByRole('checkbox', { name: 'I understand: go on with this drive without a licence' });
    await tick.check();
    expect(await next.isEnabled()).toBe(true);
    expect(await page.locator('#actions-why').count()).toBe(0);
    await session.screenshots('2-drive-check-blacklisted-acknowledged');
    await next.click();
    await page.getByRole('button', { name: 'Next: check and confirm' }).click();
    await page.getByRole('heading', { name: 'Erase this drive and write the backup?' }).waitFor();
    expect(await page.locator('.check-outcome').textContent()).toContain('No licence possible');
    expect(await page.locator('.check-outcome').textContent()).toContain('Licence: blacklisted: Unraid will not license this drive (GUID is blacklisted)');
    await session.screenshots('4-confirm-blacklisted');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('heading', { name: 'Choose the new flash drive' }).waitFor();
    // Unticked, the way on closes again.
    await tick.uncheck();
    expect(await next.isDisabled()).toBe(true);

    // The counterfeit: found by its real wrap, and the wizard will not go on with it.
    await page.getByRole('radio', { name: /Ultra Flash 64GB/ }).check();
    await page.getByRole('button', { name: 'Check this drive' }).click();
    await results.waitFor();
    expect(await results.textContent()).toContain('This drive says it holds 64.0 GB but really holds about 1.1 GB: it is a counterfeit (fake-capacity) drive. Unraid would lose data on it.');
    expect(await page.getByRole('button', { name: 'Next: options' }).isDisabled()).toBe(true);
    expect(await page.locator('#actions-why').textContent()).toBe('A counterfeit drive cannot be used: choose another drive.');
    expect(await rowBadge('Ultra Flash 64GB')).toBe('Counterfeit: holds 1.1 GB');
    expect(await page.getByRole('checkbox', { name: /I understand/ }).count()).toBe(0);
    await session.screenshots('2-drive-check-fake');

    // Asked directly, main refuses to write it too.
    const driveId = await page.evaluate(async (device) => {
      const list = await (globalThis as unknown as PageGlobals).flashCreator.invoke('drives:list', null);
      return list.ok ? list.value.drives.find((drive) => drive.device === device)?.id : undefined;
    }, fake.device);
    const backupId = await page.evaluate(async (path) => {
      const opened = await (globalThis as unknown as PageGlobals).flashCreator.invoke('backup:open', { path });
      return opened.ok ? opened.value.backupId : undefined;
    }, zipPath);
    const refused = await page.evaluate(
      async ([backup, drive]) => (globalThis as unknown as PageGlobals).flashCreator.invoke('write:start', { backupId: backup!, driveId: drive!, uefi: true, confirmation: 'Ultra Flash 64GB' }),
      [backupId, driveId] as const,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'drive-refused' } });
  });

  it('sends nothing when the licence check is turned off, and remembers that', async () => {
    const { page } = session;
    asked.length = 0;
    await page.getByRole('radio', { name: /SanDisk Cruzer Blade/ }).check();
    await page.getByRole('checkbox', { name: /Also check online/ }).uncheck();
    await page.getByRole('button', { name: /Check (this drive|again)/ }).click();
    await page.getByRole('list', { name: 'What the check found' }).getByText(/not checked online \(turned off\); nothing was sent/).waitFor();
    expect(asked).toEqual([]);
    await page.reload();
    await chooseBackup(page, zipPath);
    await page.getByRole('button', { name: 'Next: choose the drive' }).click();
    await page.getByRole('radio', { name: /SanDisk Cruzer Blade/ }).check();
    expect(await page.getByRole('checkbox', { name: /Also check online/ }).isChecked()).toBe(false);
  });
});
