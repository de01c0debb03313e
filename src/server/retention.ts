import type { Logger } from 'pino';
import type { Store } from '../store/open-store.js';
import { purgeDeletedIntegrations } from '../store/repositories/integration-repository.js';
import { pruneRuns } from '../store/repositories/run-repository.js';
import type { Clock } from '../util/clock.js';

const RETENTION_INTERVAL_MS = 60 * 60_000;

/**
 * Keeps the database bounded: every hour (and once at start) deletes runs older than `retentionDays` and purges
 * deleted integrations whose last events went out.
 */
export function startRetention(options: {
  store: Store;
  logger: Logger;
  retentionDays: number;
  clock: Clock;
}): { stop(): void } {
  const sweep = async (): Promise<void> => {
    try {
      const before = new Date(options.clock.now() - options.retentionDays * 24 * 60 * 60_000);
      const runs = await pruneRuns(options.store.db, before);
      const integrations = await purgeDeletedIntegrations(options.store.db);
      if (runs || integrations)
        options.logger.info({ runs, integrations, before: before.toISOString() }, 'retention sweep');
    } catch (error) {
      options.logger.error({ err: error }, 'retention sweep failed; will retry');
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), RETENTION_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
