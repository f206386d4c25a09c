// The app's service with real parts, as the app-level tests drive it: image drives as the harness
// lists them, the in-process reader and write runner, and the events it sends kept for the test.
// Also an old Unraid flash image to put in a drive, written from a sample backup by our own CLI.
import { join } from 'node:path';
import { expect } from 'vitest';
import { fileLogger } from '../../main/app-core/log.js';
import { InProcessWriteRunner } from '../../main/app-core/restore-job.js';
import { FlashCreatorService } from '../../main/app-core/service.js';
import { ImageDrives } from '../../main/harness/image-drives.js';
import type { BackupOutcome } from '../../shared/flash-source.js';
import type { DriveList, EventChannel, EventOf, WriteOutcome } from '../../shared/ipc.js';
import { runCommand } from '../disk/restore-image.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup, type SampleBackupOptions } from '../fixtures/sample-backup.js';

const MIB = 2 ** 20;

export interface ServiceBench {
  readonly service: FlashCreatorService;
  readonly drives: ImageDrives;
  readonly writes: WriteOutcome[];
  readonly backups: BackupOutcome[];
  /** The id of the drive so described in the latest list, once it is listed (and read as an Unraid flash, when asked). */
  driveId(description: string, options?: { unraid?: boolean }): Promise<string>;
  /** The first write's end, once it came. */
  firstWrite(): Promise<WriteOutcome>;
}

/** A service over image drives in `folder`; the save dialog answers `savePath` (or cancels). */
export function serviceBench(folder: string, savePath: string | null = null): ServiceBench {
  const drives = new ImageDrives(join(folder, 'drives'));
  const log = fileLogger(join(folder, 'app.log'));
  const runner = new InProcessWriteRunner(drives, log);
  const writes: WriteOutcome[] = [];
  const backups: BackupOutcome[] = [];
  let lists: DriveList[] = [];
  const service = new FlashCreatorService({
    drives, runner, prober: runner, flashReader: runner, log, progressInterval: 0,
    chooseSaveFile: async () => savePath,
    emit: <E extends EventChannel>(channel: E, payload: EventOf<E>) => {
      if (channel === 'write:finished') writes.push(payload as WriteOutcome);
      if (channel === 'backup:finished') backups.push(payload as BackupOutcome);
      if (channel === 'drives:changed') lists = [...lists, payload as DriveList];
    },
  });
  const row = (description: string) => lists.at(-1)?.drives.find((drive) => drive.description === description);
  return {
    service, drives, writes, backups,
    driveId: async (description, { unraid = false } = {}) => {
      // The harness's reader reads every listed drive as it appears.
      await expect.poll(() => (unraid ? row(description)?.flash?.state === 'unraid' : row(description) !== undefined), { timeout: 30_000 }).toBe(true);
      return row(description)!.id;
    },
    firstWrite: async () => {
      await expect.poll(() => writes.length, { timeout: 120_000, interval: 100 }).toBeGreaterThan(0);
      return writes[0]!;
    },
  };
}

/** An old Unraid flash of 256 MiB at `imagePath`, written from a sample backup holding `entries`. */
export async function oldFlashImage(imagePath: string, entries: SampleBackupOptions['entries']): Promise<void> {
  const zip = `${imagePath}.zip`;
  writeSampleBackup(zip, { topFolder: SAMPLE_TOP_FOLDER, releaseBytes: 6_000_000, entries });
  const written = await runCommand(['write', zip, '--image', imagePath, '--size', String(256 * MIB)]);
  expect(written.code, written.stderr).toBe(0);
}
