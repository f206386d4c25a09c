// Parsers of /proc/self/mountinfo and /proc/swaps: on recorded lines in the kernel's format
// (Documentation/filesystems/proc.rst, section 3.5, and the octal escapes of seq_path), and on this
// machine's own files, judged by util-linux's mountpoint and by sysfs.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devNumberOf, mountHolding, parseMountInfo, parseSwapPartitions } from '../../main/drives/mounts.js';
import { systemDisk } from '../fixtures/drives/host.js';

const RECORDED_MOUNTINFO = [
  '22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw,errors=remount-ro',
  '25 22 8:1 / /boot/efi rw,relatime shared:5 - vfat /dev/sda1 rw,fmask=0077,dmask=0077,codepage=437',
  '26 22 0:24 / /tmp rw,nosuid,nodev shared:6 - tmpfs tmpfs rw,size=8145800k',
  '511 22 8:17 / /media/joe/MY\\040STICK rw,nosuid,nodev,relatime shared:270 - vfat /dev/sdb1 rw,uid=1000,gid=1000',
  '530 22 0:61 /@data /mnt/data rw,relatime shared:280 master:3 - btrfs /dev/sdc2 rw,ssd,space_cache=v2,subvolid=257',
  '531 511 8:33 / /media/joe/MY\\040STICK rw,relatime shared:290 - ext4 /dev/sdc1 rw',
].join('\n');

const RECORDED_SWAPS = [
  'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority',
  '/dev/sda3                               partition\t16294908\t0\t\t-2',
  '/swap\\040file                           file\t\t2097148\t\t0\t\t-3',
  '/dev/zram0                              partition\t8145796\t\t0\t\t100',
].join('\n');

describe('parseMountInfo', () => {
  it('reads device number, mountpoint, type and source, undoing the octal escapes', () => {
    const mounts = parseMountInfo(RECORDED_MOUNTINFO);
    expect(mounts[3]).toEqual({ devNumber: '8:17', mountpoint: '/media/joe/MY STICK', fstype: 'vfat', source: '/dev/sdb1' });
    expect(mounts[4]).toEqual({ devNumber: '0:61', mountpoint: '/mnt/data', fstype: 'btrfs', source: '/dev/sdc2' });
    expect(mounts).toHaveLength(6);
  });

  it('skips lines that are not mounts', () => {
    expect(parseMountInfo('\ngarbage\n22 1 8:2 / / rw - ext4\n')).toEqual([]);
  });

  it("agrees with util-linux's mountpoint about this machine's root", () => {
    const root = parseMountInfo(readFileSync('/proc/self/mountinfo', 'utf8')).filter((mount) => mount.mountpoint === '/').at(-1);
    expect(root?.devNumber).toBe(execFileSync('mountpoint', ['-d', '/'], { encoding: 'utf8' }).trim());
  });
});

describe('mountHolding', () => {
  const mounts = parseMountInfo(RECORDED_MOUNTINFO);

  it('gives the deepest mount holding a path, the last of mounts stacked on one mountpoint', () => {
    expect(mountHolding(mounts, '/media/joe/MY STICK/backup.zip')?.source).toBe('/dev/sdc1');
    expect(mountHolding(mounts, '/boot/efi/EFI/debian/grubx64.efi')?.source).toBe('/dev/sda1');
    expect(mountHolding(mounts, '/home/joe/backup.zip')?.source).toBe('/dev/sda2');
  });

  it('does not take /tmp for the mount of /tmpfiles', () => {
    expect(mountHolding(mounts, '/tmpfiles/backup.zip')?.mountpoint).toBe('/');
    expect(mountHolding(mounts, '/tmp')?.mountpoint).toBe('/tmp');
  });
});

describe('parseSwapPartitions', () => {
  it('lists swap partitions, not swap files', () => {
    expect(parseSwapPartitions(RECORDED_SWAPS)).toEqual(['/dev/sda3', '/dev/zram0']);
    expect(parseSwapPartitions('Filename\tType\tSize\tUsed\tPriority\n')).toEqual([]);
  });
});

describe('devNumberOf', () => {
  it('splits dev_t as sysfs writes it: /dev/null is 1:3, and the system disk matches its dev file', () => {
    expect(devNumberOf(statSync('/dev/null', { bigint: true }).rdev)).toBe('1:3');
    const disk = systemDisk();
    const sysfs = readFileSync(`/sys/class/block/${basename(disk)}/dev`, 'utf8').trim();
    expect(devNumberOf(statSync(disk, { bigint: true }).rdev)).toBe(sysfs);
  });

  it('reads the bits glibc puts above 32 for large majors and minors', () => {
    // makedev(0x12345, 0x6789a): major bits 0-11 at 8, 12+ at 44; minor bits 0-7 at 0, 8+ at 20.
    const dev = (0x345n << 8n) | (0x12n << 44n) | 0x9an | (0x678n << 20n);
    expect(devNumberOf(dev)).toBe(`${0x12345}:${0x6789a}`);
  });
});
