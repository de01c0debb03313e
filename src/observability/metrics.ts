import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const METRIC_PREFIX = 'pagewatch_';

/** Read-outs taken at scrape time, from the store; set once the store is open (`setCollectors`). */
export interface MetricCollectors {
  /** Incidents currently triggered or acknowledged. */
  openIncidents: () => Promise<number>;
  /** Outbox rows per status, e.g. `{pending: 3, failed: 1}`. */
  outboxDepth: () => Promise<Record<string, number>>;
}

export interface MetricsOptions {
  /** Also collect prom-client's default process metrics (CPU, memory, event loop, GC). Default true. */
  processMetrics?: boolean;
  /** Called when a scrape-time collector fails; the gauge keeps its last value. Default: ignore (log it!). */
  onCollectError?: (series: string, error: unknown) => void;
}

/** One registry per process (or per test), never prom-client's global one, so instances never share series. */
export interface Metrics {
  registry: Registry;
  /** `pagewatch_runs_total{status}`: finished runs by status (`success | failure | error | abort`). */
  runsTotal: Counter<'status'>;
  /** `pagewatch_run_duration_seconds`: wall time of finished runs. */
  runDurationSeconds: Histogram;
  /** `pagewatch_open_incidents`: incidents triggered or acknowledged, read at scrape time. */
  openIncidents: Gauge;
  /** `pagewatch_outbox_depth{status}`: outbox rows per status, read at scrape time. */
  outboxDepth: Gauge<'status'>;
  /**
   * `pagewatch_delivery_failures_total{reason}`: failed delivery attempts. `reason` must be a small fixed set
   * (`rejected`, `rate_limited`, `server_error`, `network`, `timeout`), never error text: each value is a series.
   */
  deliveryFailuresTotal: Counter<'reason'>;
  /**
   * `pagewatch_auth_failures_total{outcome}`: failed sign-ins. `rejected`: a bad token or login code (401);
   * `refused`: a client over the failed-auth limit was turned away (429).
   */
  authFailuresTotal: Counter<'outcome'>;
  /** Records one finished run in `runs_total` and `run_duration_seconds`. */
  observeRun(run: { status: string; durationMs: number }): void;
  /** Sets (or replaces) the scrape-time read-outs of the gauges. Until set, open_incidents reads 0 and outbox_depth has no series. */
  setCollectors(collectors: Partial<MetricCollectors>): void;
}

/** Run durations: from sub-second health checks up to the 10-minute run cap. */
const RUN_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const collectors: Partial<MetricCollectors> = {};
  const onCollectError = options.onCollectError ?? (() => undefined);

  const runsTotal = new Counter({
    name: `${METRIC_PREFIX}runs_total`,
    help: 'Finished monitor runs by status.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const runDurationSeconds = new Histogram({
    name: `${METRIC_PREFIX}run_duration_seconds`,
    help: 'Wall time of finished monitor runs in seconds.',
    buckets: RUN_DURATION_BUCKETS,
    registers: [registry],
  });
  const openIncidents = new Gauge({
    name: `${METRIC_PREFIX}open_incidents`,
    help: 'Incidents currently triggered or acknowledged.',
    registers: [registry],
    async collect() {
      if (!collectors.openIncidents) return;
      try {
        this.set(await collectors.openIncidents());
      } catch (error) {
        // Keep the last value: a scrape must not fail as a whole, nor show 0 open incidents because the DB is down.
        onCollectError(`${METRIC_PREFIX}open_incidents`, error);
      }
    },
  });
  const outboxDepth = new Gauge({
    name: `${METRIC_PREFIX}outbox_depth`,
    help: 'Outbox rows (deliveries) by status.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      if (!collectors.outboxDepth) return;
      try {
        const depth = await collectors.outboxDepth();
        // Reset so a status that no longer has rows does not keep its last value.
        this.reset();
        for (const [status, count] of Object.entries(depth)) this.set({ status }, count);
      } catch (error) {
        onCollectError(`${METRIC_PREFIX}outbox_depth`, error);
      }
    },
  });
  const deliveryFailuresTotal = new Counter({
    name: `${METRIC_PREFIX}delivery_failures_total`,
    help: 'Failed delivery attempts by reason.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });

  const authFailuresTotal = new Counter({
    name: `${METRIC_PREFIX}auth_failures_total`,
    help: 'Failed sign-ins: rejected (bad token or login code, 401) or refused (over the failed-auth limit, 429).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });

  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });

  return {
    registry,
    runsTotal,
    runDurationSeconds,
    openIncidents,
    outboxDepth,
    deliveryFailuresTotal,
    authFailuresTotal,
    observeRun(run) {
      runsTotal.inc({ status: run.status });
      runDurationSeconds.observe(run.durationMs / 1000);
    },
    setCollectors(next) {
      Object.assign(collectors, next);
    },
  };
}
