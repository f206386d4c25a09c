// Sizes, speeds, durations and time left in the wizard's language: shared/format.ts decides the
// rounding (the CLI words the same parts in English), the catalogue the words, Intl the digits.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { sizeParts, timeLeftParts } from '../../shared/format.js';
import type { AnyMessage } from '../../shared/message.js';
import { wordMessage, wordMessages } from './engine.js';

export interface Formats {
  /** 1536 → "1.5 KB" (de: "1,5 KB"). */
  bytes(bytes: number): string;
  /** 12_300_000 → "12.3 MB/s". */
  speed(bytesPerSecond: number): string;
  /** "about 3 minutes left". */
  timeLeft(seconds: number): string;
  /** 73.4 → "1 min 13 s". */
  duration(seconds: number): string;
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
  };
}

export interface Words {
  readonly t: TFunction;
  readonly format: Formats;
  /** An engine message in the current language. */
  readonly word: (message: AnyMessage) => string;
  /** Engine messages as sentences one after the other. */
  readonly sentences: (messages: readonly AnyMessage[]) => string;
}

/** The wizard's words and formats in the current language. */
export function useWords(): Words {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return { t, format: formatsFor(t, language), word: (message) => wordMessage(t, message), sentences: (messages) => wordMessages(t, language, messages) };
}
