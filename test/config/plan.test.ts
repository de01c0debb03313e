import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DesiredIntegration, DesiredMonitor, DesiredState } from '../../src/config/desired-state.js';
import { formatPlan } from '../../src/config/format-plan.js';
import {
  computePlan,
  type CurrentState,
  type RemoteIntegration,
  type RemoteMonitor,
} from '../../src/config/plan.js';
import { DEFAULT_INCIDENT_POLICY } from '../../src/incidents/incident-policy.js';
import { DEFAULT_MONITOR_OPTIONS } from '../../src/monitors/monitor.js';
import { OTHER_KEY, SAMPLE_KEY, sampleCollection } from './config-fixtures.js';

const at = (path: string, line: number) => ({ path, line, column: 5 });

function desiredMonitor(name: string, overrides: Partial<DesiredMonitor['input']> = {}): DesiredMonitor {
  return {
    name,
    input: {
      name,
      collection: sampleCollection(name),
      environment: null,
      iterationData: null,
      schedule: { every: '1m' },
      options: {},
      enabled: true,
      ...overrides,
    },
    source: at(`monitors[${name}]`, 2),
  };
}

function desiredPagerDuty(name: string, monitors: string[], key = SAMPLE_KEY): DesiredIntegration {
  return {
    name,
    input: { type: 'pagerduty', name, config: { integrationKey: key } },
    monitorNames: monitors,
    monitorRefs: monitors.map((monitor, index) => ({
      name: monitor,
      source: at(`integrations[0].monitors[${index}]`, 20),
    })),
    source: at('integrations[0]', 18),
  };
}

/** What the server shows for a monitor created from `desiredMonitor(name)`: defaults filled in. */
function remoteMonitor(name: string, id: string, overrides: Partial<RemoteMonitor> = {}): RemoteMonitor {
  return {
    id,
    name,
    collection: sampleCollection(name),
    environment: null,
    iterationData: null,
    schedule: { every: '1m' },
    options: { ...DEFAULT_MONITOR_OPTIONS },
    enabled: true,
    ...overrides,
  };
}

function remotePagerDuty(
  name: string,
  id: string,
  monitorIds: string[],
  key = SAMPLE_KEY,
): RemoteIntegration {
  return {
    id,
    type: 'pagerduty',
    name,
    config: {
      integrationKey: `${'•'.repeat(28)}${key.slice(-4)}`,
      severity: 'critical',
      eventsUrl: 'https://events.pagerduty.com',
      apiVersion: 'v2',
    },
    policy: { ...DEFAULT_INCIDENT_POLICY },
    monitorIds,
  };
}

const state = (monitors: DesiredMonitor[], integrations: DesiredIntegration[] = []): DesiredState => ({
  file: 'pagewatch.yaml',
  monitors,
  integrations,
});

describe('plan: desired state against the server, by name', () => {
  test('an empty server: everything is created, monitors before integrations', () => {
    const plan = computePlan(
      state(
        [desiredMonitor('Checkout API'), desiredMonitor('Search')],
        [desiredPagerDuty('On-call', ['Checkout API'])],
      ),
      { monitors: [], integrations: [] },
      { prune: false },
    );
    assert.deepEqual(
      plan.changes.map((change) => `${change.action} ${change.kind} ${change.name}`),
      ['create monitor Checkout API', 'create monitor Search', 'create integration On-call'],
    );
    assert.deepEqual(formatPlan(plan), [
      '+ monitor "Checkout API"',
      '+ monitor "Search"',
      '+ integration "On-call"',
    ]);
    assert.deepEqual(plan.diagnostics, []);
  });

  test('what the server already has (defaults filled in, key masked) is unchanged', () => {
    const current: CurrentState = {
      monitors: [remoteMonitor('Checkout API', 'mon_1')],
      integrations: [remotePagerDuty('On-call', 'int_1', ['mon_1'])],
    };
    const plan = computePlan(
      state([desiredMonitor('Checkout API')], [desiredPagerDuty('On-call', ['Checkout API'])]),
      current,
      { prune: true },
    );
    assert.deepEqual(
      plan.changes.map((change) => change.action),
      ['unchanged', 'unchanged'],
    );
    assert.deepEqual(formatPlan(plan), ['= 2 unchanged']);
  });

  test('changed fields are listed; only options given in the file are compared against defaults', () => {
    const current: CurrentState = {
      monitors: [
        remoteMonitor('Checkout API', 'mon_1', { options: { ...DEFAULT_MONITOR_OPTIONS, retries: 1 } }),
        remoteMonitor('Search', 'mon_2', { enabled: false }),
        remoteMonitor('Login', 'mon_3', { options: { ...DEFAULT_MONITOR_OPTIONS, retries: 1 } }),
      ],
      integrations: [],
    };
    const plan = computePlan(
      state([
        desiredMonitor('Checkout API', { schedule: { cron: '*/5 * * * *', timezone: 'Europe/Berlin' } }),
        desiredMonitor('Search', { collection: sampleCollection('Search v2') }),
        desiredMonitor('Login', { options: { retries: 1 } }),
      ]),
      current,
      { prune: false },
    );
    assert.deepEqual(formatPlan(plan), [
      '~ monitor "Checkout API": schedule, options',
      '~ monitor "Search": collection, enabled',
      '= 1 unchanged',
    ]);
  });

  test('integration keys compare by their last 4 characters; an unchanged key is sent back masked', () => {
    const current: CurrentState = {
      monitors: [remoteMonitor('A', 'mon_a'), remoteMonitor('B', 'mon_b')],
      integrations: [
        remotePagerDuty('Same key, new monitor', 'int_1', ['mon_a']),
        remotePagerDuty('New key', 'int_2', ['mon_a']),
        remotePagerDuty('Same last 4', 'int_3', ['mon_a'], `${'0'.repeat(28)}${SAMPLE_KEY.slice(-4)}`),
      ],
    };
    const plan = computePlan(
      state(
        [desiredMonitor('A'), desiredMonitor('B')],
        [
          desiredPagerDuty('Same key, new monitor', ['A', 'B']),
          desiredPagerDuty('New key', ['A'], OTHER_KEY),
          desiredPagerDuty('Same last 4', ['A']),
        ],
      ),
      current,
      { prune: false },
    );
    assert.deepEqual(formatPlan(plan), [
      '~ integration "Same key, new monitor": monitors',
      '~ integration "New key": integrationKey',
      '= 3 unchanged',
    ]);
    const [first, second] = plan.changes.filter((change) => change.action === 'update');
    assert.equal(
      first?.kind === 'integration' && first.action === 'update' && first.storedSecretMask,
      `${'•'.repeat(28)}1a2b`,
    );
    assert.equal(
      second?.kind === 'integration' && second.action === 'update' && second.storedSecretMask,
      undefined,
    );
  });

  test('webhooks: url, secret added or removed, policy', () => {
    const webhook = (name: string, secret?: string): DesiredIntegration => ({
      name,
      input: {
        type: 'webhook',
        name,
        config: { url: 'https://example.com/hook', ...(secret ? { secret } : {}) },
        policy: { failureThreshold: 3 },
      },
      monitorNames: [],
      monitorRefs: [],
      source: at('integrations[0]', 1),
    });
    const remote = (name: string, id: string, secretMask?: string): RemoteIntegration => ({
      id,
      type: 'webhook',
      name,
      config: { url: 'https://example.com/hook', ...(secretMask ? { secret: secretMask } : {}) },
      policy: { ...DEFAULT_INCIDENT_POLICY, failureThreshold: 3 },
      monitorIds: [],
    });
    const plan = computePlan(
      state(
        [],
        [
          webhook('Added', 'secret-0123456789-abcd'),
          webhook('Removed'),
          webhook('Same', 'secret-0123456789-abcd'),
        ],
      ),
      {
        monitors: [],
        integrations: [
          remote('Added', 'int_1'),
          remote('Removed', 'int_2', '••••••••abcd'),
          remote('Same', 'int_3', '••••••••abcd'),
        ],
      },
      { prune: false },
    );
    assert.deepEqual(formatPlan(plan), [
      '~ integration "Added": secret',
      '~ integration "Removed": secret',
      '= 1 unchanged',
    ]);
  });

  test('--prune deletes what the file does not name, integrations before monitors, after everything else', () => {
    const current: CurrentState = {
      monitors: [remoteMonitor('Old monitor', 'mon_old'), remoteMonitor('Kept', 'mon_k')],
      integrations: [remotePagerDuty('Old integration', 'int_old', ['mon_old'])],
    };
    const desired = state([desiredMonitor('Kept'), desiredMonitor('New')]);
    const pruned = computePlan(desired, current, { prune: true });
    assert.deepEqual(formatPlan(pruned), [
      '+ monitor "New"',
      '- integration "Old integration"',
      '- monitor "Old monitor"',
      '= 1 unchanged',
    ]);
    const kept = computePlan(desired, current, { prune: false });
    assert.deepEqual(formatPlan(kept), [
      '+ monitor "New"',
      '= 1 unchanged',
      '  not in the file, kept (--prune deletes them): monitor "Old monitor", integration "Old integration"',
    ]);
  });

  test('monitor references: unknown names and names --prune would delete are problems; server-only names are fine otherwise', () => {
    const current: CurrentState = { monitors: [remoteMonitor('Dashboard-made', 'mon_d')], integrations: [] };
    const desired = state(
      [desiredMonitor('A')],
      [desiredPagerDuty('On-call', ['A', 'Dashboard-made', 'Typo'])],
    );
    const plan = computePlan(desired, current, { prune: false });
    assert.deepEqual(plan.diagnostics, [
      {
        file: 'pagewatch.yaml',
        line: 20,
        column: 5,
        path: 'integrations[0].monitors[2]',
        message: 'no monitor named "Typo" in the file or on the server',
      },
    ]);
    const pruned = computePlan(desired, current, { prune: true });
    assert.deepEqual(
      pruned.diagnostics.map((diagnostic) => diagnostic.message),
      [
        'monitor "Dashboard-made" is not in the file, so --prune would delete it',
        'no monitor named "Typo" in the file or on the server',
      ],
    );
  });

  test('an integration whose type changed is a problem, not a silent delete and create', () => {
    const remote: RemoteIntegration = {
      ...remotePagerDuty('On-call', 'int_1', []),
      type: 'webhook',
      config: { url: 'https://example.com' },
    };
    const plan = computePlan(
      state([], [desiredPagerDuty('On-call', [])]),
      { monitors: [], integrations: [remote] },
      { prune: false },
    );
    assert.match(
      plan.diagnostics[0]?.message ?? '',
      /is a webhook integration on the server and a type cannot change/,
    );
    assert.deepEqual(plan.changes, []);
  });
});
