import { formatDuration } from '../lib/format';

const WIDTH = 120;
const HEIGHT = 28;

/**
 * A tiny line of durations (plain SVG: a list of many rows stays cheap). Its label states min, max and latest
 * so the numbers are there without seeing the line.
 */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  if (values.length < 2)
    return <span className="muted">{values.length ? formatDuration(values[0]) : '—'}</span>;
  const max = Math.max(...values);
  const min = Math.min(...values);
  const span = max - min || 1;
  const step = WIDTH / (values.length - 1);
  const points = values
    .map(
      (value, index) =>
        `${(index * step).toFixed(1)},${(HEIGHT - 2 - ((value - min) / span) * (HEIGHT - 4)).toFixed(1)}`,
    )
    .join(' ');
  const latest = values[values.length - 1] ?? 0;
  const description = `${label}: latest ${formatDuration(latest)}, min ${formatDuration(min)}, max ${formatDuration(max)} over ${values.length} runs`;
  return (
    <span className="sparkline">
      <svg
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={description}
      >
        <title>{description}</title>
        <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      <span className="sparkline-latest">{formatDuration(latest)}</span>
    </span>
  );
}
