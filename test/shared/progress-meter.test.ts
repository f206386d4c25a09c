// Speed over the last few seconds, and the time left at that speed; one bar for a whole verified write.
import { describe, expect, it } from 'vitest';
import { JobMeter, ProgressMeter } from '../../shared/progress-meter.js';

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

describe('JobMeter', () => {
  const written = 100 * MB;

  it('counts the read pass from the start: half way when the write is done, at the write\'s speed', () => {
    const meter = new JobMeter();
    meter.update({ pass: 'write', seconds: 0, bytesDone: 0, bytesTotal: written });
    const estimate = meter.update({ pass: 'write', seconds: 5, bytesDone: 50 * MB, bytesTotal: written });
    expect(estimate.fraction).toBe(0.25);
    // 50 MB to write and 100 MB to read, both at 10 MB/s.
    expect(estimate.secondsLeft).toBe(15);
  });

  it('once reading, weighs each pass by its measured time, and never goes back', () => {
    const meter = new JobMeter();
    meter.update({ pass: 'write', seconds: 0, bytesDone: 0, bytesTotal: written });
    meter.update({ pass: 'write', seconds: 10, bytesDone: written, bytesTotal: written });
    // Reading starts: its speed is not known yet, so the write's stands in.
    const start = meter.update({ pass: 'read', seconds: 10, bytesDone: 0, bytesTotal: written });
    expect(start).toMatchObject({ fraction: 0.5, secondsLeft: 10 });
    // It reads at 20 MB/s: 5 s of 15 in all are left.
    const reading = meter.update({ pass: 'read', seconds: 12.5, bytesDone: 50 * MB, bytesTotal: written });
    expect(reading.bytesPerSecond).toBe(20 * MB);
    expect(reading.secondsLeft).toBe(2.5);
    expect(reading.fraction).toBeCloseTo(12.5 / 15);
    // A slower stretch would move the bar back: it stays.
    const slower = meter.update({ pass: 'read', seconds: 20, bytesDone: 60 * MB, bytesTotal: written });
    expect(slower.fraction).toBeCloseTo(12.5 / 15);
    expect(meter.update({ pass: 'read', seconds: 21, bytesDone: written, bytesTotal: written }).fraction).toBe(1);
  });
});
