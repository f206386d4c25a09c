// The write sequence: wipe the old partition table and signatures, write everything else in
// ascending order, flush, and only then the partition's boot sectors and the MBR. A write cut
// short anywhere before the end leaves a drive with no valid partition table, never a volume
// that looks like a good UNRAID flash.
import { ArchiveError } from '../backup/archive.js';
import { BlockWriter } from '../disk/block-writer.js';
import { extentBytes, generateExtents, type ContentSource } from '../disk/generate.js';
import type { Layout } from '../disk/layout.js';
import type { Target } from './target.js';

export type WritePhase = 'wipe' | 'data' | 'boot';

export interface WriteProgress {
  readonly phase: WritePhase;
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

export interface WriteOptions {
  readonly onProgress?: (progress: WriteProgress) => void;
  /** Runs once the body is written, before the boot sectors and the MBR: a last check that, by failing, leaves no partition table. */
  readonly beforeBoot?: () => Promise<void>;
}

const PHASE_NAMES: Record<WritePhase, string> = {
  wipe: 'clearing the old partition table',
  data: 'writing files and filesystem',
  boot: 'writing the boot sectors and partition table',
};

/** A write that stopped: which phase, why, and whether the target is left without a partition table. */
export class WriteError extends Error {
  constructor(
    readonly phase: WritePhase,
    message: string,
    /** True when the failure left no valid MBR on the target (always, unless the wipe or the MBR write itself failed). */
    readonly noPartitionTable: boolean,
    /** The file being written, when the failure concerns one. */
    readonly path: string | undefined,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'WriteError';
  }
}

export async function writeLayout(layout: Layout, content: ContentSource, target: Target, options: WriteOptions = {}): Promise<void> {
  if (layout.diskBytes > target.size) {
    throw new RangeError(`The layout is for ${layout.diskBytes} bytes; ${target.description} has ${target.size}.`);
  }
  const bytesTotal = extentBytes(layout.wipe) + extentBytes(layout.body) + extentBytes(layout.final);
  let phase: WritePhase = 'wipe';
  let phaseStart = 0;
  const generateOptions = {
    skipZeros: target.unwrittenReadsAsZero,
    onProgress: (bytesDone: number) => options.onProgress?.({ phase, bytesDone: phaseStart + bytesDone, bytesTotal }),
  };
  let noPartitionTable = target.unwrittenReadsAsZero;
  try {
    await writeInOrder(layout.wipe, content, target, generateOptions);
    noPartitionTable = true;
    phase = 'data';
    phaseStart = extentBytes(layout.wipe);
    await writeInOrder(layout.body, content, target, generateOptions);
    await options.beforeBoot?.();
    await target.flush();
    phase = 'boot';
    phaseStart += extentBytes(layout.body);
    // Whole blocks already (the partition's boot block, then the MBR), written as they are.
    for (const [index, extent] of layout.final.entries()) {
      // The last one is the MBR: once its write has begun, the target may hold a partition table.
      if (index === layout.final.length - 1) noPartitionTable = false;
      await target.write(extent.bytes, extent.offset);
      phaseStart += extent.length;
      generateOptions.onProgress(0);
    }
    await target.flush();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const path = error instanceof ArchiveError ? error.path : undefined;
    throw new WriteError(phase, `Failed while ${PHASE_NAMES[phase]} to ${target.description}: ${detail}`, noPartitionTable, path, { cause: error });
  }
}

/** One ascending pass (the wipe, then the body), through its own block writer. */
async function writeInOrder(
  extents: Parameters<typeof generateExtents>[0],
  content: ContentSource,
  target: Target,
  options: Parameters<typeof generateExtents>[3],
): Promise<void> {
  const writer = new BlockWriter(target);
  try {
    await generateExtents(extents, content, writer, options);
  } catch (error) {
    await writer.abandon();
    throw error;
  }
  await writer.finish();
}
