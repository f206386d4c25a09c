// An encrypted backup in the app, through the service's IPC answers with real parts (a zip 7-Zip
// encrypted with AES-256, image drives as the harness lists them, the in-process write runner):
// opened, it asks for its passphrase and cannot be restored; a wrong passphrase says so; the right
// one opens it, and the restore reads it with that passphrase and writes the secrets it holds.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedBackup } from '../../shared/ipc.js';
import { extractWithMtools } from '../fixtures/image-checks.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { serviceBench } from './service-bench.js';

const MIB = 2 ** 20;
const PASSPHRASE = 'correct horse battery staple';
const SECRET = '$6$salt$hash';
let work: string;
let zipPath: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'app-encrypted-'));
  const plainZip = join(work, 'plain.zip');
  writeSampleBackup(plainZip, { topFolder: SAMPLE_TOP_FOLDER, entries: [{ name: 'config/shadow', data: `root:${SECRET}:19000:0:99999:7:::\n` }] });
  const plain = join(work, 'plain');
  execFileSync('unzip', ['-q', plainZip, '-d', plain]);
  zipPath = join(work, `${SAMPLE_TOP_FOLDER}.zip`);
  execFileSync('7zz', ['a', '-tzip', '-mem=AES256', `-p${PASSPHRASE}`, zipPath, '.'], { cwd: join(plain, SAMPLE_TOP_FOLDER), stdio: 'ignore' });
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function value<T>(answer: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const codes = (opened: OpenedBackup) => opened.report.problems.map((problem) => problem.code);

describe('an encrypted backup in the app', () => {
  it('asks for the passphrase, says when one is wrong, opens with the right one and is restored with its secrets', async () => {
    const { service, drives, driveId: idOf, firstWrite } = serviceBench(work);
    try {
      const target = await drives.add({ size: 1024 * MIB, description: 'SanDisk Ultra' });
      const locked = await value(service.handle('backup:open', { path: zipPath }));
      expect(locked.report.ok).toBe(false);
      expect(codes(locked)).toEqual(['passphrase-needed']);

      const wrong = await value(service.handle('backup:unlock', { backupId: locked.backupId, passphrase: 'wrong horse' }));
      expect(codes(wrong)).toEqual(['wrong-passphrase']);
      // Requests that name no backup of this session, or no passphrase, are refused.
      expect(await service.handle('backup:unlock', { backupId: 'backup-99', passphrase: PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'unknown-backup' } });
      expect(await service.handle('backup:unlock', { backupId: locked.backupId, passphrase: '' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      expect(await service.handle('backup:unlock', { backupId: locked.backupId, passphrase: 'x'.repeat(1025) })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });

      const opened = await value(service.handle('backup:unlock', { backupId: wrong.backupId, passphrase: PASSPHRASE }));
      expect(opened.report.ok, JSON.stringify(opened.report.problems)).toBe(true);
      const driveId = await idOf('SanDisk Ultra');
      await value(service.handle('write:start', { backupId: opened.backupId, driveId, uefi: true, confirmation: 'SanDisk Ultra' }));
      const outcome = await firstWrite();
      expect(outcome.result, JSON.stringify(outcome)).toBe('success');

      const written = join(work, 'written');
      await mkdir(written);
      await extractWithMtools(target.device, written);
      expect(readFileSync(join(written, 'config', 'shadow'), 'utf8')).toContain(SECRET);
    } finally {
      await service.close();
    }
  }, 180_000);
});
