// Numbers as people read them. Sizes use decimal units, as drive makers and Unraid's own pages do.

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** 1536 → "1.5 KB", 512 → "512 bytes", 1 → "1 byte". */
export function formatBytes(bytes: number): string {
  if (bytes === 1) return '1 byte';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** plural(1, 'file') → "1 file", plural(3, 'entry', 'entries') → "3 entries". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** 12_300_000 → "12.3 MB/s". */
export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Time left, rounded the way people say it: "less than a minute", "about 3 minutes", "about 1 hour 20 minutes". */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 50) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes === 1 ? '1 minute' : `${minutes} minutes`} left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `about ${hours === 1 ? '1 hour' : `${hours} hours`}${rest === 0 ? '' : ` ${rest} minutes`} left`;
}
