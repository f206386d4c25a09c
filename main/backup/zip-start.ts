// Where the zip begins inside the file. A self-extractor or any file with data before its zip
// either counts those bytes in the zip's offsets (zip -A does that) or not (a stub and a zip simply
// joined): Info-ZIP's unzip reads both, noting the extra bytes, and so do we. yauzl reads only the
// first, so for the second it is given the file from where the zip's own offsets count.
import type { ZipFileReader } from './file-reader.js';

const END_RECORD = 0x06054b50;
const END_RECORD_SIZE = 22;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_END_RECORD = 0x06064b50;
const ZIP64_END_RECORD_SIZE = 56;
const CENTRAL_HEADER = 0x02014b50;
const MAX_COMMENT = 0xffff;
const U32_MAX = 0xffffffff;

/**
 * How many bytes precede the zip without being counted in its offsets: 0 for an ordinary zip (and
 * for anything this cannot make sense of, which yauzl then reports in its own words).
 */
export async function uncountedPrefix(reader: ZipFileReader): Promise<number> {
  const tailLength = Math.min(reader.size, END_RECORD_SIZE + MAX_COMMENT + ZIP64_LOCATOR_SIZE + ZIP64_END_RECORD_SIZE);
  const tailStart = reader.size - tailLength;
  const tail = Buffer.alloc(tailLength);
  if ((await reader.readAt(tail, tailStart)) < tailLength) return 0;
  const end = endRecordIn(tail);
  if (end === undefined) return 0;
  let directorySize = tail.readUInt32LE(end + 12);
  let directoryOffset = tail.readUInt32LE(end + 16);
  // Where the central directory really ends: just before the end record, or its zip64 version.
  let directoryEnd = tailStart + end;
  if (directoryOffset === U32_MAX || directorySize === U32_MAX) {
    const zip64End = end - ZIP64_LOCATOR_SIZE - ZIP64_END_RECORD_SIZE;
    const locator = end - ZIP64_LOCATOR_SIZE;
    if (zip64End < 0 || tail.readUInt32LE(locator) !== ZIP64_LOCATOR || tail.readUInt32LE(zip64End) !== ZIP64_END_RECORD) return 0;
    directorySize = Number(tail.readBigUInt64LE(zip64End + 40));
    directoryOffset = Number(tail.readBigUInt64LE(zip64End + 48));
    directoryEnd = tailStart + zip64End;
  }
  const prefix = directoryEnd - (directoryOffset + directorySize);
  if (prefix <= 0 || directorySize === 0) return 0;
  // Only when the directory is where the offsets say once the prefix is counted, and not where they say without it.
  return (await centralHeaderAt(reader, directoryOffset)) || !(await centralHeaderAt(reader, directoryOffset + prefix)) ? 0 : prefix;
}

/** The last end record whose comment runs exactly to the end of the file. */
function endRecordIn(tail: Buffer): number | undefined {
  for (let at = tail.length - END_RECORD_SIZE; at >= 0; at--) {
    if (tail.readUInt32LE(at) === END_RECORD && at + END_RECORD_SIZE + tail.readUInt16LE(at + 20) === tail.length) return at;
  }
  return undefined;
}

async function centralHeaderAt(reader: ZipFileReader, position: number): Promise<boolean> {
  const signature = Buffer.alloc(4);
  return (await reader.readAt(signature, position)) === 4 && signature.readUInt32LE(0) === CENTRAL_HEADER;
}
