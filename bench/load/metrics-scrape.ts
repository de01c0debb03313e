/** Reads pagewatch's Prometheus `/metrics` (with a token) into numbers the benches can use. */

/** Every sample of a scrape, keyed by `name{labels}` as written (`name` alone when it has no labels). */
export type MetricSamples = Map<string, number>;

/** Parses the Prometheus text format's sample lines (comments and blank lines skipped). */
export function parseMetrics(text: string): MetricSamples {
  const samples: MetricSamples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    if (space <= 0) continue;
    const value = Number(line.slice(space + 1));
    if (!Number.isNaN(value)) samples.set(line.slice(0, space), value);
  }
  return samples;
}

export async function scrapeMetrics(baseUrl: string, token: string): Promise<MetricSamples> {
  const response = await fetch(`${baseUrl}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(20_000),
  });
  if (response.status !== 200) throw new Error(`/metrics: HTTP ${response.status}`);
  return parseMetrics(await response.text());
}
