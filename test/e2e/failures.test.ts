// Each way the wizard can end short of a new drive, in Chromium against the real engine: a broken
// zip, only drives that must not be written, a drive that fails mid-write, and a cancel.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DriveList, IpcResult } from '../../shared/ipc.js';
import { writeSampleBackup } from '../fixtures/sample-backup.js';
import { chooseBackup, openSession, reachConfirm, startRestore, type PageGlobals, type Session } from './session.js';

const GB = 1_000_000_000;
const isRoot = process.getuid?.() === 0;

let session: Session;
beforeEach(async () => {
  session = await openSession();
});
afterEach(async () => session?.close());

function sampleZip(name: string, releaseBytes = 1 << 20): string {
  const path = join(session.workDir, name);
  writeSampleBackup(path, { releaseBytes });
  return path;
}

/** The first sector's 55 AA: whether the image holds a partition table. */
async function hasPartitionTable(image: string): Promise<boolean> {
  const file = await open(image, 'r');
  const sector = Buffer.alloc(512);
  await file.read(sector, 0, 512, 0).finally(() => file.close());
  return sector[510] === 0x55 && sector[511] === 0xaa;
}

describe('failure paths', () => {
  it('a damaged zip, dropped on the window, stops at the Backup step with the reason', async () => {
    const { page } = session;
    await startRestore(page);
    const zipPath = sampleZip('Tower-flash-backup-cut.zip');
    truncateSync(zipPath, 600_000);
    const bytes = readFileSync(zipPath).toString('base64');
    const dataTransfer = await page.evaluateHandle(({ name, base64 }) => {
      const browser = globalThis as unknown as PageGlobals;
      const transfer = new browser.DataTransfer();
      transfer.items.add(new browser.File([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], name, { type: 'application/zip' }));
      return transfer;
    }, { name: basename(zipPath), base64: bytes });
    await page.dispatchEvent('section.step', 'drop', { dataTransfer });

    await page.getByRole('heading', { name: 'This backup cannot be restored' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Tower-flash-backup-cut.zip is cut short: the zip file ends too early. Download or copy the backup again.');
    expect(await page.getByRole('button', { name: 'Next: choose the drive' }).count()).toBe(0);
    await session.screenshots('1-backup-blocked');
  });

  it('never offers a refused drive, and the bridge cannot make main write to one', async () => {
    const { page, harness } = session;
    const system = await harness.drives.add({ size: 500 * GB, description: 'Samsung SSD 870 EVO', isSystem: true });
    await harness.drives.add({ size: 32_000_000, description: 'Old 32 MB stick' });
    await harness.drives.add({ size: 16 * GB, description: 'Locked stick', isReadOnly: true });
    await chooseBackup(page, sampleZip('Tower-flash-backup.zip'));
    await page.getByRole('button', { name: 'Next: choose the drive' }).click();

    await page.getByText('No usable drive is plugged in.').waitFor();
    expect(await page.getByRole('button', { name: 'Next: options' }).isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: /Show all drives/ }).check();
    for (const name of ['Samsung SSD 870 EVO', 'Old 32 MB stick', 'Locked stick']) {
      expect(await page.getByRole('radio', { name: new RegExp(name) }).isDisabled()).toBe(true);
    }
    const text = await page.locator('main').textContent();
    expect(text).toContain("It is one of this computer's own disks");
    expect(text).toContain('but this backup needs');
    expect(text).toContain('It is read-only');
    await session.screenshots('2-drive-none-usable');

    // The page's own bridge, as a compromised renderer would use it: refused by id, refused by path.
    const answers = await page.evaluate(async (device) => {
      const bridge = (globalThis as unknown as PageGlobals).flashCreator;
      const list = await bridge.invoke('drives:list', null);
      const drives = list.ok ? list.value.drives : [];
      const systemId = drives.find((drive) => drive.device === device)?.id ?? '';
      return [
        await bridge.invoke('write:start', { backupId: 'backup-1', driveId: systemId, uefi: true }),
        await bridge.invoke('write:start', { backupId: 'backup-1', driveId: systemId, uefi: true, device } as never),
        await bridge.invoke('write:start', { backupId: 'backup-1', driveId: 'drive-999', uefi: true }),
      ];
    }, system.device);
    expect(answers.map((answer: IpcResult<unknown>) => (answer.ok ? 'ok' : answer.error.code))).toEqual(['drive-refused', 'invalid-request', 'unknown-drive']);
    expect((await stat(system.device)).blocks).toBe(0);

    // A good stick plugged in now appears by itself and, being the only safe one, is chosen.
    await harness.drives.add({ size: 8 * GB, description: 'Kingston DataTraveler' });
    await expect.poll(() => page.getByRole('radio', { name: /Kingston DataTraveler/ }).isChecked(), { timeout: 5_000 }).toBe(true);
    expect(await page.getByRole('button', { name: 'Check this drive' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Skip the check' }).isEnabled()).toBe(true);
  });

  it.skipIf(!isRoot)('a drive that fills up mid-write ends in a failure that says what happened and what to try', async () => {
    const { page, harness } = session;
    const small = join(session.workDir, 'small-filesystem');
    mkdirSync(small);
    // Room for what the capacity probe writes (its 8 MiB run and a few blocks), which passes, but
    // not for the backup beyond it: the write runs out of room.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', small]);
    try {
      const drive = await harness.drives.add({ size: 8 * GB, description: 'Fake 8 GB stick', directory: small });
      await reachConfirm(page, sampleZip('Tower-flash-backup.zip', 40_000_000), 'Fake 8 GB stick');
      await page.getByRole('button', { name: 'Erase and write' }).click();

      await page.getByRole('heading', { name: 'The drive was not written' }).waitFor({ timeout: 60_000 });
      const text = await page.locator('main').textContent();
      expect(text).toContain('It went wrong while: writing the files.');
      expect(text).toContain('The drive ran out of room before its listed size. The drive now has no partition table');
      expect(text).toContain('Details: Failed while writing files and filesystem to the image file');
      expect(text).toContain('no space left on device');
      expect(text).toContain('It may be a fake that reports more than it holds.');
      await page.getByRole('button', { name: 'Open the log file' }).click();
      await page.getByText(`The log file is at ${harness.log.path}`).waitFor();
      await session.screenshots('6-done-failed');
      expect(await hasPartitionTable(drive.device)).toBe(false);
      await harness.log.flushed();
      expect(readFileSync(harness.log.path, 'utf8')).toContain('ENOSPC');
    } finally {
      await harness.drives.remove(join(small, 'drive-1.img'));
      execFileSync('umount', [small]);
    }
  });

  it('cancelling asks first, stops the write and leaves the drive without a partition table', async () => {
    const { page, harness } = session;
    const drive = await harness.drives.add({ size: 8 * GB, description: 'Slow USB 2 stick', writeSpeed: 1_000_000 });
    await reachConfirm(page, sampleZip('Tower-flash-backup.zip', 24_000_000), 'Slow USB 2 stick');
    await page.getByRole('button', { name: 'Erase and write' }).click();
    await page.getByText(/Writing the files: \d+%/).waitFor();

    await page.getByRole('button', { name: 'Cancel…' }).click();
    const question = page.getByRole('alertdialog', { name: 'Stop writing?' });
    await question.waitFor();
    await session.screenshots('5-write-cancel');
    await question.getByRole('button', { name: 'Keep writing' }).click();
    expect(await question.count()).toBe(0);
    await page.getByRole('button', { name: 'Cancel…' }).click();
    await page.getByRole('button', { name: 'Stop writing' }).click();

    await page.getByRole('heading', { name: 'Writing was stopped' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('main').textContent()).toContain('The drive now has no partition table');
    await session.screenshots('6-done-cancelled');
    expect(await hasPartitionTable(drive.device)).toBe(false);

    // The drive list still answers, and the same drive can be tried again.
    const list = await page.evaluate(() => (globalThis as unknown as PageGlobals).flashCreator.invoke('drives:list', null));
    expect((list as IpcResult<DriveList>).ok).toBe(true);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Erase this drive and write the backup?' }).waitFor();
  });
});
