// Sizes, speeds and times as the Write and Done steps say them: the CLI's English from
// shared/format.ts, and the renderer's words per language from the same rounding.
import { describe, expect, it } from 'vitest';
import { percentOf } from '../../renderer/format.js';
import { formatsFor } from '../../renderer/i18n/units.js';
import { createI18n } from '../../renderer/i18n/i18n.js';
import { formatBytes, formatSpeed, formatTimeLeft } from '../../shared/format.js';

function formats(language: Parameters<typeof createI18n>[0]) {
  const i18n = createI18n(language);
  return formatsFor(i18n.t, language);
}

describe('renderer formats', () => {
  it('rounds the time left the way people say it', () => {
    expect(formatTimeLeft(12)).toBe('less than a minute left');
    expect(formatTimeLeft(80)).toBe('about 1 minute left');
    expect(formatTimeLeft(130)).toBe('about 2 minutes left');
    expect(formatTimeLeft(3600)).toBe('about 1 hour left');
    expect(formatTimeLeft(3660)).toBe('about 1 hour 1 minute left');
    expect(formatTimeLeft(2 * 3600 + 20 * 60)).toBe('about 2 hours 20 minutes left');
  });

  it('gives durations, speeds and percentages', () => {
    const en = formats('en');
    expect(en.duration(0.2)).toBe('1 s');
    expect(en.duration(59.6)).toBe('1 min 0 s');
    expect(en.duration(73.4)).toBe('1 min 13 s');
    expect(formatSpeed(12_300_000)).toBe('12.3 MB/s');
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(5, 0)).toBe(0);
    expect(percentOf(7, 5)).toBe(100);
  });

  it('words sizes, speeds and time left in English exactly as the CLI does', () => {
    const en = formats('en');
    for (const bytes of [0, 1, 512, 999, 1000, 1536, 99_949, 123_456_789, 16_008_609_792, 2.5e15]) expect(en.bytes(bytes)).toBe(formatBytes(bytes));
    for (const speed of [0, 1, 12_300_000, 987_654_321]) expect(en.speed(speed)).toBe(formatSpeed(speed));
    for (const seconds of [0, 49, 50, 80, 130, 3599, 3600, 3660, 8400, 90_000]) expect(en.timeLeft(seconds)).toBe(formatTimeLeft(seconds));
  });
});

describe('formats in other languages', () => {
  it('uses each language’s digits, units and plural forms', () => {
    const de = formats('de');
    expect(de.bytes(1536)).toBe('1,5 KB');
    expect(de.speed(12_300_000)).toBe('12,3 MB/s');
    expect(de.timeLeft(3660)).toBe('noch etwa 1 Stunde 1 Minute');
    expect(formats('fr').bytes(1536)).toBe('1,5 Ko');
    const pl = formats('pl');
    expect([pl.timeLeft(60), pl.timeLeft(180), pl.timeLeft(300), pl.timeLeft(22 * 60)]).toEqual([
      'do końca: około 1 minuty',
      'do końca: około 3 minut',
      'do końca: około 5 minut',
      'do końca: około 22 minut',
    ]);
    expect(formats('ja').duration(73.4)).toBe('1 分 13 秒');
    expect(formats('zh-CN').bytes(512)).toBe('512 字节');
  });

  it('groups large counts as the language does', () => {
    expect(createI18n('de').t('units.files', { count: 12_345 })).toBe('12.345 Dateien');
    expect(createI18n('en').t('units.files', { count: 1 })).toBe('1 file');
  });
});
