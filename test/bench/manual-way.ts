// The manual Linux way of making a flash drive image from a backup, the reference the engine's
// image path is benchmarked against: unzip, then sfdisk, mkfs.fat, mcopy, syslinux, dd of mbr.bin
// (no verification), timed up to the image's sync.
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { buildManualImage } from '../fixtures/manual-image.js';
import { SAMPLE_TOP_FOLDER } from '../fixtures/sample-backup.js';
import { run } from '../fixtures/test-release/command.js';
import { settleMemory } from './settled-memory.js';

/** Seconds the manual way takes to make an image of `imageBytes` from the sample backup `zipPath`, in `workDir`. */
export async function manualWay(workDir: string, zipPath: string, imageBytes: number): Promise<number> {
  const unzipped = join(workDir, 'unzipped');
  const image = join(workDir, 'manual.img');
  await settleMemory();
  const start = performance.now();
  await run('unzip', ['-q', zipPath, '-d', unzipped]);
  const release = join(unzipped, SAMPLE_TOP_FOLDER);
  // The sample backup's installer is a placeholder; the manual way runs a real one (Debian's).
  copyFileSync('/usr/bin/syslinux', join(release, 'syslinux', 'syslinux'));
  await buildManualImage(release, image, { sizeMiB: imageBytes / 2 ** 20 });
  await run('sync', [image]);
  const seconds = (performance.now() - start) / 1000;
  rmSync(unzipped, { recursive: true, force: true });
  removeAndSettle(image);
  return seconds;
}

/**
 * Deletes a file written by one measurement and waits until the filesystem has finished with it:
 * freeing its blocks (it is mounted with discard) happens at the next journal commit, and would
 * otherwise land in the next measurement, whichever it is.
 */
export function removeAndSettle(path: string): void {
  rmSync(path, { force: true });
  spawnSync('sync');
}
