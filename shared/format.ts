// Numbers as people read them. Sizes use decimal units, as drive makers and Unraid's own pages do.
// The rounding is decided here once (sizeParts, timeLeftParts); these functions word it in English
// for the CLI, and the renderer words the same parts per language.

export const SIZE_UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number];

/** A size in its largest decimal unit, with the number of decimals to show. */
export interface SizeParts {
  readonly value: number;
  readonly unit: SizeUnit;
  readonly digits: 0 | 1;
}

/** 1536 → 1.5 KB (1 decimal), 512 → 512 bytes, 123_000_000 → 123 MB. */
export function sizeParts(bytes: number): SizeParts {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return { value, unit: SIZE_UNITS[unit] ?? 'bytes', digits: unit === 0 || value >= 100 ? 0 : 1 };
}

/** 1536 → "1.5 KB", 512 → "512 bytes", 1 → "1 byte". */
export function formatBytes(bytes: number): string {
  if (bytes === 1) return '1 byte';
  const { value, unit, digits } = sizeParts(bytes);
  return `${value.toFixed(digits)} ${unit}`;
}

const ENGLISH_LIST = new Intl.ListFormat('en', { type: 'conjunction' });

/** ['a', 'b', 'c'] → "a, b, and c": a list as an English sentence says it (the CLI speaks English). */
export function englishList(items: readonly string[]): string {
  return ENGLISH_LIST.format(items);
}

/** plural(1, 'file') → "1 file", plural(3, 'entry', 'entries') → "3 entries". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** 12_300_000 → "12.3 MB/s". */
export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Time left, rounded the way people say it: null under a minute, else whole hours and minutes. */
export function timeLeftParts(seconds: number): { readonly hours: number; readonly minutes: number } | null {
  if (seconds < 50) return null;
  const minutes = Math.max(1, Math.round(seconds / 60));
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/** "less than a minute left", "about 3 minutes left", "about 1 hour 20 minutes left". */
export function formatTimeLeft(seconds: number): string {
  const parts = timeLeftParts(seconds);
  if (!parts) return 'less than a minute left';
  const { hours, minutes } = parts;
  if (hours === 0) return `about ${plural(minutes, 'minute')} left`;
  return `about ${plural(hours, 'hour')}${minutes === 0 ? '' : ` ${plural(minutes, 'minute')}`} left`;
}
