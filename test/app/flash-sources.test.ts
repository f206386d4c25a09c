// The service's old flashes, with the app's privileged runner (root here, so the writer's jobs run
// in this process) on a real loop device: a drive the system lists mounted with the label UNRAID is
// read from its folder, with no rights and no writer job; another drive is read only when asked
// (flash:read); a back-up goes where the save dialog said and ends with its outcome. The drive list
// itself is stubbed: the kernel here cannot mount vfat, so no drive can be listed mounted for real.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../shared/message.js';
import { fileLogger } from '../../main/app-core/log.js';
import { PrivilegedWriteRunner } from '../../main/app-core/privileged-runner.js';
import { FlashCreatorService } from '../../main/app-core/service.js';
import type { DriveSource } from '../../main/app-core/drive-source.js';
import { readBackup } from '../../main/backup/read-backup.js';
import { describeDevice } from '../../main/drives/device.js';
import { judgeDrives } from '../../main/drives/verdict.js';
import type { DriveFacts, FlashGuid } from '../../shared/drives.js';
import type { BackupOutcome } from '../../shared/flash-source.js';
import type { DriveList, EventChannel, EventOf } from '../../shared/ipc.js';
import { runCommand } from '../disk/restore-image.js';
import { extractWithMtools } from '../fixtures/image-checks.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';

const isRoot = process.getuid?.() === 0;
let bench: DriveBench;
let mounted: string;
let loopFacts: DriveFacts & FlashGuid;

const stick = (facts: Partial<DriveFacts> & { device: string; size: number }): DriveFacts & FlashGuid => ({
  description: facts.device, busType: 'USB', isUSB: true, isRemovable: true, isSystem: false, isVirtual: false, isReadOnly: false, mountpoints: [],
  guid: null, noGuidReason: message('guid.no-serial'), ...facts,
});

describe.skipIf(!isRoot)(`old flashes in the app's drive list${isRoot ? '' : ' (skipped: needs root for losetup)'}`, () => {
  beforeAll(async () => {
    bench = await setUpDriveBench('flash-sources-');
    expect((await runCommand(['write', bench.zipPath, '--device', bench.loop.device, '--yes', '--unsafe'])).code).toBe(0);
    mounted = join(bench.work, 'media', 'UNRAID');
    await mkdir(mounted, { recursive: true });
    await extractWithMtools(bench.loop.backingFile, mounted);
    const found = await describeDevice(bench.loop.device);
    loopFacts = stick({ device: found.device, size: found.size!, description: 'Old loop flash' });
  }, 120_000);
  afterAll(async () => tearDownDriveBench(bench));

  it('reads a mounted UNRAID flash from its folder, another drive only when asked, and backs it up where the dialog said', async () => {
    const lists: DriveList[] = [];
    const backups: BackupOutcome[] = [];
    const drives: DriveSource = {
      // As a watcher does: the first list comes once the system has answered.
      watch: (backup, onChange) => {
        const listed = [stick({ device: '/dev/sdz', size: 16e9, description: 'Mounted flash', mountpoints: [mounted], volumeLabels: [{ mountpoint: mounted, label: 'UNRAID' }] }), loopFacts];
        const timer = setTimeout(() => onChange(judgeDrives(listed, backup, 'posix')), 10);
        return { stop: () => clearTimeout(timer) };
      },
    };
    const log = fileLogger(join(bench.work, 'app.log'));
    const runner = new PrivilegedWriteRunner(log, { unsafe: true });
    const service = new FlashCreatorService({
      drives, runner, prober: runner, flashReader: runner, log, progressInterval: 0,
      chooseSaveFile: async (name) => join(bench.work, name),
      emit: <E extends EventChannel>(channel: E, payload: EventOf<E>) => {
        if (channel === 'drives:changed') lists.push(payload as DriveList);
        if (channel === 'backup:finished') backups.push(payload as BackupOutcome);
      },
    });
    try {
      const row = (description: string) => lists.at(-1)?.drives.find((drive) => drive.description === description);
      await expect.poll(() => row('Mounted flash')?.flash).toEqual({ state: 'unraid', server: 'Tower', version: '7.1.4' });
      // Not read by itself: in the app that would ask for the administrator password.
      expect(row('Old loop flash')?.flash).toBeNull();
      const loopId = row('Old loop flash')!.id;
      expect(await service.handle('backup:destination', { driveId: loopId })).toMatchObject({ ok: false, error: { code: 'drive-refused' } });
      expect(await service.handle('flash:read', { driveId: loopId })).toEqual({ ok: true, value: { state: 'unraid', server: 'Tower', version: '7.1.4' } });
      expect(row('Old loop flash')?.flash).toEqual({ state: 'unraid', server: 'Tower', version: '7.1.4' });

      const destination = await service.handle('backup:destination', { driveId: loopId });
      if (!destination.ok || !destination.value) throw new Error(JSON.stringify(destination));
      expect(destination.value.path).toMatch(/\/tower-v7\.1\.4-boot-backup-\d{8}-\d{4}\.zip$/);
      const started = await service.handle('backup:start', { driveId: loopId, destinationId: destination.value.destinationId, withoutSecrets: false });
      expect(started.ok).toBe(true);
      await expect.poll(() => backups.length, { timeout: 60_000 }).toBe(1);
      expect(backups[0]).toMatchObject({ result: 'success', savedAs: destination.value.path, missing: [], withoutSecrets: false });
      const zip = await readBackup(destination.value.path);
      zip.archive.close();
      expect(zip.report.ok).toBe(true);
      // A save place serves one back-up.
      expect(await service.handle('backup:start', { driveId: loopId, destinationId: destination.value.destinationId, withoutSecrets: false })).toMatchObject({ ok: false });
    } finally {
      await service.close();
    }
  }, 120_000);
});
