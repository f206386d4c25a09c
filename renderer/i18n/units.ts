// Sizes, speeds, durations, time left and lists in the wizard's language: shared/format.ts decides
// the rounding (the CLI words the same parts in English), the catalogue the words, Intl the digits
// and how a list joins. Used by the wizard's components (format.ts) and by the engine's message
// formats (engine.ts), so it imports neither.
import type { TFunction } from 'i18next';
import { sizeParts, timeLeftParts } from '../../shared/format.js';

export interface Formats {
  /** 1536 → "1.5 KB" (de: "1,5 KB"). */
  bytes(bytes: number): string;
  /** 12_300_000 → "12.3 MB/s". */
  speed(bytesPerSecond: number): string;
  /** "about 3 minutes left". */
  timeLeft(seconds: number): string;
  /** 73.4 → "1 min 13 s". */
  duration(seconds: number): string;
  /** ["a", "b", "c"] → "a, b and c" (zh: "a、b和c"), as the language joins a list. */
  list(items: readonly string[]): string;
}

export function formatsFor(t: TFunction, language: string): Formats {
  const bytes = (count: number) => {
    const { value, unit, digits } = sizeParts(count);
    const number = new Intl.NumberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(value);
    return t(`units.${unit}`, { value: number, count });
  };
  return {
    bytes,
    speed: (bytesPerSecond) => t('units.speed', { size: bytes(bytesPerSecond) }),
    timeLeft: (seconds) => {
      const parts = timeLeftParts(seconds);
      if (!parts) return t('units.underAMinuteLeft');
      if (parts.hours === 0) return t('units.minutesLeft', { count: parts.minutes });
      if (parts.minutes === 0) return t('units.hoursLeft', { count: parts.hours });
      return t('units.hoursMinutesLeft', { hours: t('units.hours', { count: parts.hours }), count: parts.minutes });
    },
    duration: (seconds) => {
      const whole = Math.max(1, Math.round(seconds));
      const minutes = Math.floor(whole / 60);
      return minutes === 0 ? t('units.seconds', { seconds: whole }) : t('units.minutesSeconds', { minutes, seconds: whole % 60 });
    },
    list: (items) => listIn(language, items),
  };
}

/** A list joined as the language joins one: "a, b and c", "a, b et c", "a、b和c". */
export function listIn(language: string, items: readonly string[]): string {
  return new Intl.ListFormat(language, { type: 'conjunction' }).format(items);
}

/** Clauses of one sentence: "a; b" (zh, ja: "a；b"). */
export function clausesIn(language: string, clauses: readonly string[]): string {
  return clauses.join(/^(zh|ja)\b/.test(language) ? '；' : '; ');
}
