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

/** The two passes of a verified write: writing everything, then reading it back once. */
export type Pass = 'write' | 'read';

export interface PassReading extends Reading {
  readonly pass: Pass;
  /** The pass's own total. */
  readonly bytesTotal: number;
}

export interface JobEstimate extends Estimate {
  /** How far the whole job is, 0 to 1, by time: it never goes back. */
  readonly fraction: number;
}

/**
 * One bar and one time left for a whole verified write, from measured speeds. Until the read pass
 * starts, it is taken to read as many bytes as were written (it reads every written block once)
 * at the speed the write went: a stick reads at least as fast as it writes, so the estimate errs
 * long, never short. Once reading, its own speed counts, and the write's measured time.
 */
export class JobMeter {
  private readonly meter: ProgressMeter;
  private pass: Pass | undefined;
  private passStarted = 0;
  private writeSeconds = 0;
  private writeRate: number | null = null;
  private shown = 0;

  constructor(windowSeconds = WINDOW_SECONDS) {
    this.meter = new ProgressMeter(windowSeconds);
  }

  update(reading: PassReading): JobEstimate {
    if (reading.pass !== this.pass) {
      if (this.pass === 'write') this.writeSeconds = reading.seconds - this.passStarted;
      this.pass = reading.pass;
      this.passStarted = reading.seconds;
      this.meter.reset();
    }
    const estimate = this.meter.update(reading, reading.bytesTotal);
    const { bytesDone, bytesTotal } = reading;
    const left = Math.max(0, bytesTotal - bytesDone);
    let fraction: number;
    let secondsLeft: number | null;
    if (reading.pass === 'write') {
      if (estimate.bytesPerSecond) this.writeRate = estimate.bytesPerSecond;
      // Both passes at the write's speed: the bytes alone tell how far.
      fraction = bytesTotal > 0 ? bytesDone / (2 * bytesTotal) : 0;
      secondsLeft = estimate.bytesPerSecond ? (left + bytesTotal) / estimate.bytesPerSecond : null;
    } else {
      // Until the read's own speed is measured, the write's stands in for it.
      const readRate = estimate.bytesPerSecond ?? this.writeRate;
      if (readRate) {
        fraction = (this.writeSeconds + bytesDone / readRate) / (this.writeSeconds + bytesTotal / readRate);
        secondsLeft = left / readRate;
      } else {
        fraction = 0.5 + (bytesTotal > 0 ? bytesDone / (2 * bytesTotal) : 0);
        secondsLeft = null;
      }
    }
    this.shown = Math.max(this.shown, Math.min(1, fraction));
    return { bytesPerSecond: estimate.bytesPerSecond, secondsLeft, fraction: this.shown };
  }
}
