// The capacity probe's I/O, thin over whatever reaches the drive (the block-device target, which
// reads and writes with O_DIRECT, so nothing comes back from the system's cache): save the bytes of
// every probed place, stamp them from the top of the drive down (the run at offset 0 last, so the
// stick's own cache has taken other writes before anything is read back, and places a wrapping
// drive maps high addresses onto end up holding the low stamps), flush, read everything back in
// the order written, then put the old bytes back. Places that cannot be read are not written.
import { randomBytes } from 'node:crypto';
import type { ProbeResult } from '../../shared/probe.js';
import { classifyBlock, judgeAfterWrite, judgeProbe, lastGoodPlace, type PlaceReading } from './judge.js';
import { joinBlocks, planProbe, PROBE_BLOCK, type ProbeExtent, type ProbePlanOptions } from './plan.js';
import { stampExtent } from './stamp.js';

/** What the probe needs from a drive: reads and writes of aligned 4 KiB blocks, and a flush. */
export interface ProbeDevice {
  readonly size: number;
  /** Bytes of their own, which the probe keeps (the old bytes it puts back). */
  read(offset: number, length: number): Promise<Uint8Array>;
  write(bytes: Uint8Array, offset: number): Promise<void>;
  flush(): Promise<void>;
}

export interface ProbeOptions extends ProbePlanOptions {
  /** 16 random bytes when omitted. */
  readonly nonce?: Uint8Array;
  /** After this many extents fail to read back, the rest are not read: the drive is failing anyway (each failing read is retried). */
  readonly maxReadErrors?: number;
}

const DEFAULT_MAX_READ_ERRORS = 4;
const PIECE_BYTES = 2 ** 20;

/**
 * The probe. When places from some point on lost their data (no wrap, which would give the size
 * itself), a second round between the last place that kept its stamp and the first that did not
 * narrows down how much the drive really holds.
 */
export async function probeDrive(device: ProbeDevice, options: ProbeOptions = {}): Promise<ProbeResult> {
  return (await probeKeepingStamps(device, options)).putBack();
}

/** A probe's verdict while its stamps are still on a genuine drive. */
export interface StampedProbe {
  /** The verdict; `restored` is false until the stamps are put back. */
  readonly result: ProbeResult;
  /** Writes back the old bytes of every stamped place (once); the result with `restored` as it went. */
  putBack(): Promise<ProbeResult>;
  /**
   * Once a write has gone around the stamps (and been flushed): reads again every stamped block the
   * write did not touch, and judges what they hold now (judgeAfterWrite). A drive whose high places
   * land on memory the probe never stamped passes the probe, but the data written low down shows
   * up at those places now: one read of each place is a far wider net than more stamps would be.
   */
  recheck(written: (offset: number) => boolean): Promise<ProbeResult>;
}

/**
 * The probe, leaving its stamps on a drive it finds genuine for the caller to put back, or to write
 * over: putting ~190 scattered 4 KiB places back costs a real stick about a second of small writes,
 * wasted when the whole drive is written next. A drive judged otherwise is put back at once.
 */
export async function probeKeepingStamps(device: ProbeDevice, options: ProbeOptions = {}): Promise<StampedProbe> {
  const first = await probeRound(device, options);
  if (first.result.verdict === 'genuine') return first;
  const result = await first.putBack();
  const firstBad = result.failures[0]?.offset;
  if (result.verdict !== 'fake-capacity' || result.wrapBytes !== null || firstBad === undefined) return settled(result);
  const lastGood = lastGoodPlace(result, first.readings);
  if (firstBad - lastGood <= 2 * PROBE_BLOCK) return settled(result);
  const second = await (await probeRound(device, { ...options, between: { from: lastGood, to: firstBad } })).putBack();
  return settled({
    ...result,
    realBytes: second.verdict === 'fake-capacity' ? Math.min(second.realBytes, result.realBytes) : result.realBytes,
    places: result.places + second.places,
    seconds: result.seconds + second.seconds,
    restored: result.restored && second.restored,
  });
}

/** A probe already put back (its verdict is final: nothing is written after it). */
function settled(result: ProbeResult): StampedProbe {
  return { result, putBack: () => Promise.resolve(result), recheck: () => Promise.resolve(result) };
}

async function probeRound(device: ProbeDevice, options: ProbeOptions): Promise<StampedProbe & { readings: readonly PlaceReading[] }> {
  const started = performance.now();
  const plan = planProbe(device.size, options);
  const nonce = options.nonce ?? randomBytes(16);
  const maxReadErrors = options.maxReadErrors ?? DEFAULT_MAX_READ_ERRORS;
  const readings: PlaceReading[] = [];
  // A place that cannot even be read before the write is a read error: it is not written (its old
  // bytes could not be put back). Past a few such places the drive is failing and the rest is skipped.
  const originals = new Map<ProbeExtent, Uint8Array>();
  let readErrors = 0;
  for (const extent of plan.extents) {
    if (readErrors >= maxReadErrors && extent !== plan.run) continue;
    try {
      originals.set(extent, await device.read(extent.offset, extent.length));
    } catch {
      readErrors++;
      readings.push(...blocksOf(extent, 'read-error'));
    }
  }
  const writeOrder = [...plan.extents].reverse().filter((extent) => originals.has(extent));
  let writeSeconds: number | null = null;
  let readSeconds: number | null = null;
  const written: ProbeExtent[] = [];
  try {
    for (const extent of writeOrder) {
      const writeStarted = performance.now();
      try {
        for (const piece of piecesOf(extent)) await device.write(stampExtent(nonce, piece.offset, piece.length), piece.offset);
        if (extent === plan.run) {
          await device.flush();
          writeSeconds = (performance.now() - writeStarted) / 1000;
        }
        written.push(extent);
      } catch {
        readings.push(...blocksOf(extent, 'write-error'));
      }
    }
    await device.flush();
    for (const extent of written) {
      if (readErrors >= maxReadErrors && extent !== plan.run) continue;
      const readStarted = performance.now();
      const original = originals.get(extent)!;
      let readFailed = false;
      for (const piece of piecesOf(extent)) {
        let back: Uint8Array;
        try {
          back = await device.read(piece.offset, piece.length);
        } catch {
          readErrors++;
          readings.push(...blocksOf({ offset: piece.offset, length: extent.offset + extent.length - piece.offset }, 'read-error'));
          readFailed = true;
          break;
        }
        for (let at = 0; at < piece.length; at += PROBE_BLOCK) {
          const inExtent = piece.offset - extent.offset + at;
          readings.push(classifyBlock(nonce, piece.offset + at, back.subarray(at, at + PROBE_BLOCK), original.subarray(inExtent, inExtent + PROBE_BLOCK)));
        }
      }
      if (extent === plan.run && !readFailed) readSeconds = (performance.now() - readStarted) / 1000;
    }
  } catch (error) {
    await putBack(device, writeOrder, originals);
    throw error;
  }
  const bytesPerSecond = (seconds: number | null): number | null => (seconds === null || seconds <= 0 ? null : plan.run.length / seconds);
  const result = judgeProbe(device.size, readings, {
    writeBytesPerSecond: bytesPerSecond(writeSeconds),
    readBytesPerSecond: bytesPerSecond(readSeconds),
    seconds: (performance.now() - started) / 1000,
    restored: false,
  });
  let putBackOnce: Promise<ProbeResult> | undefined;
  const putBackNow = async (): Promise<ProbeResult> => {
    const restored = await putBack(device, writeOrder, originals);
    return { ...result, restored, seconds: (performance.now() - started) / 1000 };
  };
  const recheck = async (writtenSince: (offset: number) => boolean): Promise<ProbeResult> => {
    const recheckStarted = performance.now();
    const readings = await readStampsAgain(device, nonce, blocksLeft(written, writtenSince));
    const { writeBytesPerSecond, readBytesPerSecond } = result;
    return judgeAfterWrite(device.size, readings, { writeBytesPerSecond, readBytesPerSecond, seconds: (performance.now() - recheckStarted) / 1000, restored: false });
  };
  return { result, readings, putBack: () => (putBackOnce ??= putBackNow()), recheck };
}

/** Reads each extent, a piece at a time, and classifies its blocks against their stamps. */
async function readStampsAgain(device: ProbeDevice, nonce: Uint8Array, extents: readonly ProbeExtent[]): Promise<PlaceReading[]> {
  const readings: PlaceReading[] = [];
  for (const piece of extents.flatMap(piecesOf)) {
    let back: Uint8Array;
    try {
      back = await device.read(piece.offset, piece.length);
    } catch {
      readings.push(...blocksOf(piece, 'read-error'));
      continue;
    }
    for (let at = 0; at < piece.length; at += PROBE_BLOCK) readings.push(classifyBlock(nonce, piece.offset + at, back.subarray(at, at + PROBE_BLOCK), null));
  }
  return readings;
}

/** The blocks of `extents` for which `taken` is false, neighbours joined again. */
function blocksLeft(extents: readonly ProbeExtent[], taken: (offset: number) => boolean): ProbeExtent[] {
  const blocks = extents.flatMap((extent) => Array.from({ length: extent.length / PROBE_BLOCK }, (_, index) => extent.offset + index * PROBE_BLOCK));
  return joinBlocks(blocks.filter((offset) => !taken(offset)).sort((a, b) => a - b));
}

/** Writes every stamped place's old bytes back; true when all writes went through. */
async function putBack(device: ProbeDevice, extents: readonly ProbeExtent[], originals: ReadonlyMap<ProbeExtent, Uint8Array>): Promise<boolean> {
  let all = true;
  for (const extent of extents) {
    try {
      await device.write(originals.get(extent)!, extent.offset);
    } catch {
      all = false;
    }
  }
  try {
    await device.flush();
  } catch {
    all = false;
  }
  return all;
}

/**
 * The extent in pieces of at most PIECE_BYTES: the run is stamped and read back a piece at a time,
 * so that the probe holds only its old bytes and one piece at once.
 */
function piecesOf(extent: ProbeExtent): { offset: number; length: number }[] {
  const pieces: { offset: number; length: number }[] = [];
  for (let at = 0; at < extent.length; at += PIECE_BYTES) pieces.push({ offset: extent.offset + at, length: Math.min(PIECE_BYTES, extent.length - at) });
  return pieces;
}

/** Every block of the range with the same reading. */
function blocksOf(extent: { readonly offset: number; readonly length: number }, reading: 'read-error' | 'write-error'): PlaceReading[] {
  return Array.from({ length: extent.length / PROBE_BLOCK }, (_, index) => ({ offset: extent.offset + index * PROBE_BLOCK, reading }));
}
