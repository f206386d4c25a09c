// Zip files written to a temporary folder for the backup reader's tests.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleBackup, type SampleBackupOptions } from '../fixtures/sample-backup.js';
import { buildZip, type ZipEntrySpec, type ZipOptions } from '../fixtures/zip-builder.js';
import { tempFolder } from '../fixtures/temp-folder.js';

const workDir = tempFolder('backup-test-');
let count = 0;

/** A fresh path in the temporary folder. */
export function tempPath(name = 'backup.zip'): string {
  return join(workDir, `${count++}-${name}`);
}

export function tempZip(entries: ZipEntrySpec[], options?: ZipOptions): string {
  const path = tempPath();
  writeFileSync(path, buildZip(entries, options));
  return path;
}

export function tempSampleBackup(options?: SampleBackupOptions): string {
  const path = tempPath();
  writeSampleBackup(path, options);
  return path;
}
