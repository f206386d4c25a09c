// Where each entry lies in the zip file, and which entries share bytes. In a zip every entry has
// its own local header and data; entries whose ranges intersect are a known zip-bomb construction
// (many names for one compressed stream, or streams that overlap), so none of them is trusted.
// Pure: ranges in, pairs out.

/** The bytes an entry occupies: its local header, name, extra field and compressed data. */
export interface EntrySpan {
  readonly index: number;
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

/** An entry that shares bytes with another: `index` overlaps `other`. */
export interface Overlap {
  readonly index: number;
  readonly other: number;
}

/**
 * Every entry whose span intersects another's, each named once with one entry it overlaps: the
 * entry that reaches furthest among those before it, and that entry itself with the first one found
 * inside it. O(n log n), so that 65,536 entries naming one stream are judged as fast as any zip.
 */
export function findOverlaps(spans: readonly EntrySpan[]): Overlap[] {
  const ordered = [...spans].sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index);
  const overlaps: Overlap[] = [];
  const named = new Set<number>();
  let furthest: EntrySpan | undefined;
  for (const span of ordered) {
    if (furthest && span.start < furthest.end) {
      overlaps.push({ index: span.index, other: furthest.index });
      named.add(span.index);
      if (!named.has(furthest.index)) {
        overlaps.push({ index: furthest.index, other: span.index });
        named.add(furthest.index);
      }
    }
    if (!furthest || span.end > furthest.end) furthest = span;
  }
  return overlaps.sort((a, b) => a.index - b.index);
}
