import { formatDateTime, formatRelativeTime } from '../lib/format';

/** "3 minutes ago", with the exact time on hover and for machines. "—" when there is none. */
export function RelativeTime({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelativeTime(iso)}
    </time>
  );
}
