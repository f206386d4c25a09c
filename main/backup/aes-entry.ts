// Reading a WinZip AES entry: its keys from the passphrase (checked with the entry's verifier), its
// authentication code checked over the whole ciphertext before a byte is decrypted for the reader,
// then the ciphertext decrypted as it streams, where it lies (and authenticated once more, in case
// the file changed in between).
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ChunkFilter, ZipFileReader } from './file-reader.js';
import { AesCtr, deriveKeys, MAC_LENGTH, macMatches, saltLength, VERIFIER_LENGTH, verifierMatches, type AesKeys, type AesStrength } from './winzip-aes.js';

/** Where an AES entry's parts lie in the zip file. */
export interface AesSpans {
  readonly salt: Buffer;
  readonly verifier: Buffer;
  readonly storedMac: Buffer;
  readonly cipherStart: number;
  readonly cipherEnd: number;
}

export type AesFailure = 'wrong-passphrase' | 'auth-mismatch' | 'truncated';

export class AesEntryError extends Error {
  constructor(readonly reason: AesFailure) {
    super(reason);
  }
}

/** The salt, verifier and MAC around an entry's ciphertext (dataStart..dataEnd are its stored bytes). */
export async function readAesSpans(reader: ZipFileReader, strength: AesStrength, dataStart: number, dataEnd: number): Promise<AesSpans> {
  const head = Buffer.alloc(saltLength(strength) + VERIFIER_LENGTH);
  const storedMac = Buffer.alloc(MAC_LENGTH);
  const cipherStart = dataStart + head.length;
  const cipherEnd = dataEnd - MAC_LENGTH;
  if (cipherEnd < cipherStart) throw new AesEntryError('truncated');
  if ((await reader.peekAt(head, dataStart)) < head.length || (await reader.peekAt(storedMac, cipherEnd)) < MAC_LENGTH) throw new AesEntryError('truncated');
  return { salt: head.subarray(0, -VERIFIER_LENGTH), verifier: head.subarray(-VERIFIER_LENGTH), storedMac, cipherStart, cipherEnd };
}

/** The entry's keys; fails with wrong-passphrase when the verifier says the passphrase is not the one. */
export async function entryKeys(passphrase: Buffer, strength: AesStrength, spans: AesSpans): Promise<AesKeys> {
  const keys = await deriveKeys(passphrase, spans.salt, strength);
  if (!verifierMatches(keys, spans.verifier)) throw new AesEntryError('wrong-passphrase');
  return keys;
}

/** Reads the whole ciphertext once and fails with auth-mismatch when its MAC is not the stored one. */
export async function authenticate(reader: ZipFileReader, keys: AesKeys, spans: AesSpans): Promise<void> {
  const check = new Authenticator(keys, spans.storedMac);
  await Promise.all([reader.feed(check, spans.cipherStart, spans.cipherEnd), finished(check)]);
}

/** Counts the ciphertext into the MAC; fails at the end when the MAC differs. */
class Authenticator extends Writable {
  private readonly ctr: AesCtr;

  constructor(
    keys: AesKeys,
    private readonly storedMac: Buffer,
  ) {
    super();
    this.ctr = new AesCtr(keys);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.ctr.authenticate(chunk);
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    done(macMatches(this.ctr.mac(), this.storedMac) ? null : new AesEntryError('auth-mismatch'));
  }
}

/**
 * Decrypts the ciphertext as ZipFileReader.feed passes it on, in the reader's own buffers (no
 * buffer per chunk for the garbage collector); refuses the whole when its MAC is not the stored one.
 */
export class Decryption implements ChunkFilter {
  private readonly ctr: AesCtr;

  constructor(
    keys: AesKeys,
    private readonly storedMac: Buffer,
  ) {
    this.ctr = new AesCtr(keys);
  }

  update(chunk: Buffer): void {
    this.ctr.decryptInPlace(chunk);
  }

  final(): void {
    if (!macMatches(this.ctr.mac(), this.storedMac)) throw new AesEntryError('auth-mismatch');
  }
}
