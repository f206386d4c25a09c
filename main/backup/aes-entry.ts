// Reading a WinZip AES entry: its keys from the passphrase (checked with the entry's verifier), its
// authentication code checked over the whole ciphertext before a byte is decrypted for the reader,
// then the ciphertext decrypted as it streams, where it lies (and shown once more to be the bytes
// that were authenticated, in case the file changed in between). A reader that uses nothing before
// the end (a hash) decrypts in one pass instead, the code checked at the end.
import { createCipheriv, randomBytes, timingSafeEqual, type CipherChaCha20Poly1305 } from 'node:crypto';
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

/**
 * What reading an entry's whole ciphertext proved once its MAC matched: the fingerprint of those
 * bytes, for a later read of the entry to match instead of the MAC.
 */
export interface Seal {
  readonly key: Buffer;
  readonly tag: Buffer;
}

/**
 * Reads the whole ciphertext once; fails with auth-mismatch when its MAC is not the stored one, and
 * gives its seal when it is.
 */
export async function authenticate(reader: ZipFileReader, keys: AesKeys, spans: AesSpans): Promise<Seal> {
  const check = new Authenticator(keys, spans.storedMac);
  await Promise.all([reader.feed(check, spans.cipherStart, spans.cipherEnd), finished(check)]);
  return check.seal!;
}

/**
 * A one-time fingerprint of ciphertext: Poly1305 (as ChaCha20-Poly1305 computes it over data it only
 * authenticates) under a key drawn at random that never leaves memory. A later read that ends with
 * the same tag read the very bytes whose MAC matched: without the key, no one can make other bytes
 * with the same tag. It costs a sixth of checking the HMAC-SHA1 again (512 MiB: 0.04 s against 0.28 s).
 */
class Fingerprint {
  private readonly poly: CipherChaCha20Poly1305;

  constructor(readonly key: Buffer = randomBytes(32)) {
    // The key is used for one run of bytes only (a second read must match its tag), so the nonce can stay zero.
    this.poly = createCipheriv('chacha20-poly1305', key, Buffer.alloc(12), { authTagLength: 16 });
  }

  update(ciphertext: Buffer): void {
    // Data it only authenticates: it encrypts none.
    this.poly.setAAD(ciphertext, { plaintextLength: 0 });
  }

  tag(): Buffer {
    this.poly.final();
    return this.poly.getAuthTag();
  }
}

/** Counts the ciphertext into the MAC and a fingerprint; fails at the end when the MAC differs. */
class Authenticator extends Writable {
  private readonly ctr: AesCtr;
  private readonly fingerprint = new Fingerprint();
  seal: Seal | undefined;

  constructor(
    keys: AesKeys,
    private readonly storedMac: Buffer,
  ) {
    super();
    this.ctr = new AesCtr(keys);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.ctr.authenticate(chunk);
    this.fingerprint.update(chunk);
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    if (!macMatches(this.ctr.mac(), this.storedMac)) return done(new AesEntryError('auth-mismatch'));
    this.seal = { key: this.fingerprint.key, tag: this.fingerprint.tag() };
    done();
  }
}

/**
 * A small entry's ciphertext (a chunk of the reader's at most) read whole, authenticated and
 * decrypted in one pass, and given to the sink (ended) only once it proved authentic: one read and
 * one pass, where a large entry needs two.
 */
export async function decryptedWhole<Sink extends Writable>(reader: ZipFileReader, keys: AesKeys, spans: AesSpans, sink: Sink): Promise<Sink> {
  const bytes = Buffer.allocUnsafe(spans.cipherEnd - spans.cipherStart);
  if ((await reader.readAt(bytes, spans.cipherStart)) < bytes.length) throw new AesEntryError('truncated');
  const decryption = new Decryption(keys, { storedMac: spans.storedMac });
  decryption.update(bytes);
  decryption.final();
  sink.end(bytes);
  return sink;
}

/** What the decrypted bytes must prove at the end: the MAC the zip stores, or the seal of an earlier read. */
type Proof = { readonly storedMac: Buffer } | { readonly seal: Seal };

/**
 * Decrypts the ciphertext as ZipFileReader.feed passes it on, in the reader's own buffers (no
 * buffer per chunk for the garbage collector); refuses the whole when it does not prove to be
 * authentic, and once it does, gives its seal to `onSealed`.
 */
export class Decryption implements ChunkFilter {
  private readonly ctr: AesCtr;
  private readonly fingerprint: Fingerprint;

  constructor(
    keys: AesKeys,
    private readonly proof: Proof,
    private readonly onSealed: (seal: Seal) => void = () => {},
  ) {
    this.ctr = new AesCtr(keys);
    this.fingerprint = new Fingerprint('seal' in proof ? proof.seal.key : undefined);
  }

  update(chunk: Buffer): void {
    // With a seal to match, the fingerprint alone shows the bytes are the authenticated ones.
    if ('storedMac' in this.proof) this.ctr.authenticate(chunk);
    this.fingerprint.update(chunk);
    this.ctr.decryptInPlace(chunk);
  }

  final(): void {
    const tag = this.fingerprint.tag();
    const authentic = 'seal' in this.proof ? timingSafeEqual(tag, this.proof.seal.tag) : macMatches(this.ctr.mac(), this.proof.storedMac);
    if (!authentic) throw new AesEntryError('auth-mismatch');
    this.onSealed({ key: this.fingerprint.key, tag });
  }
}
