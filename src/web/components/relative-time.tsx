import { useNow } from '../hooks/use-now';
import { formatDateTime, formatRelativeTime } from '../lib/format';

/** "3 minutes ago", kept current, with the exact time on hover and for machines. "—" when there is none. */
export function RelativeTime({ iso }: { iso: string | null | undefined }) {
  useNow(); // re-render every few seconds; the text uses the exact time of this render
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelativeTime(iso)}
    </time>
  );
}
