// Speeds and times as the Write and Done steps say them.
import { describe, expect, it } from 'vitest';
import { formatDuration, percentOf } from '../../renderer/format.js';
import { formatSpeed, formatTimeLeft } from '../../shared/format.js';

describe('renderer formats', () => {
  it('rounds the time left the way people say it', () => {
    expect(formatTimeLeft(12)).toBe('less than a minute left');
    expect(formatTimeLeft(80)).toBe('about 1 minute left');
    expect(formatTimeLeft(130)).toBe('about 2 minutes left');
    expect(formatTimeLeft(3600)).toBe('about 1 hour left');
    expect(formatTimeLeft(2 * 3600 + 20 * 60)).toBe('about 2 hours 20 minutes left');
  });

  it('gives durations, speeds and percentages', () => {
    expect(formatDuration(0.2)).toBe('1 s');
    expect(formatDuration(59.6)).toBe('1 min 0 s');
    expect(formatDuration(73.4)).toBe('1 min 13 s');
    expect(formatSpeed(12_300_000)).toBe('12.3 MB/s');
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(5, 0)).toBe(0);
    expect(percentOf(7, 5)).toBe(100);
  });
});
