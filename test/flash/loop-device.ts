// Loop devices for the drive tests and the drive benchmark: each over its own sparse backing file,
// detached after the tests even when they fail. Only loop devices made here are ever touched.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBackup } from '../../main/backup/read-backup.js';
import { extentBytes } from '../../main/disk/generate.js';
import { planLayout } from '../../main/disk/plan.js';
import type { RawDevice } from '../../main/flash/block-device-target.js';
import { layoutRequest, restoreContent } from '../../main/flash/restore-content.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup, type SampleBackupOptions } from '../fixtures/sample-backup.js';

export interface LoopDevice {
  readonly device: string;
  readonly backingFile: string;
}

const attached: string[] = [];

export async function attachLoop(backingFile: string, size: number, options: { readOnly?: boolean } = {}): Promise<LoopDevice> {
  writeFileSync(backingFile, '');
  await truncate(backingFile, size);
  const device = execFileSync('losetup', [...(options.readOnly ? ['--read-only'] : []), '--find', '--show', backingFile]).toString().trim();
  attached.push(device);
  return { device, backingFile };
}

/** A test's folder (readable by all: tests run the CLI as nobody), a sample backup in it, and a 1 GiB loop device. */
export interface DriveBench {
  readonly work: string;
  readonly zipPath: string;
  readonly loop: LoopDevice;
}

export async function setUpDriveBench(prefix: string, backup: SampleBackupOptions = {}): Promise<DriveBench> {
  const work = await mkdtemp(join(tmpdir(), prefix));
  await chmod(work, 0o755);
  const zipPath = join(work, 'backup.zip');
  writeSampleBackup(zipPath, { topFolder: SAMPLE_TOP_FOLDER, ...backup });
  return { work, zipPath, loop: await attachLoop(join(work, 'drive.img'), 2 ** 30) };
}

/** Detaches every loop device made here and deletes the folder. */
export async function tearDownDriveBench(bench: DriveBench | undefined): Promise<void> {
  detachLoops();
  if (bench) await rm(bench.work, { recursive: true, force: true });
}

export function detachLoops(): void {
  for (const device of attached.splice(0)) {
    try {
      execFileSync('blockdev', ['--setrw', device]);
    } finally {
      execFileSync('losetup', ['--detach', device]);
    }
  }
}

/** The whole disk the root filesystem lives on, found from the mount of `/`. */
export function systemDisk(): string {
  const source = execFileSync('findmnt', ['--noheadings', '--output', 'SOURCE', '--target', '/']).toString().trim();
  const parent = execFileSync('lsblk', ['--nodeps', '--noheadings', '--output', 'PKNAME', source]).toString().trim();
  return parent ? `/dev/${parent}` : source;
}

/** A fault injected above the device (no device-mapper here): `fault` runs for the write that reaches `atByte`. */
export function faultAt(atByte: number, fault: (device: RawDevice, buffer: Buffer, length: number, offset: number) => Promise<number>) {
  const seen = { bytes: 0, offset: undefined as number | undefined };
  const wrap = (device: RawDevice): RawDevice => ({
    ...device,
    write: (buffer, length, offset) => {
      // Once reached, the same write keeps failing (etcher retries it).
      const failing = seen.offset === offset || (seen.offset === undefined && seen.bytes + length > atByte);
      if (!failing) {
        seen.bytes += length;
        return device.write(buffer, length, offset);
      }
      seen.offset = offset;
      return fault(device, buffer, length, offset);
    },
  });
  return { wrap, seen };
}

/** Bytes a write of the backup hands to a drive of `size`: wipe, body (zeros included: a drive is not a sparse file), boot sectors. */
export async function bytesToWrite(zipPath: string, size: number): Promise<number> {
  const backup = await readBackup(zipPath);
  try {
    const layout = planLayout(layoutRequest(restoreContent(backup), size, 1));
    return extentBytes(layout.wipe) + extentBytes(layout.body) + extentBytes(layout.final);
  } finally {
    backup.archive.close();
  }
}
