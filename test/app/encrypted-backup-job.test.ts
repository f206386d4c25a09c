// The app's back-up job with encryption chosen, through the service's IPC answers with real parts
// (an old flash as a harness image drive, the in-process reader): the zip it saves is WinZip
// AES-256, which 7-Zip opens with the passphrase and not without it, and holds no secret in the
// clear; our reader restores it only with the passphrase.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileLogger } from '../../main/app-core/log.js';
import { InProcessWriteRunner } from '../../main/app-core/restore-job.js';
import { FlashCreatorService } from '../../main/app-core/service.js';
import { readBackup } from '../../main/backup/read-backup.js';
import { ImageDrives } from '../../main/harness/image-drives.js';
import type { BackupOutcome } from '../../shared/flash-source.js';
import type { DriveList, EventChannel, EventOf } from '../../shared/ipc.js';
import { runCommand } from '../disk/restore-image.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';

const MIB = 2 ** 20;
const PASSPHRASE = 'correct horse battery staple';
const SECRET = '$6$salt$hash';
let work: string;
let oldImage: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'app-encrypted-backup-'));
  const zip = join(work, `${SAMPLE_TOP_FOLDER}.zip`);
  writeSampleBackup(zip, { topFolder: SAMPLE_TOP_FOLDER, entries: [{ name: 'config/shadow', data: `root:${SECRET}:19000:0:99999:7:::\n` }] });
  oldImage = join(work, 'old-flash.img');
  const written = await runCommand(['write', zip, '--image', oldImage, '--size', String(256 * MIB)]);
  expect(written.code, written.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("the app's back-up, encrypted", () => {
  it('saves a WinZip AES-256 zip that 7-Zip opens with the passphrase only, with no secret in the clear', async () => {
    const drives = new ImageDrives(join(work, 'drives'));
    const log = fileLogger(join(work, 'app.log'));
    const runner = new InProcessWriteRunner(drives, log);
    const outcomes: BackupOutcome[] = [];
    let lists: DriveList[] = [];
    const savedAt = join(work, 'tower-backup.zip');
    const service = new FlashCreatorService({
      drives, runner, prober: runner, flashReader: runner, log, progressInterval: 0,
      chooseSaveFile: async () => savedAt,
      emit: <E extends EventChannel>(channel: E, payload: EventOf<E>) => {
        if (channel === 'backup:finished') outcomes.push(payload as BackupOutcome);
        if (channel === 'drives:changed') lists = [...lists, payload as DriveList];
      },
    });
    try {
      await drives.add({ size: 256 * MIB, description: 'Old Cruzer Fit', holding: oldImage });
      await expect.poll(() => lists.at(-1)?.drives.find((drive) => drive.description === 'Old Cruzer Fit')?.flash?.state, { timeout: 30_000 }).toBe('unraid');
      const driveId = lists.at(-1)!.drives.find((drive) => drive.description === 'Old Cruzer Fit')!.id;
      const destination = await service.handle('backup:destination', { driveId });
      if (!destination.ok || destination.value === null) throw new Error(JSON.stringify(destination));
      // A weak passphrase is refused before anything is read.
      expect(await service.handle('backup:start', { driveId, destinationId: destination.value.destinationId, withoutSecrets: false, passphrase: 'tower2024' }))
        .toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      const started = await service.handle('backup:start', { driveId, destinationId: destination.value.destinationId, withoutSecrets: false, passphrase: PASSPHRASE });
      expect(started.ok, JSON.stringify(started)).toBe(true);
      await expect.poll(() => outcomes.length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(0);
      expect(outcomes[0]!.result, JSON.stringify(outcomes[0])).toBe('success');

      expect(readFileSync(savedAt).includes(SECRET)).toBe(false);
      expect(execFileSync('7zz', ['t', `-p${PASSPHRASE}`, savedAt]).toString()).toMatch(/Everything is Ok/);
      expect(spawnSync('7zz', ['t', '-pwrong horse', savedAt]).status).not.toBe(0);
      expect(execFileSync('7zz', ['x', `-p${PASSPHRASE}`, '-so', savedAt, 'config/shadow']).toString()).toContain(SECRET);
      await expect(readBackup(savedAt)).rejects.toMatchObject({ code: 'passphrase-needed' });
      const backup = await readBackup(savedAt, { passphrase: PASSPHRASE });
      backup.archive.close();
      expect(backup.report.ok).toBe(true);
    } finally {
      await service.close();
    }
  }, 180_000);
});
