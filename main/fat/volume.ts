// Cluster-level access to a FAT12, FAT16 or FAT32 volume: FAT entries (read in chunks, cached; from
// the next copy of the FAT when a chunk of one cannot be read), cluster chains followed with every
// step checked, the bytes of a chain, and FAT12/16's fixed root folder region.
import type { ByteSource } from './byte-source.js';
import type { FatParameters, FatType } from './boot-sector.js';
import type { FatReason } from './reasons.js';
import { message } from '../../shared/message.js';

/** Consecutive clusters of a chain. */
export interface ClusterSpan {
  readonly first: number;
  readonly count: number;
}

export interface Chain {
  readonly spans: readonly ClusterSpan[];
  readonly clusters: number;
  /** Why the chain is broken, if it is; `spans` then hold what could be followed. */
  readonly problem?: FatReason;
}

/** No copy of the FAT can be read where a cluster's entry lies: the chain through it is unknown. */
export class FatEntryUnreadable extends Error {
  override name = 'FatEntryUnreadable';
  readonly reason: FatReason;

  constructor(cluster: number, cause: unknown) {
    const detail = messageOf(cause);
    super(`no copy of the FAT can be read where cluster ${cluster}'s entry is (${detail})`);
    this.reason = message('fat.reason.no-fat-copy', { cluster, detail });
  }
}

/** The bits that count in an entry, per FAT type; the bad-cluster mark is this less 8, end of chain above it. */
const ENTRY_MASK: Record<FatType, number> = { 12: 0xfff, 16: 0xffff, 32: 0x0fffffff };
/** The FAT is read and cached in chunks of this many bytes. */
export const FAT_CHUNK_BYTES = 1024 * 1024;
/** Chunks of the FAT kept once read whole (16 MiB: every entry of a 4 million-cluster FAT). */
const KEPT_FAT_CHUNKS = 16;

/** A chunk of the FAT as read, with the sectors (by index in the chunk) no copy could give, and why. */
interface FatChunk {
  readonly bytes: Buffer;
  readonly unreadable: ReadonlyMap<number, unknown>;
}
export const READ_BYTES = 1024 * 1024;

export class FatVolume {
  readonly clusterBytes: number;
  private readonly fatChunks = new Map<number, FatChunk>();
  private readonly keptFatChunks = new Map<number, FatChunk>();
  private readonly badCluster: number;

  constructor(
    readonly source: ByteSource,
    /** Where the volume starts on the source, in bytes. */
    readonly offset: number,
    readonly parameters: FatParameters,
  ) {
    this.clusterBytes = parameters.sectorsPerCluster * parameters.bytesPerSector;
    this.badCluster = ENTRY_MASK[parameters.fatType] - 8;
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
    if (this.keptFatChunks.size < KEPT_FAT_CHUNKS) this.keptFatChunks.set(index, { bytes, unreadable: new Map() });
  }

  async fatEntry(cluster: number): Promise<number> {
    const { fatType, bytesPerSector } = this.parameters;
    // FAT12 packs two entries in three bytes; a FAT12 FAT (at most 6 KiB) is one chunk.
    const at = fatType === 12 ? Math.floor(cluster * 1.5) : cluster * (fatType / 8);
    const chunkIndex = Math.floor(at / FAT_CHUNK_BYTES);
    let chunk = this.keptFatChunks.get(chunkIndex) ?? this.fatChunks.get(chunkIndex);
    if (!chunk) {
      if (this.fatChunks.size >= 4) this.fatChunks.delete(this.fatChunks.keys().next().value!);
      chunk = await this.readFatChunk(chunkIndex * FAT_CHUNK_BYTES);
      this.fatChunks.set(chunkIndex, chunk);
    }
    const inChunk = at - chunkIndex * FAT_CHUNK_BYTES;
    const entryBytes = fatType === 32 ? 4 : 2;
    for (let sector = Math.floor(inChunk / bytesPerSector); sector <= Math.floor((inChunk + entryBytes - 1) / bytesPerSector); sector++) {
      const failure = chunk.unreadable.get(sector);
      if (failure !== undefined) throw new FatEntryUnreadable(cluster, failure);
    }
    const { bytes } = chunk;
    if (fatType === 32) return bytes.readUInt32LE(inChunk) & ENTRY_MASK[32];
    if (fatType === 16) return bytes.readUInt16LE(inChunk);
    const pair = bytes.readUInt16LE(inChunk);
    return cluster % 2 === 0 ? pair & 0xfff : pair >> 4;
  }

  /**
   * A chunk of the first copy of the FAT that can be read; when none can be read whole, sector by
   * sector from any copy, so that only the entries in sectors no copy has are lost.
   */
  private async readFatChunk(start: number): Promise<FatChunk> {
    const length = Math.min(FAT_CHUNK_BYTES, this.fatBytes - start);
    const { fatCount, bytesPerSector } = this.parameters;
    const firstReadable = async (offset: number, count: number): Promise<Buffer | { failure: unknown }> => {
      let failure: unknown;
      for (let copy = 0; copy < fatCount; copy++) {
        try {
          return await this.source.read(this.fatOffset(copy) + offset, count);
        } catch (error) {
          failure ??= error;
        }
      }
      return { failure };
    };
    const whole = await firstReadable(start, length);
    if (Buffer.isBuffer(whole)) return { bytes: whole, unreadable: new Map() };
    const bytes = Buffer.alloc(length);
    const unreadable = new Map<number, unknown>();
    for (let sector = 0; sector * bytesPerSector < length; sector++) {
      const read = await firstReadable(start + sector * bytesPerSector, Math.min(bytesPerSector, length - sector * bytesPerSector));
      if (Buffer.isBuffer(read)) read.copy(bytes, sector * bytesPerSector);
      else unreadable.set(sector, read.failure);
    }
    return { bytes, unreadable };
  }

  /** FAT12/16's root folder: a fixed region between the FATs and cluster 2. */
  readRootRegion(): Promise<Buffer> {
    const p = this.parameters;
    return this.source.read(this.offset + p.rootDirectorySector * p.bytesPerSector, p.rootEntryCount * 32);
  }

  /** Follows the chain from `first`, at most `limit` clusters (a longer one is broken or a loop). */
  async chain(first: number, limit: number): Promise<Chain> {
    const spans: ClusterSpan[] = [];
    let clusters = 0;
    let cluster = first;
    for (;;) {
      if (!this.isCluster(cluster)) return { spans, clusters, problem: this.pointedTo(cluster) };
      if (clusters === limit) return { spans, clusters, problem: message('fat.reason.chain-too-long', { count: limit }) };
      const last = spans.at(-1);
      if (last && last.first + last.count === cluster) spans[spans.length - 1] = { first: last.first, count: last.count + 1 };
      else spans.push({ first: cluster, count: 1 });
      clusters++;
      const next = await this.fatEntry(cluster);
      if (next > this.badCluster) return { spans, clusters };
      cluster = next;
    }
  }

  /**
   * The bytes of `spans`, in reads of up to 1 MiB, cut at `length`. With `into` (READ_BYTES), each
   * read reuses it. With two buffers, the next read goes to the drive while the caller works on the
   * chunk it has (hashing keeps pace with a fast drive only then); a chunk lasts, as with one, until
   * the generator is resumed.
   */
  async *read(spans: readonly ClusterSpan[], length: number, into?: Buffer | readonly [Buffer, Buffer]): AsyncGenerator<Buffer> {
    const buffers = into === undefined || Buffer.isBuffer(into) ? [into] : into;
    const reads: Promise<Buffer>[] = [];
    try {
      for (const [index, piece] of this.pieces(spans, length).entries()) {
        // One read ahead per buffer: the next one goes into a buffer the caller is done with.
        if (reads.length === buffers.length) yield await reads.shift()!;
        const read = this.source.read(piece.at, piece.count, buffers[index % buffers.length]);
        // Handled here, thrown where awaited: a caller that stops early never leaves it unhandled.
        read.catch(() => undefined);
        reads.push(read);
      }
      while (reads.length > 0) yield await reads.shift()!;
    } finally {
      // A caller that stops early may reuse the buffers at once: no read may still be filling one.
      await Promise.allSettled(reads);
    }
  }

  /** Where the reads of `spans` cut at `length` go: up to READ_BYTES each, never across a span. */
  private pieces(spans: readonly ClusterSpan[], length: number): { at: number; count: number }[] {
    const pieces: { at: number; count: number }[] = [];
    let remaining = length;
    for (const span of spans) {
      let at = this.clusterOffset(span.first);
      let spanBytes = span.count * this.clusterBytes;
      while (spanBytes > 0 && remaining > 0) {
        const count = Math.min(READ_BYTES, spanBytes, remaining);
        pieces.push({ at, count });
        at += count;
        spanBytes -= count;
        remaining -= count;
      }
    }
    return pieces;
  }

  clusterOffset(cluster: number): number {
    const p = this.parameters;
    return this.offset + (p.dataStartSector + (cluster - 2) * p.sectorsPerCluster) * p.bytesPerSector;
  }

  /** Why a chain that points to `value`, which is no cluster of a file, is broken. */
  private pointedTo(value: number): FatReason {
    if (value === 0) return message('fat.reason.chain-to-free');
    if (value === this.badCluster) return message('fat.reason.chain-to-bad');
    return message('fat.reason.chain-outside', { cluster: value });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
