// A deflate stream inflated for a caller that only looks at the bytes (the bz check's SHA-256). A
// zip tool's deflate stores what does not compress (the bz* images, already compressed) as stored
// blocks, the bytes as they are behind a 5-byte header: those are handed on where they lie in the
// reader's buffer, with no copy and no round trip to zlib. From the first block of another kind on,
// zlib inflates the rest, given the last 32 KiB handed on as its dictionary: the furthest back a
// deflate back-reference reaches (RFC 1951, 3.2.5). Each stored block starts on a byte boundary, as
// the stream's first block does, so the rest is a raw deflate stream of its own.
//
// The bz check of a 500 MB backup took 0.51–0.55 s through zlib and 0.38–0.40 s this way (no copy).
import { createInflateRaw, type InflateRaw, type ZlibOptions } from 'node:zlib';

/** BTYPE 00 in a block header's bits 1–2 (bit 0 is BFINAL). */
const STORED = 0;
/** A stored block's header: the byte holding BFINAL and BTYPE, then LEN and NLEN (its one's complement). */
const STORED_HEADER_BYTES = 5;
/** Deflate's window: how far back a back-reference may reach. */
const WINDOW_BYTES = 32 * 1024;

/**
 * Inflates the raw deflate stream `chunks` hold, handing `onBytes` each piece of what it holds in
 * order. A piece is valid only during the call. Fails as zlib does, in its words, on a stream that
 * is damaged or ends before its last block; bytes after the last block are ignored, as zlib ignores
 * them (and after a last stored block, not even read). zlib, if needed, is made with `options`
 * (its chunk size: each chunk is a round trip to the thread pool).
 */
export async function inflateScan(chunks: AsyncIterable<Buffer>, onBytes: (bytes: Buffer) => void, options: ZlibOptions = {}): Promise<void> {
  const window = new RecentBytes();
  const header = Buffer.alloc(STORED_HEADER_BYTES);
  let headerBytes = 0;
  let blockLeft = 0;
  let lastBlock = false;
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const chunk = next.value;
      for (let at = 0; at < chunk.length; ) {
        if (blockLeft > 0) {
          const bytes = chunk.subarray(at, at + blockLeft);
          window.handedOn(bytes);
          onBytes(bytes);
          blockLeft -= bytes.length;
          at += bytes.length;
        } else if (lastBlock) {
          return;
        } else if (headerBytes === 0 && ((chunk[at]! >> 1) & 3) !== STORED) {
          return await inflateRest(chunk.subarray(at), iterator, { ...options, dictionary: window.settle() }, onBytes);
        } else {
          const taken = chunk.copy(header, headerBytes, at, at + STORED_HEADER_BYTES - headerBytes);
          headerBytes += taken;
          at += taken;
          if (headerBytes < STORED_HEADER_BYTES) continue;
          headerBytes = 0;
          lastBlock = (header[0]! & 1) === 1;
          blockLeft = header.readUInt16LE(1);
          if ((blockLeft ^ 0xffff) !== header.readUInt16LE(3)) throw new Error('invalid stored block lengths');
        }
      }
      // The reader fills this chunk's buffer again soon: what the window needs of it is copied now.
      window.settle();
    }
  } finally {
    // However it ends, the chunks are not read further (a reader stops its read ahead).
    await iterator.return?.();
  }
  if (!lastBlock || blockLeft > 0) throw new Error('unexpected end of file');
}

/**
 * The rest of the stream through zlib: `first`, then the chunks still to come, each written once
 * zlib is done with the one before (the reader fills them again). Fails with zlib's error, or with
 * what onBytes threw.
 */
async function inflateRest(first: Buffer, rest: AsyncIterator<Buffer>, options: ZlibOptions & { dictionary: Buffer }, onBytes: (bytes: Buffer) => void): Promise<void> {
  // An empty dictionary is none: the stream's first block was not a stored one.
  const inflate: InflateRaw = createInflateRaw(options.dictionary.length > 0 ? options : { ...options, dictionary: undefined });
  let failure: Error | undefined;
  inflate.on('error', (error) => (failure ??= error));
  inflate.on('data', (bytes: Buffer) => {
    if (failure) return;
    try {
      onBytes(bytes);
    } catch (error) {
      inflate.destroy((failure = error as Error));
    }
  });
  const closed = new Promise<void>((resolve) => inflate.once('close', resolve));
  // zlib calls no write's callback once it has failed: closing ends the wait too.
  const written = (bytes: Buffer): Promise<void> => Promise.race([new Promise<void>((resolve) => inflate.write(bytes, () => resolve())), closed]);
  try {
    await written(first);
    for (let next = await rest.next(); !next.done && !failure; next = await rest.next()) await written(next.value);
    if (!failure) inflate.end();
    await closed;
    if (failure) throw failure;
  } finally {
    inflate.destroy();
  }
}

/**
 * The last WINDOW_BYTES handed on. Pieces are noted as they go by and copied out of the reader's
 * buffer only when it is about to be filled again (settle), and then only the ones the window
 * needs: about 32 KiB a chunk, not every byte.
 */
class RecentBytes {
  private readonly ring = Buffer.alloc(WINDOW_BYTES);
  private length = 0;
  private pieces: Buffer[] = [];

  handedOn(bytes: Buffer): void {
    this.pieces.push(bytes);
  }

  /** Copies what the window needs of the pieces noted; the window's bytes. */
  settle(): Buffer {
    let first = this.pieces.length;
    for (let bytes = 0; first > 0 && bytes < WINDOW_BYTES; ) bytes += this.pieces[--first]!.length;
    for (const bytes of this.pieces.slice(first)) this.keep(bytes);
    this.pieces = [];
    return this.ring.subarray(0, this.length);
  }

  private keep(bytes: Buffer): void {
    if (bytes.length >= WINDOW_BYTES) {
      bytes.copy(this.ring, 0, bytes.length - WINDOW_BYTES);
      this.length = WINDOW_BYTES;
      return;
    }
    const kept = Math.min(this.length, WINDOW_BYTES - bytes.length);
    this.ring.copy(this.ring, 0, this.length - kept, this.length);
    bytes.copy(this.ring, kept);
    this.length = kept + bytes.length;
  }
}
