// Read-back against a real image file: every block written is compared with what the file holds
// afterwards, once, whether verify's reads reach it or the final sweep does; a later write over a
// block counts, and the first bad run of blocks is named.
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImageTarget } from '../../main/flash/image-target.js';
import { readBackWhileReading, recordWrites } from '../../main/flash/read-back.js';
import type { WrittenBlockCrcs } from '../../main/flash/written-block-crcs.js';
import { openImageSource } from '../../main/fat/byte-source.js';

const MIB = 2 ** 20;
let work: string;
let count = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'read-back-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Writes a wiped first MiB, 3 MiB of patterned data, then a 4 KiB "MBR" over the wipe. */
async function writeSample(): Promise<{ path: string; crcs: WrittenBlockCrcs }> {
  const path = join(work, `image-${count++}.img`);
  const recorded = recordWrites(await createImageTarget(path, 8 * MIB));
  await recorded.target.write(new Uint8Array(MIB), 0);
  await recorded.target.write(Uint8Array.from({ length: 3 * MIB }, (_, index) => (index * 7) % 251), 2 * MIB);
  await recorded.target.write(new Uint8Array(4096).fill(0x55), 0);
  await recorded.target.close();
  return { path, crcs: recorded.crcs };
}

async function corrupt(path: string, offset: number): Promise<void> {
  const file = await open(path, 'r+');
  await file.write(Buffer.from([0xff]), 0, 1, offset);
  await file.close();
}

describe('read-back', () => {
  it('finds every written block as written, the last write over a block winning', async () => {
    const { path, crcs } = await writeSample();
    expect(crcs.size).toBe((MIB + 3 * MIB) / 4096);
    const source = await openImageSource(path);
    const reported: number[] = [];
    const pass = readBackWhileReading(source, crcs, (bytesRead, bytesToRead) => reported.push(bytesRead, bytesToRead));
    expect(await pass.finish()).toBeUndefined();
    expect(reported.slice(-2)).toEqual([4 * MIB, 4 * MIB]);
    await source.close();
  });

  it.each([0, 4096 * 3, 2 * MIB + 12_345, 5 * MIB - 1])('names the first bad range when byte %d changed', async (offset) => {
    const { path, crcs } = await writeSample();
    await corrupt(path, offset);
    await corrupt(path, 5 * MIB - 1); // a later one: only the first is named
    const source = await openImageSource(path);
    const mismatch = await readBackWhileReading(source, crcs).finish();
    await source.close();
    const block = Math.floor(offset / 4096) * 4096;
    expect(mismatch).toEqual({ offset: block, length: 4096 });
  });

  it('does not read what was never written', async () => {
    const { path, crcs } = await writeSample();
    await corrupt(path, MIB + 100); // between the wipe and the data
    const source = await openImageSource(path);
    let bytesRead = 0;
    const pass = readBackWhileReading(source, crcs, (read) => (bytesRead = read));
    expect(await pass.finish()).toBeUndefined();
    expect(bytesRead).toBe(4 * MIB);
    await source.close();
  });

  it('checks the blocks verify reads as it reads them, and then reads only the others: each block once', async () => {
    const { path, crcs } = await writeSample();
    await corrupt(path, 3 * MIB + 10);
    const source = await openImageSource(path);
    let bytesRead = 0;
    const pass = readBackWhileReading(source, crcs, (read) => (bytesRead = read));
    // A read of whole blocks, and one that starts and ends inside blocks.
    const whole = await pass.source.read(2 * MIB, 2 * MIB, Buffer.alloc(2 * MIB));
    expect(whole[3]).toBe((3 * 7) % 251);
    const inside = await pass.source.read(4096 + 100, 50);
    expect(inside).toEqual(Buffer.alloc(50));
    expect(bytesRead).toBe(2 * MIB + 4096);
    expect(await pass.finish()).toMatchObject({ offset: 3 * MIB, length: 4096 });
    expect(bytesRead).toBe(4 * MIB);
    await source.close();
  });

  it('names the lowest bad range, though verify read a higher one first', async () => {
    const { path, crcs } = await writeSample();
    await corrupt(path, 4 * MIB + 7);
    await corrupt(path, 8192 + 3);
    const source = await openImageSource(path);
    const pass = readBackWhileReading(source, crcs);
    await pass.source.read(4 * MIB, MIB, Buffer.alloc(MIB));
    expect(await pass.finish()).toMatchObject({ offset: 8192, length: 4096 });
    await source.close();
  });

  it('a read past what was written returns the drive\'s bytes and checks nothing there', async () => {
    const { path, crcs } = await writeSample();
    const source = await openImageSource(path);
    let bytesRead = 0;
    const pass = readBackWhileReading(source, crcs, (read) => (bytesRead = read));
    expect(await pass.source.read(6 * MIB, 4096)).toEqual(Buffer.alloc(4096));
    expect(await pass.finish()).toBeUndefined();
    expect(bytesRead).toBe(4 * MIB + 4096);
    await source.close();
  });
});
