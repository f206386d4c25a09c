// What the probe's readings mean, as data: every place read back is classified, and the whole set
// says whether the drive is genuine, a fake-capacity drive (a wrap, or every place past some point
// losing its data) or failing (errors or wrong data scattered over the drive). Pure.
import type { BlockReading, CapacityVerdict, ProbeFailure, ProbeResult } from '../../shared/probe.js';
import { stampedOffset } from './stamp.js';

/** How many failures a result keeps for its message and the log. */
const KEPT_FAILURES = 8;

export interface PlaceReading {
  readonly offset: number;
  readonly reading: BlockReading;
  readonly aliasOf?: number;
}

/** What the block at `offset` gave back: its stamp, another's, its old bytes, or something else. */
export function classifyBlock(nonce: Uint8Array, offset: number, readBack: Uint8Array, original: Uint8Array | null): PlaceReading {
  const stamped = stampedOffset(nonce, readBack);
  if (stamped === offset) return { offset, reading: 'own' };
  if (stamped !== null) return { offset, reading: 'wrapped', aliasOf: stamped };
  if (original !== null && Buffer.from(original).equals(Buffer.from(readBack))) return { offset, reading: 'old-data' };
  return { offset, reading: 'corrupt' };
}

export interface Measured {
  readonly writeBytesPerSecond: number | null;
  readonly readBytesPerSecond: number | null;
  readonly seconds: number;
  readonly restored: boolean;
}

/** The highest place below the first failure that kept its stamp; 0 when there is none. */
export function lastGoodPlace(result: Pick<ProbeResult, 'failures'>, readings: readonly PlaceReading[]): number {
  const firstBad = result.failures[0]?.offset ?? Infinity;
  return Math.max(0, ...readings.filter((reading) => reading.reading === 'own' && reading.offset < firstBad).map((reading) => reading.offset));
}

/** The verdict on a drive of `claimedBytes` from the readings of every probed place. */
export function judgeProbe(claimedBytes: number, readings: readonly PlaceReading[], measured: Measured): ProbeResult {
  const sorted = [...readings].sort((a, b) => a.offset - b.offset);
  const failures = sorted.filter((reading): reading is PlaceReading & { reading: ProbeFailure['reading'] } => reading.reading !== 'own');
  const firstBad = failures[0]?.offset ?? null;
  const wraps = failures.filter((failure) => failure.reading === 'wrapped' && failure.aliasOf !== undefined);
  const verdict = verdictOf(sorted, failures, failures.some((failure) => failure.reading === 'wrapped'));
  // Two places sharing memory are a whole number of real sizes apart: the smallest such distance bounds it too.
  const wrapBytes = wraps.length === 0 ? null : Math.min(...wraps.map((wrap) => Math.abs(wrap.offset - wrap.aliasOf!)));
  return {
    verdict,
    claimedBytes,
    realBytes: verdict === 'fake-capacity' && firstBad !== null ? Math.min(firstBad, wrapBytes ?? firstBad) : claimedBytes,
    wrapBytes,
    places: sorted.length,
    failures: failures.slice(0, KEPT_FAILURES).map(({ offset, reading, aliasOf }) => (aliasOf === undefined ? { offset, reading } : { offset, reading, aliasOf })),
    failureCount: failures.length,
    ...measured,
  };
}

/**
 * The verdict on stamped places read again after a write went around them (each kept its stamp when
 * the probe read it back). One that holds something else now shares memory with a place the write
 * used: a wrap onto memory the probe never stamped, which the write's data has shown up. A place
 * that cannot be read is a failing drive, as in the probe.
 */
export function judgeAfterWrite(claimedBytes: number, readings: readonly PlaceReading[], measured: Measured): ProbeResult {
  const lost = (reading: PlaceReading): PlaceReading => (reading.reading === 'corrupt' ? { offset: reading.offset, reading: 'wrapped' } : reading);
  return judgeProbe(claimedBytes, readings.map(lost), measured);
}

/**
 * A wrap anywhere is a fake drive (places past its real memory land on lower ones, some of which
 * the probe may not have stamped, so not every high place shows it). Without a wrap, a fake drive
 * is one where every place from some point on lost its data (old data or garbage back) while every
 * place below it kept its own; errors, or failures with good places above them, are a failing drive.
 */
function verdictOf(sorted: readonly PlaceReading[], failures: readonly PlaceReading[], wrapped: boolean): CapacityVerdict {
  if (failures.length === 0) return 'genuine';
  if (wrapped && failures[0]!.offset > 0) return 'fake-capacity';
  const firstBad = failures[0]!.offset;
  const tail = sorted.filter((reading) => reading.offset >= firstBad);
  const lostTail = firstBad > 0 && tail.every((reading) => reading.reading === 'old-data' || reading.reading === 'corrupt');
  return lostTail ? 'fake-capacity' : 'failing';
}
