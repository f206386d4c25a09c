// An AES entry's ciphertext decrypted as the reader feeds it on, in the reader's own reused buffers,
// from a real file: whole and in order for a sink that keeps each chunk a while, and refused before
// the sink is ended when the bytes changed after the entry was authenticated; read in one pass, its
// code checked at the end, and sealed for the next read only when it matched.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AesEntryError, authenticate, Decryption, entryKeys, readAesSpans, type Seal } from '../../main/backup/aes-entry.js';
import { ZipFileReader } from '../../main/backup/file-reader.js';
import { AesCtr, deriveKeys, saltLength } from '../../main/backup/winzip-aes.js';
import { tempPath } from './temp-zip.js';

const PASSPHRASE = Buffer.from('a passphrase for the entry');
/** More 1 MiB chunks than the reader has buffers, and not a whole number of AES blocks. */
const PLAINTEXT = randomBytes(4 * 1024 * 1024 + 300_007);

/** An entry's stored bytes as WinZip AES-256 lays them out, alone in a file: salt, verifier, ciphertext, MAC. */
async function entryFile(): Promise<string> {
  const salt = randomBytes(saltLength(3));
  const keys = await deriveKeys(PASSPHRASE, salt, 3);
  const ctr = new AesCtr(keys);
  const ciphertext = ctr.encrypt(PLAINTEXT);
  const path = tempPath('aes-entry.bin');
  writeFileSync(path, Buffer.concat([salt, keys.verifier, ciphertext, ctr.mac()]));
  return path;
}

/** Keeps each chunk a few milliseconds before copying it, as a busy inflate would: a buffer reused too early shows. */
class SlowSink extends Writable {
  readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    setTimeout(() => {
      this.chunks.push(Buffer.from(chunk));
      done();
    }, 3);
  }
}

/** Changes one bit of the file's byte at `position` (a byte written over with a fixed value may already hold it). */
function flipByte(path: string, position: number): void {
  const file = openSync(path, 'r+');
  try {
    const byte = Buffer.alloc(1);
    readSync(file, byte, 0, 1, position);
    writeSync(file, Buffer.from([byte[0]! ^ 0x01]), 0, 1, position);
  } finally {
    closeSync(file);
  }
}

async function authenticatedEntry(path: string) {
  const reader = await ZipFileReader.open(path);
  const spans = await readAesSpans(reader, 3, 0, reader.size);
  const keys = await entryKeys(PASSPHRASE, 3, spans);
  const seal = await authenticate(reader, keys, spans);
  return { reader, spans, decryption: new Decryption(keys, { seal }) };
}

describe('Decryption, as ZipFileReader.feed passes the ciphertext on', () => {
  it('gives the plaintext whole and in order, though it decrypts in a few buffers used in turn', async () => {
    const { reader, spans, decryption } = await authenticatedEntry(await entryFile());
    const sink = new SlowSink();
    try {
      await reader.feed(sink, spans.cipherStart, spans.cipherEnd, decryption);
    } finally {
      await new Promise((resolve) => reader.close(resolve));
    }
    expect(sink.chunks.length).toBe(5);
    expect(Buffer.concat(sink.chunks).equals(PLAINTEXT)).toBe(true);
    expect(sink.writableEnded).toBe(true);
  });

  it('refuses bytes changed after the entry was authenticated, before the sink is ended', async () => {
    const path = await entryFile();
    const { reader, spans, decryption } = await authenticatedEntry(path);
    // The zip changes on disk between the check and the reading (the reader's file stays open).
    flipByte(path, spans.cipherStart + 3_500_000);
    const sink = new SlowSink();
    try {
      const error = await reader.feed(sink, spans.cipherStart, spans.cipherEnd, decryption).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(AesEntryError);
      expect((error as AesEntryError).reason).toBe('auth-mismatch');
    } finally {
      await new Promise((resolve) => reader.close(resolve));
    }
    expect(sink.writableEnded).toBe(false);
  });

  it('in one pass, with no check before: the MAC is checked at the end, and gives a seal that a second read matches', async () => {
    const reader = await ZipFileReader.open(await entryFile());
    try {
      const spans = await readAesSpans(reader, 3, 0, reader.size);
      const keys = await entryKeys(PASSPHRASE, 3, spans);
      const seals: Seal[] = [];
      const first = new SlowSink();
      await reader.feed(first, spans.cipherStart, spans.cipherEnd, new Decryption(keys, { storedMac: spans.storedMac }, (seal) => seals.push(seal)));
      expect(Buffer.concat(first.chunks).equals(PLAINTEXT)).toBe(true);
      expect(seals).toHaveLength(1);
      const second = new SlowSink();
      await reader.feed(second, spans.cipherStart, spans.cipherEnd, new Decryption(keys, { seal: seals[0]! }));
      expect(Buffer.concat(second.chunks).equals(PLAINTEXT)).toBe(true);
    } finally {
      await new Promise((resolve) => reader.close(resolve));
    }
  });

  it('in one pass: altered bytes are refused at the end, before the sink is ended, and give no seal', async () => {
    const path = await entryFile();
    flipByte(path, 4_000_000);
    const reader = await ZipFileReader.open(path);
    const seals: Seal[] = [];
    const sink = new SlowSink();
    try {
      const spans = await readAesSpans(reader, 3, 0, reader.size);
      const decryption = new Decryption(await entryKeys(PASSPHRASE, 3, spans), { storedMac: spans.storedMac }, (seal) => seals.push(seal));
      const error = await reader.feed(sink, spans.cipherStart, spans.cipherEnd, decryption).then(() => undefined, (caught: unknown) => caught);
      expect((error as AesEntryError).reason).toBe('auth-mismatch');
    } finally {
      await new Promise((resolve) => reader.close(resolve));
    }
    expect(seals).toEqual([]);
    expect(sink.writableEnded).toBe(false);
  });
});
