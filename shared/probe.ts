// What the capacity probe found on a drive, as data (the writer sends it back like progress), and
// the messages the CLI and the wizard show for it. Plain TypeScript: no Node, no DOM.
import { message, type AnyMessage } from './message.js';

/**
 * What one probed place gave back. own: the stamp written there. wrapped: the stamp of another
 * place, or, read again after a write went around it, something the write put elsewhere (the drive
 * maps both to the same memory). old-data: what was there before (the write was
 * dropped). corrupt: anything else. read-error / write-error: the drive refused the operation.
 */
export type BlockReading = 'own' | 'wrapped' | 'old-data' | 'corrupt' | 'read-error' | 'write-error';

export interface ProbeFailure {
  readonly offset: number;
  readonly reading: Exclude<BlockReading, 'own'>;
  /** For a wrapped place: the place whose stamp came back. */
  readonly aliasOf?: number;
}

/** genuine: every place kept its stamp. fake-capacity: the drive holds less than it says. failing: it loses or garbles data. */
export type CapacityVerdict = 'genuine' | 'fake-capacity' | 'failing';

export interface ProbeResult {
  readonly verdict: CapacityVerdict;
  /** The size the drive reports. */
  readonly claimedBytes: number;
  /** The bytes that really hold data: the lowest place that failed for a fake drive, the claimed size otherwise. */
  readonly realBytes: number;
  /** A wrap's period (the distance between two places sharing memory); null when no place wrapped. */
  readonly wrapBytes: number | null;
  /** Places written and read back (4 KiB each). */
  readonly places: number;
  /** The places that did not give back their stamp, lowest first (at most a few are kept). */
  readonly failures: readonly ProbeFailure[];
  readonly failureCount: number;
  /** Sequential speeds measured on the probe's own contiguous run; null when it could not be measured. */
  readonly writeBytesPerSecond: number | null;
  readonly readBytesPerSecond: number | null;
  readonly seconds: number;
  /**
   * Whether every byte the probe overwrote was put back (places it could not read are never
   * written); false too while a write's probe of a genuine drive leaves its stamps for the write.
   */
  readonly restored: boolean;
}

/** Below this measured write speed a drive gets a warning: Unraid runs slowly from it. */
export const SLOW_WRITE_BYTES_PER_SECOND = 5 * 1024 * 1024;

/** One sentence on the drive's capacity, as the user reads it. */
export function capacityMessage(probe: ProbeResult): AnyMessage {
  const claimed = probe.claimedBytes;
  switch (probe.verdict) {
    case 'genuine':
      return message('probe.genuine', { claimed, count: probe.places });
    case 'fake-capacity':
      return message('probe.fake-capacity', { claimed, real: probe.realBytes });
    case 'failing': {
      const first = probe.failures[0];
      const counts = { count: probe.failureCount, places: String(probe.places) };
      if (!first) return message('probe.failing-no-details', counts);
      const kinds = [...new Set(probe.failures.map((failure) => failure.reading))].map((reading) => message(`probe.reading.${reading}`));
      return message('probe.failing', { ...counts, kinds, first: first.offset });
    }
  }
}

/** The measured speeds, and a warning for a drive too slow to run Unraid well; null when nothing was measured. */
export function speedMessage(probe: Pick<ProbeResult, 'writeBytesPerSecond' | 'readBytesPerSecond'>): AnyMessage | null {
  const { writeBytesPerSecond: write, readBytesPerSecond: read } = probe;
  if (write === null && read === null) return null;
  const figures = [write === null ? null : message('probe.writes', { speed: write }), read === null ? null : message('probe.reads', { speed: read })].filter((part) => part !== null);
  return isSlow(probe) ? message('probe.slow', { figures, limit: SLOW_WRITE_BYTES_PER_SECOND }) : message('probe.speed', { figures });
}

export function isSlow(probe: Pick<ProbeResult, 'writeBytesPerSecond'>): boolean {
  return probe.writeBytesPerSecond !== null && probe.writeBytesPerSecond < SLOW_WRITE_BYTES_PER_SECOND;
}
