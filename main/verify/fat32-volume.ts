// Cluster-level access to a FAT32 volume: FAT entries (read in chunks, cached), cluster chains
// followed with every step checked, and the bytes of a chain.
import type { ByteSource } from './byte-source.js';
import type { Fat32Parameters } from './fat32-boot-sector.js';

/** Consecutive clusters of a chain. */
export interface ClusterSpan {
  readonly first: number;
  readonly count: number;
}

export interface Chain {
  readonly spans: readonly ClusterSpan[];
  readonly clusters: number;
  /** Why the chain is broken, if it is; `spans` then hold what could be followed. */
  readonly problem?: string;
}

const END_OF_CHAIN_MIN = 0x0ffffff8;
const BAD_CLUSTER = 0x0ffffff7;
/** The FAT is read and cached in chunks of this many bytes. */
export const FAT_CHUNK_BYTES = 1024 * 1024;
export const READ_BYTES = 1024 * 1024;
/** Chunks of the FAT kept once read whole (16 MiB: every entry of a 4 million-cluster FAT). */
const KEPT_FAT_CHUNKS = 16;

export class Fat32Volume {
  readonly clusterBytes: number;
  private readonly fatChunks = new Map<number, Buffer>();
  private readonly keptFatChunks = new Map<number, Buffer>();

  constructor(
    private readonly source: ByteSource,
    /** Where the volume starts on the source, in bytes. */
    readonly offset: number,
    readonly parameters: Fat32Parameters,
  ) {
    this.clusterBytes = parameters.sectorsPerCluster * parameters.bytesPerSector;
  }

  /** Byte offset on the source of FAT copy `copy`. */
  fatOffset(copy: number): number {
    const p = this.parameters;
    return this.offset + (p.reservedSectors + copy * p.fatSectors) * p.bytesPerSector;
  }

  get fatBytes(): number {
    return this.parameters.fatSectors * this.parameters.bytesPerSector;
  }

  isCluster(value: number): boolean {
    return value >= 2 && value <= this.parameters.clusterCount + 1;
  }

  /**
   * Keeps chunk `index` of the first FAT, read by whoever read the whole FAT, so that following
   * chains later reads nothing again; up to KEPT_FAT_CHUNKS of them, the rest is read on demand.
   */
  keepFatChunk(index: number, bytes: Buffer): void {
    if (this.keptFatChunks.size < KEPT_FAT_CHUNKS) this.keptFatChunks.set(index, bytes);
  }

  async fatEntry(cluster: number): Promise<number> {
    const at = cluster * 4;
    const chunkIndex = Math.floor(at / FAT_CHUNK_BYTES);
    let chunk = this.keptFatChunks.get(chunkIndex) ?? this.fatChunks.get(chunkIndex);
    if (!chunk) {
      if (this.fatChunks.size >= 4) this.fatChunks.delete(this.fatChunks.keys().next().value!);
      const start = chunkIndex * FAT_CHUNK_BYTES;
      chunk = await this.source.read(this.fatOffset(0) + start, Math.min(FAT_CHUNK_BYTES, this.fatBytes - start));
      this.fatChunks.set(chunkIndex, chunk);
    }
    return chunk.readUInt32LE(at - chunkIndex * FAT_CHUNK_BYTES) & 0x0fffffff;
  }

  /** Follows the chain from `first`, at most `limit` clusters (a longer one is broken or a loop). */
  async chain(first: number, limit: number): Promise<Chain> {
    const spans: ClusterSpan[] = [];
    let clusters = 0;
    let cluster = first;
    for (;;) {
      if (!this.isCluster(cluster)) return { spans, clusters, problem: `its cluster chain points to ${describeEntry(cluster)}` };
      if (clusters === limit) return { spans, clusters, problem: `its cluster chain is longer than its size allows (${limit} clusters)` };
      const last = spans.at(-1);
      if (last && last.first + last.count === cluster) spans[spans.length - 1] = { first: last.first, count: last.count + 1 };
      else spans.push({ first: cluster, count: 1 });
      clusters++;
      const next = await this.fatEntry(cluster);
      if (next >= END_OF_CHAIN_MIN) return { spans, clusters };
      cluster = next;
    }
  }

  /** The bytes of `spans`, in reads of up to 1 MiB, cut at `length`; with `into` (READ_BYTES), each read reuses it. */
  async *read(spans: readonly ClusterSpan[], length: number, into?: Buffer): AsyncGenerator<Buffer> {
    let remaining = length;
    for (const span of spans) {
      let at = this.clusterOffset(span.first);
      let spanBytes = span.count * this.clusterBytes;
      while (spanBytes > 0 && remaining > 0) {
        const count = Math.min(READ_BYTES, spanBytes, remaining);
        yield await this.source.read(at, count, into);
        at += count;
        spanBytes -= count;
        remaining -= count;
      }
    }
  }

  clusterOffset(cluster: number): number {
    const p = this.parameters;
    return this.offset + (p.dataStartSector + (cluster - 2) * p.sectorsPerCluster) * p.bytesPerSector;
  }
}

function describeEntry(value: number): string {
  if (value === 0) return 'a free cluster';
  if (value === BAD_CLUSTER) return 'a cluster marked bad';
  return `cluster ${value}, outside the volume`;
}
