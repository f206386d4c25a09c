// describeDevice on this machine's real devices: loop devices (attached here, always detached), the
// system disk (found from the mount of /), and paths that are not block devices. util-linux's
// blockdev, lsblk and findmnt judge the answers. The kernel here does not scan loop devices for partitions
// (loop max_part=0), so the partition refusal is checked on a device node made with mknod and the
// recorded sysfs tree.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { list as listSystemDrives } from 'drivelist';
import { afterAll, describe, expect, it } from 'vitest';
import { DeviceError, describeDevice } from '../../main/drives/device.js';
import { judgeDrive } from '../../main/drives/verdict.js';
import { LoopDevices, systemDisk } from '../fixtures/drives/host.js';
import { recordedSysfs } from '../fixtures/drives/recorded.js';

const MiB = 1024 * 1024;
const loops = new LoopDevices();
const scratch = mkdtempSync(join(tmpdir(), 'device-test-'));
afterAll(() => {
  loops.release();
  rmSync(scratch, { recursive: true, force: true });
});

function blockdev(flag: string, device: string): string {
  return execFileSync('blockdev', [flag, device], { encoding: 'utf8' }).trim();
}

/** lsblk's size, from sysfs: blockdev cannot open a disk that is in use in a sandbox. */
function lsblkSize(device: string): number {
  return Number(execFileSync('lsblk', ['--bytes', '--nodeps', '--noheadings', '--output', 'SIZE', device], { encoding: 'utf8' }).trim());
}

function refusals(description: Awaited<ReturnType<typeof describeDevice>>): string[] {
  return judgeDrive(description, { neededBytes: null, holdsBackup: description.holdsBackupZip }).reasons.map((reason) => reason.code);
}

async function deviceError(path: string, options?: Parameters<typeof describeDevice>[1]): Promise<DeviceError> {
  const error: unknown = await describeDevice(path, options).catch((caught: unknown) => caught);
  if (!(error instanceof DeviceError)) throw new Error(`expected a DeviceError for ${path}, got ${String(error)}`);
  return error;
}

describe('describeDevice on loop devices', () => {
  it('describes a loop device that drivelist leaves out: size, file, virtual, writable, unused', async () => {
    const device = loops.attach(64 * MiB);
    expect((await listSystemDrives()).map((drive) => drive.device)).not.toContain(device);
    const description = await describeDevice(device);
    expect(description).toMatchObject({
      device,
      size: Number(blockdev('--getsize64', device)),
      isVirtual: true,
      isUSB: false,
      isSystem: false,
      isReadOnly: false,
      mountpoints: [],
      inUse: [],
      holdsBackupZip: false,
      guid: null,
    });
    expect(description.size).toBe(64 * MiB);
    expect(description.backingFile).toMatch(/drives-loop-.*\/image-\d+\.img$/u);
    expect(description.description).toBe(`Loop device backed by ${description.backingFile}`);
    expect(refusals(description)).toEqual(['virtual-drive']);
  });

  it('reports a loop device attached read-only (losetup -r) as read-only', async () => {
    const device = loops.attach(8 * MiB, { readOnly: true });
    expect(blockdev('--getro', device)).toBe('1');
    const description = await describeDevice(device);
    expect(description.isReadOnly).toBe(true);
    expect(refusals(description)).toEqual(['virtual-drive', 'read-only']);
  });

  it('knows the backup zip is on a filesystem mounted from the device, even through a link to the zip', async () => {
    const device = loops.attach(64 * MiB);
    const mountpoint = loops.mountExt4(device);
    const zip = join(mountpoint, 'tower-flash-backup.zip');
    writeFileSync(zip, 'PK\u0005\u0006'.padEnd(22, '\0'));
    const link = join(scratch, 'link-to-backup.zip');
    symlinkSync(zip, link);

    const description = await describeDevice(device, { backupZipPath: link });
    expect(description.holdsBackupZip).toBe(true);
    expect(description.inUse).toEqual([{ source: device, mountpoint, fstype: 'ext4' }]);
    expect(description.mountpoints).toEqual([mountpoint]);
    expect(refusals(description)).toEqual(['virtual-drive', 'holds-backup']);

    const other = await describeDevice(loops.attach(8 * MiB), { backupZipPath: zip });
    expect(other.holdsBackupZip).toBe(false);
  });

  it('follows a link to the device, as /dev/disk/by-id names are', async () => {
    const device = loops.attach(8 * MiB);
    const link = join(scratch, 'by-id-link');
    symlinkSync(device, link);
    expect((await describeDevice(link)).device).toBe(device);
  });
});

describe("describeDevice on this machine's system disk", () => {
  it('sees it hold the running system, from the mount of /', async () => {
    const disk = systemDisk();
    const description = await describeDevice(disk);
    expect(description.device).toBe(disk);
    expect(description.size).toBe(lsblkSize(disk));
    expect(description.isSystem).toBe(true);
    expect(description.inUse.map((use) => use.mountpoint)).toContain('/');
    expect(refusals(description)).toContain('system-drive');
  });

  it('knows whether a zip in the temporary folder is on it, as findmnt does', async () => {
    const zip = join(scratch, 'backup.zip');
    writeFileSync(zip, 'PK');
    const source = execFileSync('findmnt', ['--noheadings', '--output', 'SOURCE', '--target', realpathSync(zip)], { encoding: 'utf8' }).trim();
    const onSystemDisk = source.startsWith(systemDisk());
    expect((await describeDevice(systemDisk(), { backupZipPath: zip })).holdsBackupZip).toBe(onSystemDisk);
  });
});

describe('describeDevice refuses what is not a whole drive, naming the path', () => {
  it('refuses a character device, a regular file and a folder', async () => {
    const file = join(scratch, 'image.img');
    writeFileSync(file, Buffer.alloc(4096));
    for (const [path, kind] of [
      ['/dev/null', 'a character device'],
      [file, 'a regular file'],
      [scratch, 'a folder'],
    ] as const) {
      const error = await deviceError(path);
      expect(error.code).toBe('not-a-block-device');
      expect(error.path).toBe(path);
      expect(error.message).toBe(`${path} is ${kind}, not a block device: name a whole drive, such as /dev/sdb.`);
    }
  });

  it('refuses a path that does not exist', async () => {
    const error = await deviceError('/dev/no-such-drive');
    expect([error.code, error.message]).toEqual(['no-such-device', '/dev/no-such-drive does not exist.']);
  });

  it('refuses a device node the kernel has no device for (a drive unplugged after its node was made)', async () => {
    const node = join(scratch, 'stale-node');
    execFileSync('mknod', [node, 'b', '240', '4242']);
    const error = await deviceError(node);
    expect(error.code).toBe('no-such-device');
    expect(error.message).toBe(`${node} is device 240:4242, which the kernel no longer has: was the drive unplugged?`);
  });

  it('refuses a partition and names its drive (recorded sysfs tree, node made with mknod)', async () => {
    const node = join(scratch, 'sdb1');
    execFileSync('mknod', [node, 'b', '8', '17']);
    const error = await deviceError(node, { sysRoot: recordedSysfs(scratch) });
    expect(error.code).toBe('partition');
    expect(error.message).toBe(`${node} is a partition of /dev/sdb: choose the whole drive, /dev/sdb.`);
  });
});
