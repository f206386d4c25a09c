// What the capacity probe found on a drive, as data (the writer sends it back like progress), and
// the sentences the CLI and the wizard show for it. Plain TypeScript: no Node, no DOM.
import { formatBytes, plural } from './format.js';

/**
 * What one probed place gave back. own: the stamp written there. wrapped: the stamp of another
 * place (the drive maps both to the same memory). old-data: what was there before (the write was
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
  /** Whether every byte the probe overwrote was put back (places it could not read are never written). */
  readonly restored: boolean;
}

/** Below this measured write speed a drive gets a warning: Unraid runs slowly from it. */
export const SLOW_WRITE_BYTES_PER_SECOND = 5 * 1024 * 1024;

/** One sentence on the drive's capacity, as the user reads it. */
export function capacitySentence(probe: ProbeResult): string {
  const claimed = formatBytes(probe.claimedBytes);
  switch (probe.verdict) {
    case 'genuine':
      return `Capacity checked: all ${claimed} are real (${plural(probe.places, 'place')} across the drive written and read back).`;
    case 'fake-capacity':
      return `This drive says it holds ${claimed} but really holds about ${formatBytes(probe.realBytes)}: it is a counterfeit (fake-capacity) drive. Unraid would lose data on it.`;
    case 'failing':
      return `This drive did not give back what was written to it at ${plural(probe.failureCount, 'place')} of ${probe.places} (${failureWords(probe.failures)}): it is failing. Unraid would lose data on it.`;
  }
}

/** The measured speeds, and a warning for a drive too slow to run Unraid well; null when nothing was measured. */
export function speedSentence(probe: Pick<ProbeResult, 'writeBytesPerSecond' | 'readBytesPerSecond'>): string | null {
  const { writeBytesPerSecond: write, readBytesPerSecond: read } = probe;
  if (write === null && read === null) return null;
  const figures = [write === null ? null : `writes ${speed(write)}`, read === null ? null : `reads ${speed(read)}`].filter((part) => part !== null).join(', ');
  return isSlow(probe) ? `Very slow drive: it ${figures}. Under 5 MiB/s (${speed(SLOW_WRITE_BYTES_PER_SECOND)}) writing, the restore and every settings change on the server will be slow; a faster stick is better.` : `Speed: ${figures}.`;
}

export function isSlow(probe: Pick<ProbeResult, 'writeBytesPerSecond'>): boolean {
  return probe.writeBytesPerSecond !== null && probe.writeBytesPerSecond < SLOW_WRITE_BYTES_PER_SECOND;
}

/** "12.3 MB/s", in the app's decimal units. */
export function speed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

const READING_WORDS: Record<ProbeFailure['reading'], string> = {
  wrapped: 'another place’s data came back',
  'old-data': 'the old data came back',
  corrupt: 'wrong data came back',
  'read-error': 'read error',
  'write-error': 'write error',
};

function failureWords(failures: readonly ProbeFailure[]): string {
  const first = failures[0];
  if (!first) return 'no details';
  const kinds = [...new Set(failures.map((failure) => READING_WORDS[failure.reading]))];
  return `${kinds.join(', ')}; first at ${formatBytes(first.offset)}`;
}
