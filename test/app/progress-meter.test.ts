// Speed over the last few seconds, and the time left at that speed.
import { describe, expect, it } from 'vitest';
import { ProgressMeter } from '../../main/app-core/progress-meter.js';

const MB = 1_000_000;

describe('ProgressMeter', () => {
  it('says nothing until half a second of history, then the rate and the time left', () => {
    const meter = new ProgressMeter();
    expect(meter.update({ seconds: 0, bytesDone: 0 }, 100 * MB)).toEqual({ bytesPerSecond: null, secondsLeft: null });
    expect(meter.update({ seconds: 0.2, bytesDone: 2 * MB }, 100 * MB)).toEqual({ bytesPerSecond: null, secondsLeft: null });
    expect(meter.update({ seconds: 1, bytesDone: 10 * MB }, 100 * MB)).toEqual({ bytesPerSecond: 10 * MB, secondsLeft: 9 });
  });

  it('forgets a fast start (the page cache) once the window has moved past it', () => {
    const meter = new ProgressMeter(5);
    meter.update({ seconds: 0, bytesDone: 0 }, 1000 * MB);
    meter.update({ seconds: 1, bytesDone: 200 * MB }, 1000 * MB);
    for (let second = 2; second <= 10; second++) meter.update({ seconds: second, bytesDone: (200 + (second - 1) * 10) * MB }, 1000 * MB);
    const estimate = meter.update({ seconds: 11, bytesDone: 300 * MB }, 1000 * MB);
    expect(estimate.bytesPerSecond).toBe(10 * MB);
    expect(estimate.secondsLeft).toBe(70);
  });

  it('has no time left to offer while nothing moves, and starts over for a new phase', () => {
    const meter = new ProgressMeter();
    meter.update({ seconds: 0, bytesDone: 5 }, 10);
    expect(meter.update({ seconds: 2, bytesDone: 5 }, 10)).toEqual({ bytesPerSecond: 0, secondsLeft: null });
    meter.reset();
    expect(meter.update({ seconds: 3, bytesDone: 0 }, 10)).toEqual({ bytesPerSecond: null, secondsLeft: null });
  });
});
