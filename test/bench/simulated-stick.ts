// A USB stick simulated on this machine (REFERENCE §9): a loop device with direct I/O, so every
// write and read reaches its backing file as issued, throttled by the cgroup-v1 blkio controller to
// a stick's sequential speeds and to the few small writes and reads a second a real stick manages
// (each request counts, whatever its size: see throttledRates). Only processes put in the stick's
// cgroup are throttled.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deviceCounters, type DeviceCounters } from '../fixtures/device-counters.js';

const MIB = 2 ** 20;
const BLKIO = '/sys/fs/cgroup/blkio';

export interface StickProfile {
  readonly name: string;
  readonly writeMiBps: number;
  readonly readMiBps: number;
  /** Small random (4 KiB) writes and reads a second, as published for real sticks. */
  readonly writeIops: number;
  readonly readIops: number;
}

// Where the request rates come from: CrystalDiskMark's 4 KiB random figures at queue depth 1,
// 1010 reads and 141 writes a second on a Lexar JumpDrive S75 USB 3.0 stick
// (https://www.acex.com.au/usb-3-0-flash-drive-readwrite-performance-how-is-it/, 2017), and
// 4.19 MB/s of uncached 4 KiB reads (about 1000 a second) on a SanDisk Cruzer Blade USB 2.0 stick
// (https://davidsommers.com/2012/07/22/cheap-usb-2-0-drives.html). No published 4 KiB figures of
// the Samsung BAR Plus or a Kingston DataTraveler were at hand; reviews of cheap sticks agree
// their small writes run at tens to a few hundred a second, which the poor stick's 50 stands for.
export const USB2_STICK: StickProfile = { name: 'USB 2.0 stick', writeMiBps: 20, readMiBps: 30, writeIops: 150, readIops: 1000 };
export const USB3_STICK: StickProfile = { name: 'USB 3 stick', writeMiBps: 80, readMiBps: 200, writeIops: 150, readIops: 1000 };
export const POOR_STICK: StickProfile = { name: 'poor stick', writeMiBps: 10, readMiBps: 25, writeIops: 50, readIops: 500 };

/**
 * The loop device's smallest sequential request: 128 segments (its max_segments) of one 4 KiB page
 * each, when a direct write's or read's buffer lies on scattered pages. On pages that lie together a
 * request holds up to 1280 KiB (max_sectors_kb), so the size depends on where the kernel put the
 * job's buffers, not on anything the job asks for.
 */
export const SMALLEST_SEQUENTIAL_REQUEST = 128 * 4096;

/**
 * The request rates the throttle is given: the profile's published small-write and small-read
 * rates, raised where needed so that sequential requests of the loop device's smallest size still
 * carry the profile's speeds. The throttle counts every request, large or small, but a real stick's
 * published rates are those of its small random requests: its sequential ones reach it in requests
 * of up to 1 MiB on USB 3 (Linux's usb-storage gives SuperSpeed devices 2048 sectors), which 141 a
 * second would carry at 141 MiB/s, far above its 80. Without the floor, a USB 3 stick written in
 * 512 KiB requests took 150 × 512 KiB = 75 MiB/s: four runs of one build wrote for 6.61, 6.22, 6.23
 * and 6.61 s (requests of 512, 685, 557 and 512 KiB on average). Only USB 3's writes are raised:
 * 80 MiB/s in 512 KiB requests is 160 a second.
 */
export function throttledRates(profile: StickProfile): { readonly writeIops: number; readonly readIops: number } {
  const floor = (miBps: number): number => Math.ceil((miBps * MIB) / SMALLEST_SEQUENTIAL_REQUEST);
  return { writeIops: Math.max(profile.writeIops, floor(profile.writeMiBps)), readIops: Math.max(profile.readIops, floor(profile.readMiBps)) };
}

export interface SimulatedStick {
  readonly device: string;
  readonly profile: StickProfile;
  /** The cgroup's cgroup.procs: a process whose pid is written there is throttled. */
  readonly cgroupProcs: string;
  /** Bytes and requests the device has read and written since it was attached. */
  io(): DeviceCounters;
  detach(): void;
}

export function attachSimulatedStick(backingFile: string, bytes: number, profile: StickProfile): SimulatedStick {
  settleMachine();
  writeFileSync(backingFile, '');
  truncateSync(backingFile, bytes);
  const device = execFileSync('losetup', ['--find', '--show', '--direct-io=on', backingFile]).toString().trim();
  const rdev = statSync(device).rdev;
  const majorMinor = `${Math.floor(rdev / 256)}:${rdev % 256}`;
  const cgroup = join(BLKIO, `flash-creator-${device.replace(/\W/g, '')}`);
  if (!existsSync(cgroup)) mkdirSync(cgroup);
  writeFileSync(join(cgroup, 'blkio.throttle.write_bps_device'), `${majorMinor} ${profile.writeMiBps * MIB}`);
  writeFileSync(join(cgroup, 'blkio.throttle.read_bps_device'), `${majorMinor} ${profile.readMiBps * MIB}`);
  const rates = throttledRates(profile);
  writeFileSync(join(cgroup, 'blkio.throttle.write_iops_device'), `${majorMinor} ${rates.writeIops}`);
  writeFileSync(join(cgroup, 'blkio.throttle.read_iops_device'), `${majorMinor} ${rates.readIops}`);
  return {
    device,
    profile,
    cgroupProcs: join(cgroup, 'cgroup.procs'),
    io: () => deviceCounters(device),
    detach() {
      execFileSync('losetup', ['--detach', device]);
      rmdirSync(cgroup);
    },
  };
}

/**
 * A quieter machine for the stick. What a bench has just written (its zips, 1.5 GB) is flushed
 * first: the backing file lies on the same disk. Then free memory is compacted, so that a job's
 * buffers are likelier to lie on pages together and every run meets memory in a like state.
 */
function settleMachine(): void {
  execFileSync('sync');
  writeFileSync('/proc/sys/vm/compact_memory', '1');
}
