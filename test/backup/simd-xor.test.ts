// The keystream's XOR (WebAssembly SIMD) and AES-CTR around it, against plain byte-by-byte
// arithmetic: every length around the 16-byte lanes and the 32 KiB slices, unaligned views.
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { xorInto } from '../../main/backup/simd-xor.js';
import { AesCtr, deriveKeys } from '../../main/backup/winzip-aes.js';

function byteByByte(target: Uint8Array, source: Uint8Array): Buffer {
  const result = Buffer.from(target);
  for (let i = 0; i < source.length; i++) result[i] = result[i]! ^ source[i]!;
  return result;
}

describe('xorInto', () => {
  it.each([0, 1, 15, 16, 17, 31, 32_767, 32_768, 32_769, 100_003, 2 ** 20])('XORs %i bytes as byte-by-byte arithmetic does, and no byte past them', (length) => {
    // Views that start at odd offsets of their buffers, with bytes after the run that must stay.
    const target = randomBytes(length + 40).subarray(3);
    const source = randomBytes(length + 7).subarray(7);
    const expected = byteByByte(target, source);
    xorInto(target, source);
    expect(Buffer.from(target).equals(expected)).toBe(true);
  });
});

describe('AesCtr', () => {
  it('gives the same bytes however the input is cut, and its little-endian counter starts at 1', async () => {
    const keys = await deriveKeys(Buffer.from('a passphrase'), randomBytes(16), 3);
    const plaintext = randomBytes(300_001);
    const untouched = Buffer.from(plaintext);
    const encrypting = new AesCtr(keys);
    const whole = encrypting.encrypt(plaintext);
    expect(plaintext.equals(untouched)).toBe(true);
    const pieces = new AesCtr(keys);
    // Cuts off the 16-byte blocks and across the 32 KiB slices of keystream.
    const cuts = [0, 1, 17, 33, 32_770, 65_536, 65_541, 250_000, plaintext.length];
    const joined = Buffer.concat(cuts.slice(1).map((end, i) => pieces.encrypt(plaintext.subarray(cuts[i], end))));
    expect(joined.equals(whole)).toBe(true);
    // Block n of the keystream is AES of n as a 16-byte little-endian number.
    const counter = Buffer.alloc(16 * 3);
    for (let block = 0; block < 3; block++) counter.writeUInt32LE(block + 1, block * 16);
    const keystream = createCipheriv('aes-256-ecb', keys.encryptionKey, null).setAutoPadding(false).update(counter);
    expect(whole.subarray(0, 48).equals(byteByByte(keystream, plaintext.subarray(0, 48)))).toBe(true);
    // Decrypted where it lies, in other pieces, with the same MAC.
    const decrypting = new AesCtr(keys);
    const ciphertext = Buffer.from(whole);
    for (const [start, end] of [[0, 5], [5, 40_000], [40_000, ciphertext.length]] as const) {
      decrypting.authenticate(ciphertext.subarray(start, end));
      decrypting.decryptInPlace(ciphertext.subarray(start, end));
    }
    expect(ciphertext.equals(plaintext)).toBe(true);
    expect(decrypting.mac().equals(encrypting.mac())).toBe(true);
  });
});
