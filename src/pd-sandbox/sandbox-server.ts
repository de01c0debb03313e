/**
 * Starts the PagerDuty sandbox: a local HTTP server speaking PagerDuty's Events API (v2, change events, v1) with
 * PagerDuty's validation, answers, alert semantics and rate limit, plus an inspection and fault-injection API.
 * Point a sender's PagerDuty URL at `url` instead of https://events.pagerduty.com.
 *
 * Prints nothing: the caller (tests, `pagewatch sandbox`) decides what to show.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PagewatchError } from '../errors/pagewatch-error.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { FaultRequest, PendingFault } from './fault-queue.js';
import { queueFault } from './control-api-handler.js';
import { sendJson } from './http-io.js';
import type { SandboxContext } from './sandbox-context.js';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from './rate-limiter.js';
import { routeRequest } from './routes.js';
import { SandboxState, type ReceivedEvent, type RecordedChangeEvent } from './sandbox-state.js';
import {
  alertViews,
  changeEventViews,
  receivedEventViews,
  type AlertFilter,
  type AlertView,
} from './sandbox-views.js';

/** Loopback only by default: the sandbox has no authentication. */
export const DEFAULT_SANDBOX_HOST = '127.0.0.1';

export interface PdSandboxOptions {
  /** TCP port to listen on. Default 0: an ephemeral port chosen by the OS (read it from `port`/`url`). */
  port?: number;
  /** Interface to bind. Default {@link DEFAULT_SANDBOX_HOST} (`127.0.0.1`). */
  host?: string;
  /** Events taken per integration key per sliding 60 s window. Default {@link DEFAULT_RATE_LIMIT_PER_MINUTE} (120). */
  rateLimitPerMinute?: number;
  /** Clock for timestamps, the rate-limit window and injected delays. Default the system clock. */
  clock?: Clock;
}

/** A running sandbox. Listings return copies with integration keys masked to their last 4 characters. */
export interface PdSandbox {
  /** Base URL, e.g. `http://127.0.0.1:41234`; append `/v2/enqueue` etc. */
  url: string;
  port: number;
  host: string;
  /** Alerts, oldest first, optionally filtered by status and dedup key. */
  alerts(filter?: AlertFilter): AlertView[];
  /** Every Events API request received, oldest first, rejected, throttled and faulted ones included. */
  events(): ReceivedEvent[];
  /** Change events taken, oldest first. */
  changeEvents(): RecordedChangeEvent[];
  /** Queues a fault for the next Events API request(s); throws `PW_ERR_VALIDATION` if it is not valid. */
  injectFault(fault: FaultRequest): PendingFault[];
  /** Faults still queued, in the order they will apply. */
  pendingFaults(): PendingFault[];
  /** Forgets alerts, received requests, change events, faults and rate-limit windows. */
  reset(): void;
  /** Stops listening and closes every connection, keep-alive ones included. */
  close(): Promise<void>;
}

/**
 * Starts a sandbox and resolves once it listens. Rejects if the port cannot be bound (e.g. EADDRINUSE) or if
 * `rateLimitPerMinute` is not a non-negative number (`PW_ERR_USAGE`).
 */
export async function startPdSandbox(options: PdSandboxOptions = {}): Promise<PdSandbox> {
  const host = options.host ?? DEFAULT_SANDBOX_HOST;
  const clock = options.clock ?? systemClock;
  const rateLimitPerMinute = options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
  if (!Number.isFinite(rateLimitPerMinute) || rateLimitPerMinute < 0) {
    throw new PagewatchError(
      'PW_ERR_USAGE',
      `rateLimitPerMinute must be a number ≥ 0, got ${rateLimitPerMinute}`,
    );
  }
  const state = new SandboxState(clock, rateLimitPerMinute);
  const shutdown = new AbortController();
  const context: SandboxContext = {
    state,
    clock,
    shutdownSignal: shutdown.signal,
    // Same form as PagerDuty's generated keys: a UUID as 32 hex digits.
    newDedupKey: () => randomUUID().replaceAll('-', ''),
  };

  const server = createServer((request, response) => {
    routeRequest(request, response, context).catch((error: unknown) => {
      if (response.headersSent || response.destroyed) return;
      const message = error instanceof Error ? error.message : String(error);
      sendJson(response, 500, { status: 'error', message: `Internal sandbox error: ${message}` });
    });
  });
  const port = await listen(server, options.port ?? 0, host);
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    alerts: (filter) => alertViews(state.alertStore.alerts, filter),
    events: () => receivedEventViews(state.receivedEvents),
    changeEvents: () => changeEventViews(state.changeEvents),
    injectFault: (fault) => queueFault(state, fault),
    pendingFaults: () => state.faults.pending(),
    reset: () => state.reset(),
    close: () => closeServer(server, shutdown),
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server, shutdown: AbortController): Promise<void> {
  shutdown.abort();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // server.close() alone waits for idle keep-alive sockets to time out; a CLI or test wants to exit now.
    server.closeAllConnections();
  });
}
