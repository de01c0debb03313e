import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';
import type { Dispatcher } from '../outbox/index.js';
import type { RunQueue } from '../queue/run-queue.js';
import type { RunInput } from '../runner/load-run-input.js';
import type { RunOptions } from '../runner/run-options.js';
import type { RunResult } from '../runner/run-result.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { Store } from '../store/open-store.js';
import type { Clock } from '../util/clock.js';

/** Runs a collection; the runner module in production, a fake in some tests. */
export type CollectionRunner = (input: RunInput, options: RunOptions) => Promise<RunResult>;

/**
 * Everything the application services share: built once by the server and passed to each service. Services are
 * thin shells: they read and write the store and call pure modules; they hold no state of their own.
 */
export interface ServerContext {
  store: Store;
  box: SecretBox;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  queue: RunQueue;
  dispatcher: Pick<Dispatcher, 'wake'>;
  runCollection: CollectionRunner;
  /** The region runs of this node belong to. */
  region: string;
  /** PagerDuty's "source" for triggers: where the checks run from (host name or region). */
  source: string;
  /** The dashboard's public URL, for `client_url` links; none when unknown. */
  publicUrl?: string;
}

/** The link back to a monitor shown on PagerDuty alerts, when the server knows its public URL. */
export function monitorUrl(context: ServerContext, monitorId: string): string | undefined {
  return context.publicUrl ? `${context.publicUrl.replace(/\/$/, '')}/monitors/${monitorId}` : undefined;
}
