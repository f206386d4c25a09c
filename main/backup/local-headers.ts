// Each entry's local header, read once when the zip is opened and held against its central
// directory record: a streaming unzipper (and the bytes of a zip bomb) follow the local header, we
// follow the directory, so where they disagree on the name or the sizes, the entry is not what the
// directory says. Also gives where each entry's data begins.
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
  | { readonly ok: false; readonly reason: 'no-header' | 'truncated' | 'mismatch'; readonly detail: string };

export const LOCAL_HEADER_SIZE = 30;
const SIGNATURE = 0x04034b50;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const U32_MAX = 0xffffffff;
const ZIP64_EXTRA = 0x0001;

/** Reads and checks every record's local header, in file order (the reader caches nearby bytes). */
export async function checkLocalHeaders(reader: ZipFileReader, records: readonly CentralRecord[]): Promise<LocalHeaderCheck[]> {
  const checks = new Array<LocalHeaderCheck>(records.length);
  const inFileOrder = [...records].sort((a, b) => a.headerOffset - b.headerOffset);
  for (const record of inFileOrder) checks[record.index] = await checkLocalHeader(reader, record);
  return checks;
}

async function checkLocalHeader(reader: ZipFileReader, record: CentralRecord): Promise<LocalHeaderCheck> {
  const fixed = Buffer.alloc(LOCAL_HEADER_SIZE + record.nameBytes.length);
  const bytesRead = await reader.readAt(fixed, record.headerOffset);
  if (bytesRead >= 4 && fixed.readUInt32LE(0) !== SIGNATURE) {
    return { ok: false, reason: 'no-header', detail: "the zip's directory points to no entry there" };
  }
  if (bytesRead < fixed.length) return { ok: false, reason: 'truncated', detail: 'the zip file ends inside its local header' };
  const nameLength = fixed.readUInt16LE(26);
  const extraLength = fixed.readUInt16LE(28);
  const dataStart = record.headerOffset + LOCAL_HEADER_SIZE + nameLength + extraLength;
  let localName = fixed.subarray(LOCAL_HEADER_SIZE, LOCAL_HEADER_SIZE + nameLength);
  if (nameLength !== record.nameBytes.length || !localName.equals(record.nameBytes)) {
    if (localName.length < nameLength) {
      localName = Buffer.alloc(nameLength);
      localName = localName.subarray(0, await reader.readAt(localName, record.headerOffset + LOCAL_HEADER_SIZE));
    }
    return { ok: false, reason: 'mismatch', detail: `its local header names it ${JSON.stringify(localName.toString('utf8'))}` };
  }
  const sizes = await localSizes(reader, fixed, record.headerOffset + LOCAL_HEADER_SIZE + nameLength, extraLength);
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

async function localSizes(reader: ZipFileReader, header: Buffer, extraStart: number, extraLength: number): Promise<LocalSizes> {
  const streamed = (header.readUInt16LE(6) & FLAG_DATA_DESCRIPTOR) !== 0;
  let compressed: number | undefined = header.readUInt32LE(18);
  let uncompressed: number | undefined = header.readUInt32LE(22);
  if (compressed !== U32_MAX && uncompressed !== U32_MAX) return { streamed, compressed, uncompressed };
  // Zip64: the local extra field holds both sizes, uncompressed first.
  const extra = Buffer.alloc(extraLength);
  const zip64 = zip64Field(extra.subarray(0, await reader.readAt(extra, extraStart)));
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

function sizeDisagreement(local: LocalSizes, record: CentralRecord): string | undefined {
  const differs = (value: number | undefined, central: number): boolean =>
    value !== undefined && value !== central && !(local.streamed && value === 0);
  if (differs(local.compressed, record.compressedSize)) {
    return `its local header says ${local.compressed} bytes packed, the zip's directory ${record.compressedSize}`;
  }
  if (differs(local.uncompressed, record.uncompressedSize)) {
    return `its local header says ${local.uncompressed} bytes unpacked, the zip's directory ${record.uncompressedSize}`;
  }
  return undefined;
}
