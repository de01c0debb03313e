import { DEFAULT_INCIDENT_POLICY } from '../../src/incidents/incident-policy.js';
import type { Integration } from '../../src/integrations/integration.js';
import { DEFAULT_MONITOR_OPTIONS, type Monitor } from '../../src/monitors/monitor.js';
import type { RunResult } from '../../src/runner/run-result.js';
import { newId } from '../../src/util/ids.js';

/** A monitor object with sensible defaults; override what a test cares about. */
export function monitorFixture(overrides: Partial<Monitor> = {}): Monitor {
  const at = overrides.createdAt ?? new Date().toISOString();
  return {
    id: newId('mon'),
    name: `Monitor ${Math.random().toString(36).slice(2, 8)}`,
    collection: { info: { name: 'c' }, item: [{ name: 'r', request: 'http://127.0.0.1:1/' }] },
    environment: null,
    iterationData: null,
    schedule: { every: '1m' },
    options: DEFAULT_MONITOR_OPTIONS,
    enabled: true,
    nextRunAt: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export const TEST_INTEGRATION_KEY = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';

export function pagerDutyIntegrationFixture(overrides: Partial<Integration> = {}): Integration {
  const at = new Date().toISOString();
  return {
    id: newId('int'),
    type: 'pagerduty',
    name: `PD ${Math.random().toString(36).slice(2, 8)}`,
    config: {
      integrationKey: TEST_INTEGRATION_KEY,
      severity: 'critical',
      eventsUrl: 'http://127.0.0.1:1',
      apiVersion: 'v2',
    },
    policy: DEFAULT_INCIDENT_POLICY,
    monitorIds: [],
    createdAt: at,
    updatedAt: at,
    ...overrides,
  } as Integration;
}

export function runResultFixture(status: RunResult['status'], at = new Date()): RunResult {
  const failed = status === 'success' ? 0 : 1;
  return {
    status,
    startedAt: at.toISOString(),
    finishedAt: new Date(at.getTime() + 20).toISOString(),
    durationMs: 20,
    stats: { requests: { total: 1, failed: 0 }, assertions: { total: 1, failed } },
    executions: [
      {
        name: 'Get health',
        method: 'GET',
        url: 'http://127.0.0.1:9/health',
        status: failed ? 503 : 200,
        responseTimeMs: 5,
        responseSize: 15,
        iteration: 0,
        assertions: [
          {
            name: 'status is 200',
            passed: !failed,
            ...(failed ? { error: 'expected 503 to equal 200' } : {}),
          },
        ],
      },
    ],
  };
}
