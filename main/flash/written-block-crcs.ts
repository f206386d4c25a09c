// The CRC-32 of every 4 KiB block written to a drive, kept as runs of consecutive blocks in typed
// arrays: 4 bytes and a flag per block (about 1.3 MB for 1 GB written) rather than a map entry
// each, so memory stays small and flat as the backup grows. Writes mostly ascend, so a block
// usually extends the last run; a later write over a block replaces its CRC.

interface Run {
  first: number;
  count: number;
  crcs: Uint32Array;
  /** 1 once the block's CRC has been taken for comparison. */
  taken: Uint8Array;
}

const FIRST_CAPACITY = 256;

export class WrittenBlockCrcs {
  private readonly list: Run[] = [];
  /** Blocks recorded. */
  size = 0;
  /** Blocks recorded and not taken yet. */
  untaken = 0;

  /** Records what was last written to `block`. */
  set(block: number, crc: number): void {
    const index = this.indexAtOrBefore(block);
    const run = this.list[index];
    if (run && block < run.first + run.count) {
      const at = block - run.first;
      run.crcs[at] = crc;
      if (run.taken[at]) {
        run.taken[at] = 0;
        this.untaken++;
      }
      return;
    }
    this.size++;
    this.untaken++;
    if (run && block === run.first + run.count) {
      append(run, crc);
      this.mergeWithNext(index);
      return;
    }
    const fresh: Run = { first: block, count: 0, crcs: new Uint32Array(FIRST_CAPACITY), taken: new Uint8Array(FIRST_CAPACITY) };
    append(fresh, crc);
    this.list.splice(index + 1, 0, fresh);
    this.mergeWithNext(index + 1);
  }

  /** Whether anything was written to `block`. */
  has(block: number): boolean {
    const run = this.list[this.indexAtOrBefore(block)];
    return run !== undefined && block < run.first + run.count;
  }

  /** The CRC to compare `block` with, once: undefined when it was never written or was taken already. */
  take(block: number): number | undefined {
    const run = this.list[this.indexAtOrBefore(block)];
    if (!run || block >= run.first + run.count) return undefined;
    const at = block - run.first;
    if (run.taken[at]) return undefined;
    run.taken[at] = 1;
    this.untaken--;
    return run.crcs[at];
  }

  /** The blocks not taken yet, as ascending runs of consecutive blocks, at most `limit` to a run. */
  *untakenRuns(limit: number): Generator<{ readonly first: number; readonly count: number }> {
    for (const run of this.list) {
      let start = -1;
      for (let at = 0; at <= run.count; at++) {
        const open = at < run.count && !run.taken[at];
        if (open && start < 0) start = at;
        if (start >= 0 && (!open || at - start === limit)) {
          yield { first: run.first + start, count: at - start };
          start = open ? at : -1;
        }
      }
    }
  }

  /** The index of the last run starting at or before `block`; -1 when there is none. */
  private indexAtOrBefore(block: number): number {
    let low = 0;
    let high = this.list.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.list[middle]!.first <= block) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  private mergeWithNext(index: number): void {
    const run = this.list[index]!;
    const next = this.list[index + 1];
    if (!next || next.first !== run.first + run.count) return;
    for (let at = 0; at < next.count; at++) {
      append(run, next.crcs[at]!);
      run.taken[run.count - 1] = next.taken[at]!;
    }
    this.list.splice(index + 1, 1);
  }
}

function append(run: Run, crc: number): void {
  if (run.count === run.crcs.length) {
    const crcs = new Uint32Array(run.crcs.length * 2);
    crcs.set(run.crcs);
    const taken = new Uint8Array(run.taken.length * 2);
    taken.set(run.taken);
    run.crcs = crcs;
    run.taken = taken;
  }
  run.crcs[run.count] = crc;
  run.taken[run.count] = 0;
  run.count++;
}
