import type { Schedule } from '../api/api-types';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });

/** "3 minutes ago", "in 25 seconds", "now". */
export function formatRelativeTime(iso: string, now: number = Date.now()): string {
  const difference = new Date(iso).getTime() - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(difference) >= size || unit === 'second') {
      return relative.format(Math.round(difference / size), unit);
    }
  }
  return iso;
}

/** "12 Mar 2025, 14:03:12" in the viewer's time zone. */
export function formatDateTime(iso: string): string {
  return absolute.format(new Date(iso));
}

/** "245 ms", "1.4 s", "2 min 5 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

/** "512 B", "3.2 kB", "1.1 MB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1_000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1_000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** "97.5 %", or "—" when there is nothing to measure. */
export function formatPercent(ratio: number | null): string {
  if (ratio === null) return '—';
  const percent = ratio * 100;
  return `${Number.isInteger(percent) ? percent.toFixed(0) : percent.toFixed(1)} %`;
}

/** "every 1m", or "cron 0 9 * * 1 (Europe/Berlin)". */
export function describeSchedule(schedule: Schedule): string {
  if ('every' in schedule) return `every ${schedule.every}`;
  return `cron ${schedule.cron}${schedule.timezone ? ` (${schedule.timezone})` : ''}`;
}

/** "30m", "1h", "2h 30m" for reminder intervals. */
export function formatInterval(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
}
