// Each entry's local header, read once when the zip is opened and held against its central
// directory record: a streaming unzipper (and the bytes of a zip bomb) follow the local header, we
// follow the directory, so where they disagree on the name or the sizes, the entry is not what the
// directory says. Also gives where each entry's data begins.
import { message, type AnyMessage } from '../../shared/message.js';
import type { ZipFileReader } from './file-reader.js';

/** What the central directory says about one entry, as far as its local header can contradict it. */
export interface CentralRecord {
  readonly index: number;
  readonly headerOffset: number;
  /** The name's bytes as stored (before decoding, and before any `\` is read as `/`). */
  readonly nameBytes: Buffer;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

export type LocalHeaderCheck =
  | { readonly ok: true; readonly dataStart: number }
  | { readonly ok: false; readonly reason: 'no-header' | 'truncated' | 'mismatch'; readonly detail: AnyMessage };

export const LOCAL_HEADER_SIZE = 30;
/**
 * Runs of headers read at a time: one at a time, each read waits its turn on the thread pool, and
 * 65,536 headers far apart took 7.5 s on a busy 2-core machine; side by side the pool shares them.
 */
const CONCURRENT_READS = 64;
/** Headers at most this far apart are read together, in reads of at most RUN_MAX bytes (at most 16 MiB in flight). */
const RUN_GAP = 4096;
const RUN_MAX = 256 * 1024;
const EXTRA_ROOM = 64;
/** The largest a single header's run can be: the fixed part, a name of 65,535 bytes and the extra room. */
const MAX_HEADER_BYTES = LOCAL_HEADER_SIZE + 0xffff + EXTRA_ROOM;
const SIGNATURE = 0x04034b50;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const U32_MAX = 0xffffffff;
const ZIP64_EXTRA = 0x0001;

/** Reads and checks every record's local header. */
export async function checkLocalHeaders(reader: ZipFileReader, records: readonly CentralRecord[]): Promise<LocalHeaderCheck[]> {
  const checks = new Array<LocalHeaderCheck>(records.length);
  const runs = headerRuns(records);
  let next = 0;
  const readInTurn = async (): Promise<void> => {
    // One buffer for all the runs this reader takes in turn: nothing keeps a run's bytes after it is checked.
    const buffer = Buffer.allocUnsafe(RUN_MAX + MAX_HEADER_BYTES);
    for (let run = runs[next++]; run; run = runs[next++]) {
      const readAt = await readRun(reader, run, buffer);
      for (const record of run.records) checks[record.index] = await checkLocalHeader(readAt, record);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, runs.length) }, readInTurn));
  return checks;
}

/** Headers close together in the file, read with one read. */
interface HeaderRun {
  readonly start: number;
  readonly end: number;
  readonly records: readonly CentralRecord[];
}

type ReadAt = (target: Buffer, position: number) => Promise<number>;

/**
 * The headers in file order, grouped where the gaps between them are small: a backup of small
 * config files is read in a few large reads, and headers far apart (large entries, or a hostile
 * zip's spread) cost one small read each, never the bytes between them.
 */
function headerRuns(records: readonly CentralRecord[]): HeaderRun[] {
  const runs: HeaderRun[] = [];
  let current: { start: number; end: number; records: CentralRecord[] } | undefined;
  for (const record of [...records].sort((a, b) => a.headerOffset - b.headerOffset)) {
    // The fixed header, the name, and room for the usual extra fields (zip64, times, Unix ids).
    const end = record.headerOffset + LOCAL_HEADER_SIZE + record.nameBytes.length + EXTRA_ROOM;
    if (current && record.headerOffset - current.end <= RUN_GAP && end - current.start <= RUN_MAX) {
      current.end = Math.max(current.end, end);
      current.records.push(record);
    } else {
      current = { start: record.headerOffset, end, records: [record] };
      runs.push(current);
    }
  }
  return runs;
}

/** Reads the run's bytes; what lies beyond them (a long extra field) is read on its own. */
async function readRun(reader: ZipFileReader, run: HeaderRun, buffer: Buffer): Promise<ReadAt> {
  const bytes = buffer.length >= run.end - run.start ? buffer.subarray(0, run.end - run.start) : Buffer.allocUnsafe(run.end - run.start);
  const window = bytes.subarray(0, await reader.peekAt(bytes, run.start));
  const windowEnd = run.start + window.length;
  return async (target, position) => {
    if (position >= run.start && position + target.length <= windowEnd) return window.copy(target, 0, position - run.start, position - run.start + target.length);
    return reader.peekAt(target, position);
  };
}

async function checkLocalHeader(readAt: ReadAt, record: CentralRecord): Promise<LocalHeaderCheck> {
  const fixed = Buffer.alloc(LOCAL_HEADER_SIZE + record.nameBytes.length);
  const bytesRead = await readAt(fixed, record.headerOffset);
  if (bytesRead >= 4 && fixed.readUInt32LE(0) !== SIGNATURE) {
    return { ok: false, reason: 'no-header', detail: message('problem.detail.no-local-header') };
  }
  if (bytesRead < fixed.length) return { ok: false, reason: 'truncated', detail: message('problem.detail.local-header-cut') };
  const nameLength = fixed.readUInt16LE(26);
  const extraLength = fixed.readUInt16LE(28);
  const dataStart = record.headerOffset + LOCAL_HEADER_SIZE + nameLength + extraLength;
  let localName = fixed.subarray(LOCAL_HEADER_SIZE, LOCAL_HEADER_SIZE + nameLength);
  if (nameLength !== record.nameBytes.length || !localName.equals(record.nameBytes)) {
    if (localName.length < nameLength) {
      localName = Buffer.alloc(nameLength);
      localName = localName.subarray(0, await readAt(localName, record.headerOffset + LOCAL_HEADER_SIZE));
    }
    return { ok: false, reason: 'mismatch', detail: message('problem.detail.local-name', { name: localName.toString('utf8') }) };
  }
  const sizes = await localSizes(readAt, fixed, record.headerOffset + LOCAL_HEADER_SIZE + nameLength, extraLength);
  const disagreement = sizeDisagreement(sizes, record);
  if (disagreement) return { ok: false, reason: 'mismatch', detail: disagreement };
  return { ok: true, dataStart };
}

interface LocalSizes {
  /** A streamed entry's header may leave its sizes 0: they follow the data, in a data descriptor. */
  readonly streamed: boolean;
  /** undefined: the header leaves it to a zip64 field it lacks, so it says nothing. */
  readonly compressed: number | undefined;
  readonly uncompressed: number | undefined;
}

async function localSizes(readAt: ReadAt, header: Buffer, extraStart: number, extraLength: number): Promise<LocalSizes> {
  const streamed = (header.readUInt16LE(6) & FLAG_DATA_DESCRIPTOR) !== 0;
  let compressed: number | undefined = header.readUInt32LE(18);
  let uncompressed: number | undefined = header.readUInt32LE(22);
  if (compressed !== U32_MAX && uncompressed !== U32_MAX) return { streamed, compressed, uncompressed };
  // Zip64: the local extra field holds both sizes, uncompressed first.
  const extra = Buffer.alloc(extraLength);
  const zip64 = zip64Field(extra.subarray(0, await readAt(extra, extraStart)));
  const wide = (value: number, at: number): number | undefined =>
    value !== U32_MAX ? value : zip64 && zip64.length >= at + 8 ? Number(zip64.readBigUInt64LE(at)) : undefined;
  // Both sizes, as APPNOTE asks of a local header; or, as some writers do, only the one that is wide.
  const compressedAt = (zip64?.length ?? 0) >= 16 || uncompressed === U32_MAX ? 8 : 0;
  uncompressed = wide(uncompressed, 0);
  compressed = wide(compressed, compressedAt);
  return { streamed, compressed, uncompressed };
}

function zip64Field(extra: Buffer): Buffer | undefined {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (id === ZIP64_EXTRA) return extra.subarray(at + 4, Math.min(extra.length, at + 4 + size));
    at += 4 + size;
  }
  return undefined;
}

function sizeDisagreement(local: LocalSizes, record: CentralRecord): AnyMessage | undefined {
  const differs = (value: number | undefined, central: number): value is number =>
    value !== undefined && value !== central && !(local.streamed && value === 0);
  if (differs(local.compressed, record.compressedSize)) {
    return message('problem.detail.local-packed', { local: local.compressed, central: record.compressedSize });
  }
  if (differs(local.uncompressed, record.uncompressedSize)) {
    return message('problem.detail.local-unpacked', { local: local.uncompressed, central: record.uncompressedSize });
  }
  return undefined;
}
