// FAT entries computed on demand from the allocation, so even the 32 MiB FATs of a 256 GiB
// volume are produced a chunk at a time and never held whole.
import { FIRST_CLUSTER } from './geometry.js';

/** Clusters given to one file or directory: always one contiguous run. */
export interface ClusterRun {
  readonly firstCluster: number;
  readonly clusterCount: number;
}

export const FAT_ENTRY_BYTES = 4;
export const END_OF_CHAIN = 0x0fffffff;
const MEDIA_ENTRY = 0x0ffffff8;
// Entry 1 with the "clean shutdown" and "no I/O error" bits set.
const CLEAN_ENTRY = 0x0fffffff;

/**
 * Fills `target` with the FAT entries that start at `firstEntry`: each run chains its clusters
 * and ends with end-of-chain; clusters of no run are free (0). `runs` are sorted by cluster.
 */
export function fillFatEntries(target: Buffer, runs: readonly ClusterRun[], firstEntry: number): void {
  target.fill(0);
  const endEntry = firstEntry + Math.floor(target.length / FAT_ENTRY_BYTES);
  const put = (entry: number, value: number): void => {
    target.writeUInt32LE(value, (entry - firstEntry) * FAT_ENTRY_BYTES);
  };
  if (firstEntry === 0 && endEntry > 0) put(0, MEDIA_ENTRY);
  if (firstEntry <= 1 && endEntry > 1) put(1, CLEAN_ENTRY);
  for (let index = firstRunReaching(runs, firstEntry); index < runs.length; index++) {
    const run = runs[index]!;
    if (run.firstCluster >= endEntry) break;
    const lastCluster = run.firstCluster + run.clusterCount - 1;
    const stop = Math.min(lastCluster, endEntry - 1);
    for (let cluster = Math.max(run.firstCluster, firstEntry); cluster <= stop; cluster++) {
      put(cluster, cluster === lastCluster ? END_OF_CHAIN : cluster + 1);
    }
  }
}

/** Bytes of the FAT that are not all zero: entries 0 and 1 and every allocated cluster. */
export function usedFatBytes(runs: readonly ClusterRun[]): number {
  const last = runs.at(-1);
  const entries = last ? last.firstCluster + last.clusterCount : FIRST_CLUSTER;
  return entries * FAT_ENTRY_BYTES;
}

/** Index of the first run whose last cluster is at or after `cluster` (binary search). */
function firstRunReaching(runs: readonly ClusterRun[], cluster: number): number {
  let low = 0;
  let high = runs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const run = runs[middle]!;
    if (run.firstCluster + run.clusterCount - 1 < cluster) low = middle + 1;
    else high = middle;
  }
  return low;
}
