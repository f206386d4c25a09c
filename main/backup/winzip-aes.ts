// WinZip AES, the zip encryption 7-Zip, bsdtar, WinZip and pyzipper share (REFERENCE.md §12, the
// spec as kept in minizip-ng's doc/winzip_aes.md): how an entry says it is encrypted, the keys a
// passphrase gives, and the keystream. An entry's stored data is salt ‖ 2-byte password verifier ‖
// ciphertext ‖ 10-byte HMAC-SHA1 of the ciphertext; AES runs in counter mode with a little-endian
// counter starting at 1 (Node's aes-*-ctr counts big-endian, so the keystream is AES-ECB over our
// own counter blocks). Encrypting and decrypting are the same XOR; the writer uses this too.
import { createCipheriv, createHmac, pbkdf2, timingSafeEqual, type Cipher, type Hmac } from 'node:crypto';
import { xorInto } from './simd-xor.js';

export const AES_EXTRA_FIELD = 0x9901;
export const AES_METHOD = 99;
export const VERIFIER_LENGTH = 2;
export const MAC_LENGTH = 10;
/** The format's fixed key derivation: PBKDF2-HMAC-SHA1, 1000 iterations (weak by today's measure). */
export const KDF_ITERATIONS = 1000;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_STRONG_ENCRYPTION = 0x0040;

/** 1, 2, 3: AES-128, AES-192, AES-256. */
export type AesStrength = 1 | 2 | 3;

/** How an entry is encrypted, from its central-directory record. */
export type EntryEncryption =
  | { readonly kind: 'none' }
  /** version 1 (AE-1) keeps the CRC-32; version 2 (AE-2) stores 0 and relies on the MAC alone. */
  | { readonly kind: 'aes'; readonly version: 1 | 2; readonly strength: AesStrength }
  /** The original PKWARE encryption, broken since 1994. */
  | { readonly kind: 'zipcrypto' }
  /** PKWARE's strong encryption, or an AES field we cannot read. */
  | { readonly kind: 'unsupported' };

export interface ExtraField {
  readonly id: number;
  readonly data: Buffer;
}

/** The entry's encryption, and the compression method its data uses once decrypted. */
export function entryEncryption(flags: number, method: number, extraFields: readonly ExtraField[]): { encryption: EntryEncryption; method: number } {
  if ((flags & FLAG_ENCRYPTED) === 0) return { encryption: { kind: 'none' }, method };
  if (method !== AES_METHOD) return { encryption: { kind: (flags & FLAG_STRONG_ENCRYPTION) !== 0 ? 'unsupported' : 'zipcrypto' }, method };
  const field = extraFields.find((extra) => extra.id === AES_EXTRA_FIELD)?.data;
  if (!field || field.length < 7 || field.toString('latin1', 2, 4) !== 'AE') return { encryption: { kind: 'unsupported' }, method };
  const version = field.readUInt16LE(0);
  const strength = field.readUInt8(4);
  if ((version !== 1 && version !== 2) || (strength !== 1 && strength !== 2 && strength !== 3)) return { encryption: { kind: 'unsupported' }, method };
  return { encryption: { kind: 'aes', version, strength }, method: field.readUInt16LE(5) };
}

/** The bytes of salt before an entry's verifier: 8, 12 or 16. */
export function saltLength(strength: AesStrength): number {
  return 4 + 4 * strength;
}

/** What encryption adds to an entry's stored size: salt, verifier and MAC. */
export function aesOverhead(strength: AesStrength): number {
  return saltLength(strength) + VERIFIER_LENGTH + MAC_LENGTH;
}

export interface AesKeys {
  readonly strength: AesStrength;
  readonly encryptionKey: Buffer;
  readonly macKey: Buffer;
  readonly verifier: Buffer;
}

/** The keys a passphrase gives with this salt (PBKDF2-HMAC-SHA1, 1000 iterations, on the thread pool). */
export function deriveKeys(passphrase: Buffer, salt: Buffer, strength: AesStrength): Promise<AesKeys> {
  const keyLength = 8 + 8 * strength;
  return new Promise((resolve, reject) => {
    pbkdf2(passphrase, salt, KDF_ITERATIONS, 2 * keyLength + VERIFIER_LENGTH, 'sha1', (error, bytes) => {
      if (error) return reject(error);
      resolve({
        strength,
        encryptionKey: bytes.subarray(0, keyLength),
        macKey: bytes.subarray(keyLength, 2 * keyLength),
        verifier: bytes.subarray(2 * keyLength),
      });
    });
  });
}

export function verifierMatches(keys: AesKeys, stored: Buffer): boolean {
  return stored.length === VERIFIER_LENGTH && timingSafeEqual(keys.verifier, stored);
}

export function macMatches(computed: Buffer, stored: Buffer): boolean {
  return stored.length === MAC_LENGTH && timingSafeEqual(computed.subarray(0, MAC_LENGTH), stored);
}

const BLOCK = 16;
/**
 * The keystream made by one call to AES, which simd-xor.ts XORs in one call. Node's ciphers give
 * their output only as something new. As a buffer, that is memory outside the JavaScript heap
 * that only a collection frees, and collections come from heap allocation, which a buffer hardly
 * counts towards: the spent keystream piled up (the keystream of 1 MiB reads, passed on as the
 * plaintext, took restoring an encrypted 500 MB back-up to 141–160 MB of RSS; 32 KiB buffers
 * to 145–154 MB on a USB 3 stick). As a latin1 string it is one small young object in the heap,
 * freed by the next scavenge without a thought, and copied into a buffer of ours (500 MB of
 * keystream: 85 MB of RSS as buffers, 53 MB as strings, in the same time).
 */
const KEYSTREAM_SLICE = 32 * 1024;

/**
 * XORs bytes with the entry's keystream, in order, and feeds the HMAC with the ciphertext: the
 * bytes made when encrypting, the bytes given to authenticate when decrypting.
 */
export class AesCtr {
  private readonly ecb: Cipher;
  private readonly hmac: Hmac;
  /** Bytes of keystream used so far. */
  private position = 0;
  /**
   * The counter blocks given to AES, reused from one slice to the next: their last eight bytes stay
   * zero, so only the first eight are written.
   */
  private readonly counters = new DataView(new ArrayBuffer(KEYSTREAM_SLICE + BLOCK));
  /** Where each slice of keystream is copied to, from AES's string. */
  private readonly keystream = Buffer.allocUnsafe(KEYSTREAM_SLICE + BLOCK);

  constructor(keys: AesKeys) {
    this.ecb = createCipheriv(`aes-${64 + 64 * keys.strength}-ecb`, keys.encryptionKey, null).setAutoPadding(false);
    this.hmac = createHmac('sha1', keys.macKey);
  }

  /** Counts ciphertext into the MAC without decrypting it. */
  authenticate(ciphertext: Buffer): void {
    this.hmac.update(ciphertext);
  }

  /** Decrypts the ciphertext where it lies (counting it into the MAC is authenticate's job). */
  decryptInPlace(ciphertext: Buffer): void {
    this.applyKeystream(ciphertext);
  }

  /** The plaintext encrypted, as a new buffer (the caller's is left as it was); counted into the MAC. */
  encrypt(plaintext: Buffer): Buffer {
    const ciphertext = Buffer.from(plaintext);
    this.applyKeystream(ciphertext);
    this.hmac.update(ciphertext);
    return ciphertext;
  }

  /** The 10-byte authentication code of all the ciphertext so far. */
  mac(): Buffer {
    return this.hmac.digest().subarray(0, MAC_LENGTH);
  }

  /** XORs the bytes, in place, with the next bytes of keystream. */
  private applyKeystream(bytes: Buffer): void {
    for (let done = 0; done < bytes.length; done += KEYSTREAM_SLICE) {
      const slice = bytes.subarray(done, done + KEYSTREAM_SLICE);
      const skip = this.position % BLOCK;
      const firstBlock = (this.position - skip) / BLOCK;
      const blocks = Math.ceil((skip + slice.length) / BLOCK);
      this.keystream.write(this.ecb.update(this.counterBlocks(firstBlock, blocks), undefined, 'latin1'), 'latin1');
      xorInto(slice, this.keystream.subarray(skip, skip + slice.length));
      this.position += slice.length;
    }
  }

  /** The counter blocks of keystream blocks firstBlock onwards (at most a slice and one block). */
  private counterBlocks(firstBlock: number, blocks: number): Uint8Array {
    const view = this.counters;
    for (let block = 0; block < blocks; block++) {
      // Little-endian, starting at 1; an entry would need 64 GiB to carry past 32 bits.
      const counter = firstBlock + block + 1;
      view.setUint32(block * BLOCK, counter >>> 0, true);
      view.setUint32(block * BLOCK + 4, Math.floor(counter / 2 ** 32), true);
    }
    return new Uint8Array(view.buffer, 0, blocks * BLOCK);
  }
}
