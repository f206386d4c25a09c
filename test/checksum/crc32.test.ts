import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { crc32, crc32Implementation, loadCrc32 } from '../../main/checksum/crc32.js';

// Known answers: the CRC-32 check value, and the empty input.
const CHECK_INPUT = Buffer.from('123456789');
const CHECK_VALUE = 0xcbf43926;

describe('crc32', () => {
  it('uses the native module on this machine (Linux x64 has a prebuilt one)', () => {
    expect(crc32Implementation.name).toBe('@node-rs/crc32');
  });

  it('gives the standard check value, unsigned, and 0 for no bytes', () => {
    expect(crc32(CHECK_INPUT)).toBe(CHECK_VALUE);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(new Uint8Array(0), 12345)).toBe(12345);
  });

  it('agrees with zlib on every size, offset and continuation the engine uses', () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    for (const [start, end] of [[0, bytes.length], [1, 4097], [4096, 8192], [13, 13 + 1024 * 1024], [bytes.length - 5, bytes.length]] as const) {
      const piece = bytes.subarray(start, end);
      expect(crc32(piece), `bytes ${start}–${end}`).toBe(zlibCrc32(piece));
    }
    // Chunk by chunk, continuing from the previous value, as an entry is streamed.
    let running = 0;
    for (let at = 0; at < bytes.length; at += 256 * 1024 + 3) running = crc32(bytes.subarray(at, at + 256 * 1024 + 3), running);
    expect(running).toBe(zlibCrc32(bytes));
  });

  it("falls back to Node's zlib when the native module cannot be loaded", () => {
    const fallback = loadCrc32('@node-rs/crc32-that-does-not-exist');
    expect(fallback.name).toBe('node:zlib');
    expect(fallback.crc32(CHECK_INPUT)).toBe(CHECK_VALUE);
  });
});
