// 32-byte directory entries: short entries, the long-name entries before them, the volume label.
import type { ShortName } from './short-names.js';

export const ENTRY_BYTES = 32;
export const ATTRIBUTE_READ_ONLY = 0x01;
export const ATTRIBUTE_HIDDEN = 0x02;
export const ATTRIBUTE_SYSTEM = 0x04;
export const ATTRIBUTE_VOLUME_LABEL = 0x08;
export const ATTRIBUTE_DIRECTORY = 0x10;
export const ATTRIBUTE_ARCHIVE = 0x20;
const ATTRIBUTE_LONG_NAME = 0x0f;
const LAST_LONG_ENTRY = 0x40;
const UNITS_PER_LONG_ENTRY = 13;
// Where the 13 UTF-16 units of a long-name entry sit.
const LONG_NAME_UNIT_OFFSETS = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];

export interface EntryFields {
  /** The 11-byte name field (short name or label). */
  readonly field: string;
  readonly attributes: number;
  readonly caseFlags?: number;
  readonly firstCluster: number;
  readonly size: number;
  /** MS-DOS date and time words: used for creation, last write and (the date) last access. */
  readonly dosDate: number;
  readonly dosTime: number;
}

export function shortEntry(fields: EntryFields): Buffer {
  const entry = Buffer.alloc(ENTRY_BYTES);
  entry.write(fields.field, 0, 11, 'latin1');
  entry.writeUInt8(fields.attributes, 11);
  entry.writeUInt8(fields.caseFlags ?? 0, 12);
  entry.writeUInt16LE(fields.dosTime, 14);
  entry.writeUInt16LE(fields.dosDate, 16);
  entry.writeUInt16LE(fields.dosDate, 18);
  entry.writeUInt16LE(fields.firstCluster >>> 16, 20);
  entry.writeUInt16LE(fields.dosTime, 22);
  entry.writeUInt16LE(fields.dosDate, 24);
  entry.writeUInt16LE(fields.firstCluster & 0xffff, 26);
  entry.writeUInt32LE(fields.size, 28);
  return entry;
}

/** How many long-name entries `name` takes (13 UTF-16 units each). */
export function longEntryCount(name: string): number {
  return Math.ceil(name.length / UNITS_PER_LONG_ENTRY);
}

/** How many entries a child named `name` with this short name occupies in its directory. */
export function entriesFor(name: string, short: ShortName): number {
  return 1 + (short.needsLongName ? longEntryCount(name) : 0);
}

/** The long-name entries for `name`, in the order they are stored: last part first. */
export function longEntries(name: string, short: ShortName): Buffer[] {
  const count = longEntryCount(name);
  const checksum = shortNameChecksum(short.field);
  const entries: Buffer[] = [];
  for (let ordinal = count; ordinal >= 1; ordinal--) {
    const entry = Buffer.alloc(ENTRY_BYTES);
    entry.writeUInt8(ordinal | (ordinal === count ? LAST_LONG_ENTRY : 0), 0);
    entry.writeUInt8(ATTRIBUTE_LONG_NAME, 11);
    entry.writeUInt8(checksum, 13);
    LONG_NAME_UNIT_OFFSETS.forEach((offset, slot) => {
      const index = (ordinal - 1) * UNITS_PER_LONG_ENTRY + slot;
      // The name ends with one NUL unless it fills the entry; the rest is 0xFFFF padding.
      const unit = index < name.length ? name.charCodeAt(index) : index === name.length ? 0 : 0xffff;
      entry.writeUInt16LE(unit, offset);
    });
    entries.push(entry);
  }
  return entries;
}

/** The checksum long-name entries carry of their short entry's 11-byte name. */
export function shortNameChecksum(field: string): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum = (((sum & 1) << 7) + (sum >> 1) + field.charCodeAt(i)) & 0xff;
  return sum;
}
