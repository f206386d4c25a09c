// Real data for the component tests, made the way the app makes it: reports from real zips read by
// the same service code main runs, and drive rows judged by the same verdict rules.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BackupShelf } from '../../main/app-core/backup-shelf.js';
import { DriveRegistry } from '../../main/app-core/drive-registry.js';
import { flashGuid } from '../../main/drives/guid.js';
import { judgeDrives } from '../../main/drives/verdict.js';
import type { DriveFacts } from '../../shared/drives.js';
import type { ListedFlash } from '../../shared/flash-source.js';
import type { DriveList, OpenedBackup } from '../../shared/ipc.js';
import { writeSampleBackup, type SampleBackupOptions } from '../fixtures/sample-backup.js';
import { buildZip, type ZipEntrySpec } from '../fixtures/zip-builder.js';
import { usbStickFacts } from '../fixtures/drives/usb-stick.js';
import { tempFolder } from '../fixtures/temp-folder.js';

const folder = tempFolder('renderer-test-');
const shelf = new BackupShelf();
let count = 0;

export async function sampleBackup(options: SampleBackupOptions = {}, name = 'Tower-flash-backup-20261125-0312.zip'): Promise<OpenedBackup> {
  const path = freshPath(name);
  writeSampleBackup(path, options);
  return (await shelf.open(path)).opened;
}

export async function zipBackup(entries: ZipEntrySpec[], name = 'odd.zip'): Promise<OpenedBackup> {
  const path = freshPath(name);
  writeFileSync(path, buildZip(entries));
  return (await shelf.open(path)).opened;
}

/** A backup encrypted by 7-Zip (AES-256), opened as the app opens it: without a passphrase, or with the one given. */
export async function encryptedBackup(passphrase: string, typed?: string): Promise<OpenedBackup> {
  const path = freshPath('Tower-flash-backup-encrypted.zip');
  const plain = join(dirname(path), 'plain');
  writeSampleBackup(join(dirname(path), 'plain.zip'), {});
  execFileSync('unzip', ['-q', join(dirname(path), 'plain.zip'), '-d', plain]);
  execFileSync('7zz', ['a', '-tzip', '-mem=AES256', `-p${passphrase}`, path, '.'], { cwd: plain, stdio: 'ignore' });
  return (await shelf.open(path, typed)).opened;
}

/** The zip keeps its own name (the report shows it), in a folder of its own. */
function freshPath(name: string): string {
  const path = join(folder, String(count++), name);
  mkdirSync(dirname(path));
  return path;
}

export interface TestDrive extends Partial<DriveFacts> {
  readonly description: string;
  /** The USB serial; null for none (no GUID). */
  readonly serial?: string | null;
}

/** Drive rows as main would send them: facts, GUID, verdict for a backup needing `neededBytes`. */
export function driveList(drives: readonly (TestDrive & { readonly flash?: ListedFlash | null })[], neededBytes = 100_000_000): DriveList {
  const flashes = drives.map((drive) => drive.flash ?? null);
  const judged = drives.map(({ serial, flash: _flash, ...facts }, index) => ({
    ...usbStickFacts({ device: `/dev/sd${String.fromCharCode(98 + index)}`, size: 16_000_000_000, ...facts }),
    ...flashGuid({ vendorId: 0x0781, productId: 0x5581, serial: serial === undefined ? `AA00${index}12345678` : serial }),
  }));
  return new DriveRegistry().update(judgeDrives(judged, { neededBytes, zipPath: '/home/me/backup.zip' }, 'posix').map((drive, index) => ({ ...drive, flash: flashes[index]! })));
}
