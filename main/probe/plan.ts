// Where the capacity probe writes, as data: a contiguous run at the start of the drive (it holds
// the places a wrapping drive maps high addresses onto, gives a sequential speed sample, and is
// written last so a stick's own cache has been filled by other writes before anything is read),
// both sides of every power of two, places in the last MiB, and random places in between.

/** One probed place is one 4 KiB block: direct I/O's alignment for every logical block size. */
export const PROBE_BLOCK = 4096;
export const MIB = 2 ** 20;
/**
 * The run at the start of the drive when nothing else is asked. A drive that wraps at a size that
 * is no power of two maps a high place onto memory the probe did not stamp, unseen, unless it
 * lands in the run: the larger the run and the more random places, the likelier one does (with a
 * 8 MiB run and 128 places, about 3 times in 4 for a 64 GB drive holding 700 MiB; `check` looks
 * harder). A larger run also outlasts a stick’s own cache, but is written twice: this one costs
 * about 2 s on a 20/30 MiB/s stick (npm run bench) and under 20 s on a 1 MB/s one.
 */
export const DEFAULT_RUN_BYTES = 8 * MIB;
export const DEFAULT_RANDOM_PLACES = 128;

export interface ProbePlanOptions {
  /** Bytes of the contiguous run at offset 0 (a multiple of PROBE_BLOCK). */
  readonly runBytes?: number;
  readonly randomPlaces?: number;
  /** Uniform in [0, 1); Math.random when omitted. Tests pass a seeded one. */
  readonly random?: () => number;
  /**
   * A second round that narrows down where a drive stops keeping data: only places evenly spread
   * strictly between `from` (the last place that kept its stamp) and `to` (the first that did
   * not), besides the run.
   */
  readonly between?: { readonly from: number; readonly to: number };
}

/** Places of a second round between the last good and the first bad place. */
export const REFINING_PLACES = 64;

/** A stretch of probed blocks, written and read as one. */
export interface ProbeExtent {
  readonly offset: number;
  readonly length: number;
}

export interface ProbePlan {
  /** Ascending, disjoint, block-aligned, all inside the drive. */
  readonly extents: readonly ProbeExtent[];
  /** The first extent: the run at offset 0. */
  readonly run: ProbeExtent;
  readonly places: number;
}

/** The probe's places on a drive of `size` bytes. Pure but for `random`. */
export function planProbe(size: number, options: ProbePlanOptions = {}): ProbePlan {
  const lastBlock = alignDown(size - PROBE_BLOCK);
  if (lastBlock < 0) throw new RangeError(`A drive of ${size} bytes is too small to probe.`);
  const runBytes = Math.min(alignDown(options.runBytes ?? DEFAULT_RUN_BYTES), lastBlock + PROBE_BLOCK);
  const random = options.random ?? Math.random;
  const blocks = new Set<number>();
  if (options.between) {
    const { from, to } = options.between;
    for (let index = 1; index <= REFINING_PLACES; index++) blocks.add(alignDown(from + ((to - from) * index) / (REFINING_PLACES + 1)));
    return planOf(size, runBytes, lastBlock, [...blocks].filter((offset) => offset > from && offset < to));
  }
  for (let power = PROBE_BLOCK; power <= lastBlock; power *= 2) {
    blocks.add(power - PROBE_BLOCK);
    blocks.add(power);
  }
  for (const back of [MIB, MIB / 2, 64 * 1024, 2 * PROBE_BLOCK, PROBE_BLOCK]) blocks.add(alignDown(size - back));
  const randomPlaces = options.randomPlaces ?? DEFAULT_RANDOM_PLACES;
  for (let index = 0; index < randomPlaces; index++) blocks.add(alignDown(runBytes + random() * (lastBlock - runBytes)));
  return planOf(size, runBytes, lastBlock, [...blocks]);
}

function planOf(size: number, runBytes: number, lastBlock: number, blocks: readonly number[]): ProbePlan {
  const outside = [...new Set(blocks)].filter((offset) => offset >= runBytes && offset <= lastBlock).sort((a, b) => a - b);
  const run = { offset: 0, length: runBytes };
  const extents = joinBlocks(outside, run);
  return { extents, run: extents[0]!, places: extents.reduce((sum, extent) => sum + extent.length / PROBE_BLOCK, 0) };
}

/** Ascending blocks as extents, neighbours joined (onto the end of `first` too, when given). */
export function joinBlocks(sortedBlocks: readonly number[], first?: ProbeExtent): ProbeExtent[] {
  const extents: { offset: number; length: number }[] = first ? [{ ...first }] : [];
  for (const offset of sortedBlocks) {
    const last = extents[extents.length - 1];
    if (last && last.offset + last.length === offset) last.length += PROBE_BLOCK;
    else extents.push({ offset, length: PROBE_BLOCK });
  }
  return extents;
}

function alignDown(bytes: number): number {
  return Math.floor(bytes / PROBE_BLOCK) * PROBE_BLOCK;
}
