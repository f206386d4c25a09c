// Speed and time left from a stream of (time, bytes done) readings: the rate over a sliding window
// of the last few seconds, so a stall shows within seconds and an early burst into the page cache
// does not promise a finish that never comes. Pure: the caller supplies the clock.

export interface Reading {
  readonly seconds: number;
  readonly bytesDone: number;
}

export interface Estimate {
  readonly bytesPerSecond: number | null;
  readonly secondsLeft: number | null;
}

export const WINDOW_SECONDS = 5;
/** Below this much history, a rate is noise. */
const MIN_SPAN_SECONDS = 0.5;

export class ProgressMeter {
  private readings: Reading[] = [];

  constructor(private readonly windowSeconds = WINDOW_SECONDS) {}

  /** Records a reading and estimates from the window that ends with it. */
  update(reading: Reading, bytesTotal: number): Estimate {
    this.readings.push(reading);
    while (this.readings.length > 2 && reading.seconds - this.readings[1]!.seconds >= this.windowSeconds) this.readings.shift();
    const first = this.readings[0]!;
    const span = reading.seconds - first.seconds;
    if (span < MIN_SPAN_SECONDS) return { bytesPerSecond: null, secondsLeft: null };
    const bytesPerSecond = Math.max(0, (reading.bytesDone - first.bytesDone) / span);
    const remaining = Math.max(0, bytesTotal - reading.bytesDone);
    return { bytesPerSecond, secondsLeft: bytesPerSecond > 0 ? remaining / bytesPerSecond : null };
  }

  /** A new phase measures from scratch. */
  reset(): void {
    this.readings = [];
  }
}
