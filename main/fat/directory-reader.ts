// Parses the bytes of a FAT directory: long names reassembled and checked against their short
// entry, NT case flags applied to short-only names, deleted entries skipped, the volume label
// picked out.
import { message } from '../../shared/message.js';
import type { FatReason } from './reasons.js';

export interface DirectoryRecord {
  readonly name: string;
  readonly attributes: number;
  readonly isDirectory: boolean;
  readonly firstCluster: number;
  readonly size: number;
  /** MS-DOS date and time words of the last write, as stored. */
  readonly dosDate: number;
  readonly dosTime: number;
}

export interface DirectoryContent {
  readonly records: readonly DirectoryRecord[];
  /** The volume label entry (root only), trailing spaces removed. */
  readonly label?: string;
  /** Clusters named by the `.` and `..` entries, when present. */
  readonly dot?: number;
  readonly dotDot?: number;
  readonly problems: readonly FatReason[];
}

const ATTRIBUTE_LONG_NAME = 0x0f;
const ATTRIBUTE_VOLUME_LABEL = 0x08;
const ATTRIBUTE_DIRECTORY = 0x10;
const DELETED = 0xe5;
const LOWER_BASE = 0x08;
const LOWER_EXTENSION = 0x10;
const UNIT_OFFSETS = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];

interface LongNameInProgress {
  readonly checksum: number;
  readonly units: number[][];
  /** The ordinal the next long entry must carry; 0 once the sequence is complete. */
  expected: number;
}

export function readDirectory(bytes: Buffer): DirectoryContent {
  const records: DirectoryRecord[] = [];
  const problems: FatReason[] = [];
  let label: string | undefined;
  let dot: number | undefined;
  let dotDot: number | undefined;
  let long: LongNameInProgress | undefined;
  for (let at = 0; at + 32 <= bytes.length; at += 32) {
    const entry = bytes.subarray(at, at + 32);
    const first = entry[0]!;
    if (first === 0) break;
    if (first === DELETED) {
      long = undefined;
      continue;
    }
    const attributes = entry[11]!;
    if (attributes === ATTRIBUTE_LONG_NAME) {
      long = continueLongName(long, entry);
      continue;
    }
    const field = entry.toString('latin1', 0, 11);
    const firstCluster = (entry.readUInt16LE(20) << 16) | entry.readUInt16LE(26);
    const longName = long && long.expected === 0 && long.checksum === shortNameChecksum(entry) ? decodeUnits(long.units) : undefined;
    if (long && longName === undefined) problems.push(message('fat.reason.orphaned-long-name', { name: field.trimEnd() }));
    long = undefined;
    if (attributes & ATTRIBUTE_VOLUME_LABEL && !(attributes & ATTRIBUTE_DIRECTORY)) {
      label = field.trimEnd();
    } else if (field === '.          ') {
      dot = firstCluster;
    } else if (field === '..         ') {
      dotDot = firstCluster;
    } else {
      records.push({
        name: longName ?? shortName(entry),
        attributes,
        isDirectory: (attributes & ATTRIBUTE_DIRECTORY) !== 0,
        firstCluster,
        size: entry.readUInt32LE(28),
        dosDate: entry.readUInt16LE(24),
        dosTime: entry.readUInt16LE(22),
      });
    }
  }
  return { records, label, dot, dotDot, problems };
}

function continueLongName(long: LongNameInProgress | undefined, entry: Buffer): LongNameInProgress | undefined {
  const ordinal = entry[0]! & 0x3f;
  const checksum = entry[13]!;
  const units = UNIT_OFFSETS.map((offset) => entry.readUInt16LE(offset));
  if (entry[0]! & 0x40) {
    if (ordinal === 0) return undefined;
    const parts = new Array<number[]>(ordinal);
    parts[ordinal - 1] = units;
    return { checksum, units: parts, expected: ordinal - 1 };
  }
  if (!long || ordinal !== long.expected || checksum !== long.checksum) return undefined;
  long.units[ordinal - 1] = units;
  long.expected--;
  return long;
}

function decodeUnits(parts: readonly number[][]): string {
  const units = parts.flat();
  const end = units.indexOf(0);
  return String.fromCharCode(...(end < 0 ? units : units.slice(0, end)));
}

function shortName(entry: Buffer): string {
  const raw = Buffer.from(entry.subarray(0, 11));
  if (raw[0] === 0x05) raw[0] = DELETED; // a name really starting with 0xE5
  const caseFlags = entry[12]!;
  let base = raw.toString('latin1', 0, 8).trimEnd();
  let extension = raw.toString('latin1', 8, 11).trimEnd();
  if (caseFlags & LOWER_BASE) base = base.toLowerCase();
  if (caseFlags & LOWER_EXTENSION) extension = extension.toLowerCase();
  return extension ? `${base}.${extension}` : base;
}

function shortNameChecksum(entry: Buffer): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum = (((sum & 1) << 7) + (sum >> 1) + entry[i]!) & 0xff;
  return sum;
}
