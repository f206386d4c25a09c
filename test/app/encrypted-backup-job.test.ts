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
import { readBackup } from '../../main/backup/read-backup.js';
import { oldFlashImage, serviceBench } from './service-bench.js';

const MIB = 2 ** 20;
const PASSPHRASE = 'correct horse battery staple';
const SECRET = '$6$salt$hash';
let work: string;
let oldImage: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'app-encrypted-backup-'));
  oldImage = join(work, 'old-flash.img');
  await oldFlashImage(oldImage, [{ name: 'config/shadow', data: `root:${SECRET}:19000:0:99999:7:::\n` }]);
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("the app's back-up, encrypted", () => {
  it('saves a WinZip AES-256 zip that 7-Zip opens with the passphrase only, with no secret in the clear', async () => {
    const savedAt = join(work, 'tower-backup.zip');
    const { service, drives, driveId: idOf, backups } = serviceBench(work, savedAt);
    try {
      await drives.add({ size: 256 * MIB, description: 'Old Cruzer Fit', holding: oldImage });
      const driveId = await idOf('Old Cruzer Fit', { unraid: true });
      const destination = await service.handle('backup:destination', { driveId });
      if (!destination.ok || destination.value === null) throw new Error(JSON.stringify(destination));
      // A weak passphrase is refused before anything is read.
      expect(await service.handle('backup:start', { driveId, destinationId: destination.value.destinationId, withoutSecrets: false, passphrase: 'tower2024' }))
        .toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      const started = await service.handle('backup:start', { driveId, destinationId: destination.value.destinationId, withoutSecrets: false, passphrase: PASSPHRASE });
      expect(started.ok, JSON.stringify(started)).toBe(true);
      await expect.poll(() => backups.length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(0);
      expect(backups[0]!.result, JSON.stringify(backups[0])).toBe('success');

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
