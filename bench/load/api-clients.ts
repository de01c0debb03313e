/**
 * N concurrent API clients over keep-alive connections (one undici Pool, one connection per client): each client
 * sends its next request as soon as the previous answer is read, until the time is up. Records every request's
 * latency (send → whole body read), status and network error.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { LoadRequest } from './api-load-mix.js';
import { delayBeyondSamplingMs } from './latency-summary.js';

export interface ClientRunOptions {
  baseUrl: string;
  token: string;
  clients: number;
  durationMs: number;
  /** The next request of client `index`. */
  nextRequest(index: number): LoadRequest;
}

export interface ClientRunResult {
  /** From the first request to the last answer, ms. */
  elapsedMs: number;
  requests: number;
  /** Every request's latency, ms, in completion order. */
  latenciesMs: number[];
  /** Latencies per mix label. */
  latenciesByLabel: Map<string, number[]>;
  /** Answers per HTTP status. */
  statuses: Map<number, number>;
  /** Requests that got no answer, per error code (ECONNRESET, UND_ERR_SOCKET …). */
  networkErrors: Map<string, number>;
  /** The slowest requests (latency, and when they were sent, ms after the start), slowest first. */
  slowest: SlowRequest[];
  /** The first few non-2xx answers and network errors, to say what went wrong. */
  errorSamples: string[];
  /** Event-loop delay of the load generator itself (ms beyond the 10 ms sampling interval): if high, latencies include the generator's own waiting. */
  generatorLoopDelayMs: { p99: number; max: number };
}

export interface SlowRequest {
  label: string;
  path: string;
  sentAtMs: number;
  ms: number;
}

const LOOP_SAMPLING_MS = 10;
const KEPT_SLOWEST = 5;
const KEPT_ERROR_SAMPLES = 10;

function increment<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export async function runApiClients(options: ClientRunOptions): Promise<ClientRunResult> {
  const pool = new Pool(options.baseUrl, {
    connections: options.clients,
    pipelining: 1,
    keepAliveTimeout: 60_000,
  });
  const latenciesMs: number[] = [];
  const latenciesByLabel = new Map<string, number[]>();
  const statuses = new Map<number, number>();
  const networkErrors = new Map<string, number>();
  const errorSamples: string[] = [];
  const slowest: SlowRequest[] = [];
  const headers = { authorization: `Bearer ${options.token}` };
  // A content type only with a body: the API refuses an empty body that claims to be JSON (400).
  const jsonHeaders = { ...headers, 'content-type': 'application/json' };
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLING_MS });

  const started = performance.now();
  const stopAt = started + options.durationMs;
  loopDelay.enable();
  try {
    await Promise.all(
      Array.from({ length: options.clients }, async (_, index) => {
        while (performance.now() < stopAt) {
          const request = options.nextRequest(index);
          const sent = performance.now();
          try {
            const response = await pool.request({
              path: request.path,
              method: request.method,
              ...(request.body !== undefined
                ? { headers: jsonHeaders, body: JSON.stringify(request.body) }
                : { headers }),
            });
            const text = await response.body.text();
            const ms = performance.now() - sent;
            latenciesMs.push(ms);
            if (slowest.length < KEPT_SLOWEST || ms > slowest.at(-1)!.ms) {
              slowest.push({ label: request.label, path: request.path, sentAtMs: sent - started, ms });
              slowest.sort((a, b) => b.ms - a.ms);
              slowest.length = Math.min(slowest.length, KEPT_SLOWEST);
            }
            const perLabel = latenciesByLabel.get(request.label) ?? [];
            perLabel.push(ms);
            latenciesByLabel.set(request.label, perLabel);
            increment(statuses, response.statusCode);
            if (response.statusCode >= 300 && errorSamples.length < KEPT_ERROR_SAMPLES) {
              errorSamples.push(
                `${request.method} ${request.path} → ${response.statusCode} ${text.slice(0, 200)}`,
              );
            }
          } catch (error) {
            const code = (error as { code?: string }).code ?? (error as Error).name;
            increment(networkErrors, code);
            if (errorSamples.length < KEPT_ERROR_SAMPLES) {
              errorSamples.push(`${request.method} ${request.path} → ${code}: ${(error as Error).message}`);
            }
          }
        }
      }),
    );
  } finally {
    loopDelay.disable();
    await pool.close();
  }
  const beyond = (ns: number) => delayBeyondSamplingMs(ns / 1e6, LOOP_SAMPLING_MS);
  return {
    elapsedMs: performance.now() - started,
    requests: latenciesMs.length + [...networkErrors.values()].reduce((sum, n) => sum + n, 0),
    latenciesMs,
    latenciesByLabel,
    statuses,
    networkErrors,
    slowest,
    errorSamples,
    generatorLoopDelayMs: { p99: beyond(loopDelay.percentile(99)), max: beyond(loopDelay.max) },
  };
}
