/**
 * Interval durations of `every` schedules: `30s`, `90s`, `5m`, `1h30m`, `24h`. Units are `h`, `m` and `s`, each at
 * most once and in that order; no fractions, so every value is a whole number of seconds.
 */

/** The shortest `every` interval: 30 seconds. */
export const MIN_EVERY_MS = 30_000;
/** The longest `every` interval: 24 hours. */
export const MAX_EVERY_MS = 24 * 60 * 60_000;

const DURATION_PATTERN = /^(?:(\d{1,6})h)?(?:(\d{1,6})m)?(?:(\d{1,6})s)?$/;

/** `1h30m` → 5 400 000; `undefined` when the text is not a duration (range is checked by the caller). */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (!match || text === '') return undefined;
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
}

/** 5 400 000 → `1h30m`; 90 000 → `1m30s`. Whole seconds only (sub-second remainders are dropped). */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const text = `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${seconds ? `${seconds}s` : ''}`;
  return text || '0s';
}
