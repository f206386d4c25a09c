// The app's other two jobs in Chromium, for real: an old Unraid flash (written by our own writer
// into an image, which a harness drive holds) copied onto a new drive and backed up into a zip.
// The old flash is listed with its server, version and GUID and never offered as the target; the
// new drive passes the project's own verify against the old flash's files; the zip passes inspect;
// the old flash is left byte for byte as it was. From a failing old flash, the back-up is saved
// incomplete and says what it lacks, and the copy writes nothing. Every step audited and photographed,
// light and dark.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackup } from '../../main/backup/read-backup.js';
import { backupFlash } from '../../main/backup-maker/flash-source.js';
import { fileDestination } from '../../main/backup-maker/zip-destination.js';
import { openImageSource } from '../../main/fat/byte-source.js';
import { findFatVolume } from '../../main/fat/open-volume.js';
import { walkVolume } from '../../main/fat/walk.js';
import { expectedOnDrive, restoreContent } from '../../main/flash/restore-content.js';
import { verifyImage } from '../../main/verify/verify-image.js';
import type { DriveFacts, FlashGuid } from '../../shared/drives.js';
import { runCommand } from '../disk/restore-image.js';
import { fsckImage } from '../fixtures/image-checks.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { openSession, type PageGlobals, type Session } from './session.js';
import { formatMessage } from '../../shared/message.js';

const GB = 1_000_000_000;
const MIB = 2 ** 20;

/** A hash of the file, or of its first `bytes` (where a write starts: the wipe, the partition table). */
async function sha256Of(path: string, bytes?: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, bytes === undefined ? {} : { end: bytes - 1 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const PASSPHRASE = 'correct horse battery staple';

describe('copying and backing up an old flash in the app', () => {
  let session: Session;
  let oldFlash: DriveFacts & FlashGuid;
  let newDrive: DriveFacts & FlashGuid;
  let oldBytes: string;
  let oldImage: string;

  beforeAll(async () => {
    session = await openSession();
    const zip = join(session.workDir, 'Tower-flash-backup-20261125-0312.zip');
    writeSampleBackup(zip, {
      topFolder: SAMPLE_TOP_FOLDER,
      releaseBytes: 6_000_000,
      entries: [
        { name: 'config/shadow', data: 'root:$6$salt$hash:19000:0:99999:7:::\n' },
        { name: 'previous/bzimage', data: 'the release before' },
      ],
    });
    oldImage = join(session.workDir, 'old-flash.img');
    const image = oldImage;
    const written = await runCommand(['write', zip, '--image', image, '--size', String(256 * MIB)]);
    expect(written.code, written.stderr).toBe(0);
    const { harness } = session;
    oldFlash = await harness.drives.add({ size: 256 * MIB, description: 'Old Cruzer Fit', holding: image });
    newDrive = await harness.drives.add({ size: 8 * GB, description: 'SanDisk Ultra', writeSpeed: 20_000_000 });
    await harness.drives.add({ size: 500 * GB, description: 'Samsung SSD 870 EVO', isSystem: true });
    oldBytes = await sha256Of(oldFlash.device);
  }, 120_000);
  afterAll(async () => session?.close());

  it('copies the old flash onto a new drive, which verifies against the old flash’s files', async () => {
    const { page } = session;
    await page.getByRole('heading', { name: 'What would you like to do?' }).waitFor();
    await session.screenshots('0-home');
    await page.getByRole('button', { name: 'My flash drive still works: move to a new one' }).click();

    // The old flash: recognised by its label, shown with server, version and GUID; the blank drive is not one.
    await page.getByRole('heading', { name: 'Choose the old flash drive' }).waitFor();
    const old = page.getByRole('radio', { name: /Old Cruzer Fit/ });
    await page.getByText('Server Tower, Unraid 7.1.4').waitFor();
    expect(await page.getByRole('radio', { name: /Old Cruzer Fit/ }).getAttribute('aria-describedby')).toBeTruthy();
    expect(await page.locator('main').textContent()).toContain(oldFlash.guid);
    await page.getByRole('radio', { name: /SanDisk Ultra/ }).check();
    await page.getByText(/It lacks what an Unraid flash has: /).waitFor();
    expect(await page.getByRole('button', { name: 'Next: choose the new drive' }).isDisabled()).toBe(true);
    expect(await page.getByText('Samsung SSD 870 EVO').count()).toBe(0);
    await old.check();
    await session.screenshots('copy-1-source');
    await page.getByRole('button', { name: 'Next: choose the new drive' }).click();

    // The new drive: the old flash is not in the list, even with every drive shown.
    await page.getByRole('heading', { name: 'Choose the new flash drive' }).waitFor();
    expect(await page.getByRole('radio', { name: /Old Cruzer Fit/ }).count()).toBe(0);
    await page.getByRole('checkbox', { name: /Show all drives/ }).check();
    expect(await page.getByRole('radio', { name: /Old Cruzer Fit/ }).count()).toBe(0);
    await page.getByRole('radio', { name: /SanDisk Ultra/ }).check();
    await session.screenshots('copy-2-target');
    await page.getByRole('button', { name: 'Skip the check' }).click();

    // Confirm: both GUIDs, and what the licence needs.
    await page.getByRole('heading', { name: 'Erase the new drive and copy the old flash onto it?' }).waitFor();
    const confirmText = await page.locator('main').textContent();
    expect(confirmText).toContain(oldFlash.guid);
    expect(confirmText).toContain(newDrive.guid);
    expect(confirmText).toContain('Tools › Registration › Replace Key');
    await session.screenshots('copy-3-confirm');

    // Main refuses a copy onto the old flash itself, whatever the page asks.
    const refusal = await page.evaluate(async () => {
      const bridge = (globalThis as unknown as PageGlobals).flashCreator;
      const list = await bridge.invoke('drives:list', null);
      if (!list.ok) throw new Error(list.error.message.code);
      const source = list.value.drives.find((drive) => drive.description === 'Old Cruzer Fit')!;
      return bridge.invoke('clone:start', { sourceId: source.id, driveId: source.id });
    });
    expect(refusal).toMatchObject({ ok: false, error: { code: 'drive-refused' } });

    await page.getByRole('button', { name: 'Erase and copy' }).click();
    await page.getByRole('heading', { name: 'Writing the flash drive' }).waitFor();
    await page.getByText('Reading the old flash').first().waitFor();
    // While the copy runs, the way home waits, and says so to a screen reader.
    expect(await page.getByRole('button', { name: 'All jobs' }).isDisabled()).toBe(true);
    await session.screenshots('copy-4-write');

    await page.getByRole('heading', { name: 'The copy is ready' }).waitFor({ timeout: 120_000 });
    const doneText = await page.locator('main').textContent();
    // The first line: the stick's eject state (the harness's image drives are never ejected).
    expect(await page.locator('.step-header .intro').textContent()).toBe('Eject SanDisk Ultra before you unplug it.');
    expect(await page.getByRole('button', { name: 'All jobs' }).isEnabled()).toBe(true);
    expect(doneText).toContain(`from the old flash (GUID ${oldFlash.guid}) to the new one (GUID ${newDrive.guid})`);
    expect(doneText).toContain('Passwords, WireGuard keys, plugins and every setting travelled with the copy.');
    await session.screenshots('copy-5-done');

    // The new drive, judged without the app: the project's verify against what the old flash holds
    // (read anew into a zip, everything kept), then fsck.fat. The old flash is as it was.
    const reference = join(session.workDir, 'reference.zip');
    const source = await openImageSource(oldFlash.device);
    const made = await backupFlash(source, { destination: fileDestination(reference), withoutSecrets: false, purpose: 'clone', comment: 'reference' }).finally(() => source.close());
    expect(made.status).toBe('backed-up');
    const backup = await readBackup(reference);
    backup.archive.close();
    const content = restoreContent(backup);
    const target = await openImageSource(newDrive.device);
    const verified = await verifyImage(target, expectedOnDrive(content), { legacyBoot: content.legacyBoot }).finally(() => target.close());
    expect(verified.differences).toEqual([]);
    expect(verified.ok).toBe(true);
    expect(expectedOnDrive(content).map((item) => item.path)).toEqual(expect.arrayContaining(['config/shadow', 'previous/bzimage']));
    expect((await fsckImage(newDrive.device)).findings).toEqual([]);
    expect(await sha256Of(oldFlash.device)).toBe(oldBytes);
  }, 180_000);

  it('backs the old flash up into a zip named as Unraid names it, which inspect accepts', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'All jobs' }).click();
    await page.getByRole('button', { name: 'Back up a flash drive' }).click();
    await page.getByRole('heading', { name: 'Choose the old flash drive' }).waitFor();
    await page.getByRole('radio', { name: /Old Cruzer Fit/ }).check();
    await page.getByRole('button', { name: 'Next: where to save' }).click();

    await page.getByRole('heading', { name: 'Where to save the back-up' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Otherwise the zip holds the password hashes (config/shadow, config/smbpasswd), the WireGuard private keys and the licence key');
    expect(await page.getByRole('button', { name: 'Back up', exact: true }).isDisabled()).toBe(true);
    await session.screenshots('backup-1-save');
    await page.getByRole('button', { name: 'Choose where to save…' }).click();
    const saving = page.getByText(/^Saving to .*tower-v7\.1\.4-boot-backup-\d{8}-\d{4}\.zip$/);
    await saving.waitFor();
    const savedAs = (await saving.textContent())!.replace(/^Saving to /, '');
    await session.screenshots('backup-2-save-chosen');
    await page.getByRole('checkbox', { name: 'Leave out passwords and keys' }).check();
    await page.getByText(/The zip will not hold the password hashes/).waitFor();
    await page.getByRole('checkbox', { name: 'Leave out passwords and keys' }).uncheck();
    // Encrypted by default while the secrets are kept: the way on waits for a passphrase strong enough, typed twice.
    expect(await page.getByRole('checkbox', { name: 'Encrypt the zip with a passphrase (AES-256)' }).isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: 'Back up', exact: true }).isDisabled()).toBe(true);
    await page.getByLabel('Passphrase', { exact: true }).fill('tower2024');
    await page.getByText(/^Too easy to guess/).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('The passphrase again').fill(PASSPHRASE);
    await page.getByText(/^Strong enough/).waitFor();
    await session.screenshots('backup-2-encrypted');
    await page.getByRole('button', { name: 'Back up', exact: true }).click();

    await page.getByRole('heading', { name: 'The back-up is saved' }).waitFor({ timeout: 60_000 });
    const doneText = await page.locator('main').textContent();
    expect(doneText).toContain(`Saved as ${savedAs}`);
    expect(await page.locator('.step-header .intro').textContent()).toBe('Eject Old Cruzer Fit before you unplug it.');
    expect(doneText).toContain('previous/: ');
    expect(doneText).toContain('This zip holds the password hashes, the WireGuard private keys and the licence key');
    await session.screenshots('backup-3-done');

    // The zip on its own: encrypted, inspect accepts it with the passphrase as a backup of Tower; the old flash is as it was.
    await expect(readBackup(savedAs)).rejects.toMatchObject({ code: 'passphrase-needed' });
    const passwordFile = join(session.workDir, 'passphrase.txt');
    await writeFile(passwordFile, `${PASSPHRASE}\n`, { mode: 0o600 });
    const inspected = await runCommand(['inspect', savedAs, '--json', '--password-file', passwordFile]);
    expect(inspected.code, inspected.stderr).toBe(0);
    const zip = await readBackup(savedAs, { passphrase: PASSPHRASE });
    zip.archive.close();
    expect(zip.report.ok).toBe(true);
    expect(zip.report.serverName).toBe('Tower');
    expect(await sha256Of(oldFlash.device)).toBe(oldBytes);
  }, 120_000);

  it('from a failing old flash: the back-up is saved incomplete, naming the file it lacks, and the copy writes nothing', async () => {
    const { page, harness } = session;
    // An old flash whose config/go runs into a free cluster: a file the drive cannot give.
    const damaged = join(session.workDir, 'damaged-flash.img');
    await copyFile(oldImage, damaged);
    const bytes = await openImageSource(damaged);
    const found = await findFatVolume(bytes);
    if ('problem' in found) throw new Error(formatMessage(found.problem));
    const go = (await walkVolume(found.volume)).entries.find((entry) => entry.path === 'config/go')!;
    await bytes.close();
    const file = await open(damaged, 'r+');
    for (const copy of [0, 1]) await file.write(Buffer.alloc(4), 0, 4, found.volume.fatOffset(copy) + go.firstCluster * 4);
    await file.close();
    const failing = await harness.drives.add({ size: 256 * MIB, description: 'Worn Cruzer', holding: damaged });
    const newStart = await sha256Of(newDrive.device, 64 * MIB);

    await page.getByRole('button', { name: 'All jobs' }).click();
    await page.getByRole('button', { name: 'Back up a flash drive' }).click();
    await page.getByRole('radio', { name: /Worn Cruzer/ }).check();
    await page.getByRole('button', { name: 'Next: where to save' }).click();
    await page.getByRole('button', { name: 'Choose where to save…' }).click();
    await page.getByText(/^Saving to /).waitFor();
    await page.getByRole('checkbox', { name: 'Encrypt the zip with a passphrase (AES-256)' }).uncheck();
    await page.getByRole('button', { name: 'Back up', exact: true }).click();
    await page.getByRole('heading', { name: 'The back-up is incomplete' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('main').textContent()).toContain('config/go: its cluster chain points to a free cluster.');
    await session.screenshots('backup-4-incomplete');

    await page.getByRole('button', { name: 'All jobs' }).click();
    await page.getByRole('button', { name: 'My flash drive still works: move to a new one' }).click();
    await page.getByRole('radio', { name: /Worn Cruzer/ }).check();
    await page.getByRole('button', { name: 'Next: choose the new drive' }).click();
    await page.getByRole('radio', { name: /SanDisk Ultra/ }).check();
    await page.getByRole('button', { name: 'Skip the check' }).click();
    await page.getByRole('button', { name: 'Erase and copy' }).click();
    await page.getByRole('heading', { name: 'The copy did not finish' }).waitFor({ timeout: 60_000 });
    const text = await page.locator('main').textContent();
    expect(text).toContain('1 file of Worn Cruzer could not be read, so the copy would lack it. Nothing was written to the new drive.');
    expect(text).toContain('config/go: its cluster chain points to a free cluster.');
    await session.screenshots('copy-6-source-failing');
    expect(await sha256Of(newDrive.device, 64 * MIB)).toBe(newStart);
    // The advice says back the old flash up instead: that is the primary button, and it leads there with the old flash chosen.
    await page.locator('.actions button.primary').getByText('Back up the old flash instead').click();
    await page.getByRole('heading', { name: 'Choose the old flash drive' }).waitFor();
    expect(await page.getByRole('radio', { name: /Worn Cruzer/ }).isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: 'Next: where to save' }).isEnabled()).toBe(true);
    expect(failing.guid).not.toBe(newDrive.guid);
  }, 120_000);

  it('from the same failing flash, asked, the copy goes on without the file it cannot give, and says so before it erases', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'All jobs' }).click();
    await page.getByRole('button', { name: 'My flash drive still works: move to a new one' }).click();
    await page.getByRole('radio', { name: /Worn Cruzer/ }).check();
    await page.getByRole('button', { name: 'Next: choose the new drive' }).click();
    await page.getByRole('radio', { name: /SanDisk Ultra/ }).check();
    await page.getByRole('button', { name: 'Skip the check' }).click();
    await page.getByRole('button', { name: 'Erase and copy' }).click();
    await page.getByRole('heading', { name: 'The copy did not finish' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Copy without these files' }).click();
    await page.getByText('The copy goes on without config/go, which the old flash cannot give whole.').waitFor();
    await session.screenshots('copy-7-without-missing');
    await page.getByRole('button', { name: 'Erase and copy' }).click();
    await page.getByRole('heading', { name: 'The copy is ready' }).waitFor({ timeout: 120_000 });
    expect((await fsckImage(newDrive.device)).findings).toEqual([]);
  }, 180_000);
});

