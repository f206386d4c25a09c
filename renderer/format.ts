// Numbers for the wizard's screens that need no words (sizes, speeds, durations: i18n/format.ts).
export function percentOf(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
}
