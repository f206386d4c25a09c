// Read-back: while the write goes on, a CRC-32 of every 4 KiB block handed to the drive; after it,
// every written block read back from the drive and compared. A later write over a block (the MBR
// over the wiped first MiB) replaces its CRC, so what is compared is what the drive must hold last.
//
// The read-back rides on verify's own reads: `readBackWhileReading` wraps the drive so that every
// block verify reads is also compared with what was written there, and `finish` then reads only
// the written blocks verify did not need (the wiped MiBs, reserved sectors, alignment gaps). One
// pass over the drive proves both that it kept every block and that its filesystem holds the backup,
// and verify stays independent: it is told nothing of the layout, it only reads.
import { crc32 } from '../checksum/crc32.js';
import type { ByteSource } from '../fat/byte-source.js';
import { alignDown, alignUp, BLOCK_SIZE as BLOCK } from '../disk/align.js';
import { WrittenBlockCrcs } from './written-block-crcs.js';
import type { Target } from './target.js';

/** Blocks read in one read when sweeping what verify left unread. */
const SWEEP_BLOCKS = 256;
/** Blocks kept for reads of less than a block. */
const SMALL_READS_KEPT = 8;

export interface WrittenBlocks {
  /** The target to write through: it records every write, then passes it on. */
  readonly target: Target;
  /** Block index → CRC-32 of what was last written there. */
  readonly crcs: WrittenBlockCrcs;
}

export function recordWrites(target: Target): WrittenBlocks {
  const crcs = new WrittenBlockCrcs();
  return {
    crcs,
    target: {
      description: target.description,
      size: target.size,
      unwrittenReadsAsZero: target.unwrittenReadsAsZero,
      allocateBuffer: target.allocateBuffer?.bind(target),
      async write(bytes, offset) {
        // The CRCs are computed while the drive writes: `bytes` stay as they are until it is done.
        const written = target.write(bytes, offset);
        const first = offset / BLOCK;
        for (let index = 0; index * BLOCK < bytes.length; index++) crcs.set(first + index, crc32(bytes.subarray(index * BLOCK, (index + 1) * BLOCK)));
        await written;
      },
      flush: () => target.flush(),
      close: () => target.close(),
    },
  };
}

/** The first range that did not read back as written. */
export interface ReadBackMismatch {
  readonly offset: number;
  readonly length: number;
}

export interface ReadBackPass {
  /** The drive as verify reads it: every written block it reads is checked on the way. */
  readonly source: ByteSource;
  /** Reads the written blocks not read yet; the lowest bad run of blocks, or undefined when all matched. */
  finish(): Promise<ReadBackMismatch | undefined>;
}

/**
 * The drive, checked block by block against `written` as it is read. `onRead` hears of every read
 * (bytes read so far, and the bytes the whole pass reads at least: every written block once).
 */
export function readBackWhileReading(drive: ByteSource, written: WrittenBlockCrcs, onRead?: (bytesRead: number, bytesToRead: number) => void): ReadBackPass {
  let bytesRead = 0;
  let mismatch: { first: number; count: number } | undefined;
  // Blocks read for reads of less than a block: the first few are kept (the MBR, the boot sector
  // with its backup and FSInfo, which verify reads more than once), so that each is read from the
  // drive once. Later ones (small files) are read once anyway.
  const smallReads = new Map<number, Buffer>();
  const bytesToRead = (): number => bytesRead + written.untaken * BLOCK;

  /** Compares the whole blocks in `bytes` (which start at block `first`) that were written and not compared yet. */
  const check = (bytes: Buffer, first: number): void => {
    for (let index = 0; (index + 1) * BLOCK <= bytes.length; index++) {
      const block = first + index;
      const expected = written.take(block);
      if (expected === undefined) continue;
      if (crc32(bytes.subarray(index * BLOCK, (index + 1) * BLOCK)) === expected) continue;
      // Only the lowest bad run is named (blocks are not read in offset order: the sweep comes last).
      if (mismatch && block === mismatch.first + mismatch.count) mismatch.count++;
      else if (mismatch && block === mismatch.first - 1) mismatch = { first: block, count: mismatch.count + 1 };
      else if (!mismatch || block < mismatch.first) mismatch = { first: block, count: 1 };
    }
  };

  const readBlocks = async (offset: number, length: number, into?: Buffer): Promise<Buffer> => {
    const bytes = await drive.read(offset, length, into);
    bytesRead += length;
    check(bytes, offset / BLOCK);
    onRead?.(bytesRead, bytesToRead());
    return bytes;
  };

  const source: ByteSource = {
    size: drive.size,
    async read(offset, length, into) {
      const start = alignDown(offset, BLOCK);
      const end = Math.min(alignUp(offset + length, BLOCK), alignDown(drive.size, BLOCK));
      // Whole blocks asked for: read straight into the caller's buffer.
      if (start === offset && end === offset + length) return readBlocks(offset, length, into);
      // Otherwise the whole blocks around the range, so that they can be checked too.
      const result = into ? into.subarray(0, length).fill(0) : Buffer.alloc(length);
      if (end <= start) return result; // past the drive's end: zeros, as a drive reads there
      const blocks = await blocksAround(start, end);
      blocks.copy(result, 0, offset - start, Math.min(end, offset + length) - start);
      return result;
    },
  };

  const blocksAround = async (start: number, end: number): Promise<Buffer> => {
    if (end - start !== BLOCK) return readBlocks(start, end - start);
    const kept = smallReads.get(start);
    if (kept) return kept;
    // Read without a buffer to reuse: the bytes are the block's own, and can be kept.
    const block = await readBlocks(start, BLOCK);
    if (smallReads.size < SMALL_READS_KEPT) smallReads.set(start, block);
    return block;
  };

  return {
    source,
    async finish() {
      const buffer = Buffer.allocUnsafe(SWEEP_BLOCKS * BLOCK);
      for (const run of written.untakenRuns(SWEEP_BLOCKS)) {
        await readBlocks(run.first * BLOCK, run.count * BLOCK, buffer);
      }
      if (!mismatch) return undefined;
      return { offset: mismatch.first * BLOCK, length: mismatch.count * BLOCK };
    },
  };
}
