import { formatDuration } from '../lib/format';

const WIDTH = 120;
const HEIGHT = 28;

/**
 * A tiny line of durations over time slots (plain SVG: a list of many rows stays cheap). `values` holds one value per
 * slot, oldest first, null for a slot without data: the line breaks there, and a lone value shows as a dot, so the
 * x axis stays time. Its label states min, max and latest so the numbers are there without seeing the line.
 */
export function Sparkline({
  values,
  label,
  slot = 'run',
}: {
  values: readonly (number | null)[];
  label: string;
  /** What one slot is, for the label ("hour": "over 3 of the last 24 hours"). */
  slot?: string;
}) {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return <span className="muted">—</span>;
  const max = Math.max(...present);
  const min = Math.min(...present);
  const span = max - min || 1;
  const step = values.length > 1 ? WIDTH / (values.length - 1) : 0;
  const x = (index: number) => (values.length > 1 ? index * step : WIDTH / 2).toFixed(1);
  const y = (value: number) => (HEIGHT - 2 - ((value - min) / span) * (HEIGHT - 4)).toFixed(1);
  // Runs of consecutive values, each drawn as one polyline (or a dot when alone).
  const segments: { index: number; value: number }[][] = [];
  values.forEach((value, index) => {
    if (value === null) return;
    const last = segments[segments.length - 1];
    const previous = last?.[last.length - 1];
    if (last && previous && previous.index === index - 1) last.push({ index, value });
    else segments.push([{ index, value }]);
  });
  const latest = present[present.length - 1] ?? 0;
  const description = `${label}: latest ${formatDuration(latest)}, min ${formatDuration(min)}, max ${formatDuration(max)} over ${present.length} of the last ${values.length} ${slot}s`;
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
        {segments.map((segment) =>
          segment.length === 1 ? (
            <circle
              key={segment[0]?.index}
              cx={x(segment[0]?.index ?? 0)}
              cy={y(segment[0]?.value ?? 0)}
              r="1.5"
              fill="currentColor"
            />
          ) : (
            <polyline
              key={segment[0]?.index}
              points={segment.map(({ index, value }) => `${x(index)},${y(value)}`).join(' ')}
              fill="none"
              stroke="currentColor"
              strokeWidth="1.5"
            />
          ),
        )}
      </svg>
      <span className="sparkline-latest">{formatDuration(latest)}</span>
    </span>
  );
}
