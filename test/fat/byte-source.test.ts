// The image file as verify reads it: a fresh buffer per read, or views of one reused buffer.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImageSource, type ClosableByteSource } from '../../main/fat/byte-source.js';

let work: string;
let source: ClosableByteSource;
const CONTENT = Buffer.from(Array.from({ length: 10_000 }, (_, index) => (index * 31) % 256));

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'byte-source-'));
  await writeFile(join(work, 'image.img'), CONTENT);
  source = await openImageSource(join(work, 'image.img'));
});

afterAll(async () => {
  await source.close();
  await rm(work, { recursive: true, force: true });
});

describe('openImageSource', () => {
  it('reads a range into a new buffer each time', async () => {
    const first = await source.read(100, 500);
    const second = await source.read(100, 500);
    expect(first).toEqual(CONTENT.subarray(100, 600));
    expect(second.buffer).not.toBe(first.buffer);
  });

  it('reads into the buffer it is given, and returns a view of it', async () => {
    const into = Buffer.alloc(4096, 0xee);
    const bytes = await source.read(2000, 3000, into);
    expect(bytes).toEqual(CONTENT.subarray(2000, 5000));
    expect(bytes.buffer).toBe(into.buffer);
    expect(bytes.byteOffset).toBe(into.byteOffset);
  });

  it('gives zeros past the end of the file, whatever the reused buffer held before', async () => {
    const into = Buffer.alloc(4096, 0xee);
    const bytes = await source.read(CONTENT.length - 100, 1000, into);
    expect(bytes.subarray(0, 100)).toEqual(CONTENT.subarray(CONTENT.length - 100));
    expect(bytes.subarray(100).every((byte) => byte === 0)).toBe(true);
  });
});
