// Reading a real loop device as verify and read-back do: into a reused buffer, with zeros where
// the drive ends, whatever the buffer held before. Writing it (last: it changes the content) from
// the target's own aligned buffers without a copy.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBlockDevice, type DeviceTarget } from '../../main/flash/block-device-target.js';
import { attachLoop, detachLoops } from './loop-device.js';

const DRIVE_BYTES = 1024 * 1024;
const CONTENT = Buffer.from(Array.from({ length: DRIVE_BYTES }, (_, index) => (index * 131) % 256));
let work: string;
let drive: DeviceTarget;
let loopDevice: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'device-read-'));
  const loop = await attachLoop(join(work, 'drive.img'), DRIVE_BYTES);
  loopDevice = loop.device;
  await writeFile(loop.device, CONTENT);
  drive = await openBlockDevice({ device: loop.device, description: 'test loop device', size: DRIVE_BYTES }, { write: false });
});

afterAll(async () => {
  await drive.close();
  detachLoops();
  await rm(work, { recursive: true, force: true });
});

describe('a block device read', () => {
  it('reads into the buffer it is given, at an offset that is not block-aligned', async () => {
    const into = Buffer.alloc(64 * 1024, 0xee);
    const bytes = await drive.read(5000, 20_000, into);
    expect(bytes.equals(CONTENT.subarray(5000, 25_000))).toBe(true);
    expect(bytes.buffer).toBe(into.buffer);
  });

  it('gives zeros past the end of the drive, whatever the reused buffer held before', async () => {
    const into = Buffer.alloc(64 * 1024, 0xee);
    const bytes = await drive.read(DRIVE_BYTES - 100, 8192, into);
    expect(bytes.subarray(0, 100).equals(CONTENT.subarray(DRIVE_BYTES - 100))).toBe(true);
    expect(bytes.subarray(100).every((byte) => byte === 0)).toBe(true);
  });
});

describe('a block device write', () => {
  it('sends a buffer the target handed out to the drive as it is, and copies any other into an aligned one first', async () => {
    const seen: Buffer[] = [];
    const writable = await openBlockDevice(
      { device: loopDevice, description: 'test loop device', size: DRIVE_BYTES },
      { write: true, wrapDevice: (device) => ({ ...device, write: (buffer, length, offset) => (seen.push(buffer), device.write(buffer, length, offset)) }) },
    );
    try {
      const aligned = writable.allocateBuffer!(64 * 1024).fill(0x11);
      await writable.write(aligned, 0);
      const plain = Buffer.alloc(64 * 1024, 0x22);
      await writable.write(plain, 64 * 1024);
      await writable.flush();
      expect(seen[0]!.buffer).toBe(aligned.buffer);
      expect(seen[1]!.buffer).not.toBe(plain.buffer);
      const back = await writable.read(0, 128 * 1024);
      expect(back.subarray(0, 64 * 1024).every((byte) => byte === 0x11) && back.subarray(64 * 1024).every((byte) => byte === 0x22)).toBe(true);
    } finally {
      await writable.close();
    }
  });
});
