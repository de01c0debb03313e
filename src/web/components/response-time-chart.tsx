import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Run } from '../api/api-types';
import { formatDuration } from '../lib/format';
import { toTimingSeries } from '../lib/request-timings';

/** Distinct series colours; each series also has its own dash pattern, so lines differ without colour too. */
const COLOURS = ['#2563eb', '#d97706', '#059669', '#9333ea', '#dc2626', '#0891b2', '#4b5563', '#be185d'];
const DASHES = ['', '6 3', '2 2', '8 3 2 3', '4 4', '1 3'];

const timeOfDay = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' });
const fullTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });

/**
 * Response time per request over the latest runs (recharts). Loaded lazily: the chart library is the biggest part
 * of the bundle and only this page needs it.
 */
export default function ResponseTimeChart({ runs }: { runs: readonly Run[] }) {
  const { points, requests } = toTimingSeries(runs);
  if (points.length === 0) return <p className="muted">No finished runs with response times yet.</p>;
  return (
    <figure className="chart" aria-label={`Response time per request over the latest ${points.length} runs`}>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(value: number) => timeOfDay.format(value)}
          />
          <YAxis tickFormatter={(value: number) => `${value} ms`} width={70} />
          <Tooltip
            labelFormatter={(value) => fullTime.format(Number(value))}
            formatter={(value) => formatDuration(Number(value))}
          />
          <Legend />
          {requests.map((request, index) => (
            <Line
              key={request}
              type="monotone"
              dataKey={request}
              name={request}
              stroke={COLOURS[index % COLOURS.length]}
              strokeDasharray={DASHES[index % DASHES.length]}
              strokeWidth={2}
              dot={{ r: 2 }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="muted small">
        Latest {points.length} finished runs; each line is one request of the collection.
      </figcaption>
    </figure>
  );
}
