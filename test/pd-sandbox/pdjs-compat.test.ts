/**
 * The official client against the sandbox. pdjs hard-codes `https://${server}/v2/enqueue`, so it cannot be given
 * an http base URL; instead it gets an https agent whose connections are plain TCP to 127.0.0.1. pdjs's own code
 * (URL, headers, body, response parsing) runs unchanged; only TLS is skipped.
 */
import assert from 'node:assert/strict';
import https from 'node:https';
import net from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { change, event } from '@pagerduty/pdjs';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { ROUTING_KEY } from './helpers.js';

class PlainTcpLoopbackAgent extends https.Agent {
  constructor(private readonly port: number) {
    super();
  }

  override createConnection(): net.Socket {
    return net.createConnection({ host: '127.0.0.1', port: this.port });
  }
}

describe('pd-sandbox: the official @pagerduty/pdjs client', () => {
  let sandbox: PdSandbox;
  let transport: { server: string; agent: https.Agent; requestTimeout: number };
  before(async () => {
    sandbox = await startPdSandbox();
    // requestTimeout 0: pdjs would otherwise leave a 30 s timer running after each call.
    transport = {
      server: `127.0.0.1:${sandbox.port}`,
      agent: new PlainTcpLoopbackAgent(sandbox.port),
      requestTimeout: 0,
    };
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  test("pdjs event() is accepted: 202, PagerDuty's body, one alert", async () => {
    const response = await event({
      ...transport,
      data: {
        routing_key: ROUTING_KEY,
        event_action: 'trigger',
        dedup_key: 'pagewatch/monitor-1',
        payload: {
          summary: 'checkout API failing',
          source: 'pagewatch/monitor-1',
          severity: 'error',
          timestamp: '2026-03-01T12:00:00.000+0000',
          custom_details: { failedAssertions: 2 },
        },
        links: [{ href: 'https://pagewatch.example.com/monitors/1', text: 'Monitor' }],
      },
    } as Parameters<typeof event>[0]);

    assert.equal(response.status, 202);
    assert.deepEqual(response.data, {
      status: 'success',
      message: 'Event processed',
      dedup_key: 'pagewatch/monitor-1',
    });
    assert.deepEqual(
      sandbox.alerts().map((alert) => [alert.dedupKey, alert.status, alert.severity]),
      [['pagewatch/monitor-1', 'triggered', 'error']],
    );
  });

  test('pdjs change() is accepted and recorded as a change event', async () => {
    const response = await change({
      ...transport,
      data: {
        routing_key: ROUTING_KEY,
        payload: {
          summary: 'Monitor edited',
          source: 'pagewatch',
          timestamp: '2026-03-01T12:00:00Z',
          custom_details: {},
        },
        links: [],
      },
    } as unknown as Parameters<typeof change>[0]);

    assert.equal(response.status, 202);
    assert.deepEqual(response.data, { status: 'success', message: 'Change event processed' });
    assert.equal(sandbox.changeEvents().length, 1);
  });
});
