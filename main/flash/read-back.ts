// Read-back: while the write goes on, a CRC-32 of every 4 KiB block handed to the drive; after it,
// every written block read back from the drive and compared. A later write over a block (the MBR
// over the wiped first MiB) replaces its CRC, so what is compared is what the drive must hold last.
import { crc32 } from '../checksum/crc32.js';
import type { ByteSource } from '../fat/byte-source.js';
import { BLOCK_SIZE as BLOCK } from '../disk/align.js';
import { megabytes } from './block-device-target.js';
import type { Target } from './target.js';

/** Blocks read back in one read. */
const READ_BLOCKS = 1024;

export interface WrittenBlocks {
  /** The target to write through: it records every write, then passes it on. */
  readonly target: Target;
  /** Block index → CRC-32 of what was last written there. */
  readonly crcs: ReadonlyMap<number, number>;
}

export function recordWrites(target: Target): WrittenBlocks {
  const crcs = new Map<number, number>();
  return {
    crcs,
    target: {
      description: target.description,
      size: target.size,
      unwrittenReadsAsZero: target.unwrittenReadsAsZero,
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
  readonly message: string;
}

/** Reads back every written block in ascending runs; the first bad run of blocks, or undefined when all match. */
export async function readBack(
  source: ByteSource,
  written: ReadonlyMap<number, number>,
  onProgress?: (bytesDone: number, bytesTotal: number) => void,
): Promise<ReadBackMismatch | undefined> {
  const blocks = [...written.keys()].sort((a, b) => a - b);
  const total = blocks.length * BLOCK;
  let done = 0;
  const buffer = Buffer.allocUnsafe(READ_BLOCKS * BLOCK);
  for (const run of ascendingRuns(blocks, READ_BLOCKS)) {
    const bytes = await source.read(run.first * BLOCK, run.count * BLOCK, buffer);
    const bad = badBlocks(bytes, run.first, written);
    if (bad) {
      const offset = bad.first * BLOCK;
      const length = bad.count * BLOCK;
      return {
        offset,
        length,
        message: `Read-back found different bytes on the drive at ${megabytes(offset)} (bytes ${offset}–${offset + length - 1}): the drive did not keep what was written.`,
      };
    }
    done += bytes.length;
    onProgress?.(done, total);
  }
  return undefined;
}

interface Run {
  readonly first: number;
  readonly count: number;
}

/** Consecutive block indexes grouped into runs of at most `limit`. */
export function ascendingRuns(sorted: readonly number[], limit: number): Run[] {
  const runs: Run[] = [];
  let first = -1;
  let count = 0;
  for (const block of sorted) {
    if (count > 0 && block === first + count && count < limit) {
      count++;
      continue;
    }
    if (count > 0) runs.push({ first, count });
    first = block;
    count = 1;
  }
  if (count > 0) runs.push({ first, count });
  return runs;
}

/** The first run of consecutive mismatching blocks in `bytes` (which start at block `first`). */
function badBlocks(bytes: Buffer, first: number, written: ReadonlyMap<number, number>): Run | undefined {
  let bad: { first: number; count: number } | undefined;
  for (let index = 0; index * BLOCK < bytes.length; index++) {
    const block = first + index;
    const matches = crc32(bytes.subarray(index * BLOCK, (index + 1) * BLOCK)) === written.get(block);
    if (!matches) {
      if (bad) bad.count++;
      else bad = { first: block, count: 1 };
    } else if (bad) {
      return bad;
    }
  }
  return bad;
}
