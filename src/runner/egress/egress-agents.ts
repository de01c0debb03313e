import { Agent as HttpAgent, type AgentOptions } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Duplex } from 'node:stream';
import type { RunAgents } from '../keep-alive-agents.js';
import { compileEgressPolicy, type CompiledEgressPolicy } from './egress-policy.js';
import { EGRESS_DEFAULTS, type EgressOptions } from './egress-options.js';
import { guardConnectOptions } from './guarded-connect.js';

export interface EgressAgentsOptions extends EgressOptions {
  /** Idle sockets kept per host. Default 16. */
  maxFreeSockets?: number;
  /** How long an idle socket is kept, in ms. Default 15 000. */
  freeSocketTimeoutMs?: number;
}

/**
 * Keep-alive agents (like {@link KeepAliveAgents}) that enforce the egress policy on every connection they open —
 * the first request, every redirect hop and every retry go through the agent — and cap the bytes of each response.
 * Pass `forRun(strictSSL)` as a run's `agents`.
 */
export class EgressAgents {
  private readonly http: HttpAgent;
  private readonly strict: HttpsAgent;
  private readonly insecure: HttpsAgent;

  constructor(options: EgressAgentsOptions = {}) {
    const policy = compileEgressPolicy(options.policy);
    const cap = options.maxResponseBytes ?? EGRESS_DEFAULTS.maxResponseBytes;
    const common: AgentOptions = {
      keepAlive: true,
      maxFreeSockets: options.maxFreeSockets ?? 16,
      timeout: options.freeSocketTimeoutMs ?? 15_000,
    };
    this.http = guard(new HttpAgent(common), policy, cap);
    this.strict = guard(new HttpsAgent({ ...common, rejectUnauthorized: true }), policy, cap);
    this.insecure = guard(new HttpsAgent({ ...common, rejectUnauthorized: false }), policy, cap);
  }

  /** The agents for a run with this `strictSSL` setting. */
  forRun(strictSSL: boolean): RunAgents {
    return { http: this.http, https: strictSSL ? this.strict : this.insecure };
  }

  /** Closes every pooled socket. */
  destroy(): void {
    this.http.destroy();
    this.strict.destroy();
    this.insecure.destroy();
  }
}

type ConnectCallback = (error: Error | null, socket?: Duplex) => void;
type CreateConnection = (options: object, callback: ConnectCallback) => Duplex | undefined;

/** Wraps the agent's `createConnection`: the policy decides before connecting; the byte cap watches each response. */
function guard<A extends HttpAgent>(agent: A, policy: CompiledEgressPolicy, maxResponseBytes: number): A {
  const withCreate = agent as unknown as { createConnection: CreateConnection };
  const create = withCreate.createConnection.bind(agent);
  const received = new WeakMap<Duplex, number>();
  withCreate.createConnection = (options, callback) => {
    const checked = guardConnectOptions(options as { host?: string }, policy);
    if ('refused' in checked) {
      // http.Agent accepts an asynchronous answer from createConnection: the request then fails with this error.
      process.nextTick(callback, checked.refused);
      return undefined;
    }
    const socket = create(checked.options, callback);
    if (socket && maxResponseBytes > 0) {
      received.set(socket, 0);
      socket.on('data', (chunk: Buffer) => {
        const total = (received.get(socket) ?? 0) + chunk.length;
        received.set(socket, total);
        if (total > maxResponseBytes) {
          socket.destroy(new Error(`response larger than ${maxResponseBytes} bytes (egress response cap)`));
        }
      });
    }
    return socket;
  };
  // A kept-alive socket starts counting again for its next request.
  agent.on('free', (socket: Duplex) => received.set(socket, 0));
  return agent;
}
