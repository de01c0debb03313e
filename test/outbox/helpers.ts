/** Shared fixtures for the outbox tests: rows to enqueue, PagerDuty event bodies (without keys), targets. */
import type { TestContext } from 'node:test';
import type { NewDelivery } from '../../src/outbox/delivery.js';
import type { DeliveryTarget, PagerDutyTarget } from '../../src/notifiers/registry.js';
import type { Store } from '../../src/store/open-store.js';
import type { TestEngine } from '../helpers/stores.js';

export { FakeClock } from '../pd-sandbox/helpers.js';

export const KEY_A = 'e93facc04764012d7bfb002500d5d1a6';
export const KEY_B = '0123456789abcdef0123456789abcdef';
export const INTEGRATION_A = 'int_aaaaaaaaaaaaaaaa';
export const INTEGRATION_B = 'int_bbbbbbbbbbbbbbbb';

/** Opens a fresh store on `engine` (or skips), runs `body`, closes the store. */
export async function withStore(
  engine: TestEngine,
  t: TestContext,
  body: (store: Store) => Promise<void>,
): Promise<void> {
  if (engine.skipReason) {
    t.skip(engine.skipReason);
    return;
  }
  const store = await engine.open();
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

/** A v2 trigger body as the incident engine stores it: no routing_key. */
export function triggerBody(dedupKey: string, summary = `${dedupKey} is down`): Record<string, unknown> {
  return {
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: { summary, source: 'pagewatch', severity: 'critical' },
  };
}

export function followUpBody(action: 'acknowledge' | 'resolve', dedupKey: string): Record<string, unknown> {
  return { event_action: action, dedup_key: dedupKey };
}

/** A row for the outbox: a trigger by default. */
export function newDelivery(
  dedupKey: string,
  action: NewDelivery['action'] = 'trigger',
  overrides: Partial<NewDelivery> = {},
): NewDelivery {
  const payload =
    action === 'acknowledge' || action === 'resolve' ? followUpBody(action, dedupKey) : triggerBody(dedupKey);
  return {
    incidentId: null,
    integrationId: INTEGRATION_A,
    monitorId: null,
    dedupKey,
    action,
    payload,
    ...overrides,
  };
}

/** resolveTarget for tests: integration id → target, anything else is "deleted". */
export function targetsOf(targets: Record<string, DeliveryTarget>) {
  return async (integrationId: string): Promise<DeliveryTarget | null> => targets[integrationId] ?? null;
}

export function pagerDutyTarget(eventsUrl: string, routingKey = KEY_A): PagerDutyTarget {
  return { type: 'pagerduty', routingKey, eventsUrl, apiVersion: 'v2' };
}

/** Polls `check` until it returns true or `timeoutMs` passes (real time). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
