import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/** The HTTP(S) agents requests of a run go through. */
export interface RunAgents {
  http: HttpAgent;
  https: HttpsAgent;
}

export interface KeepAliveAgentsOptions {
  /** Idle sockets kept per host. Default 16. */
  maxFreeSockets?: number;
  /** How long an idle socket is kept, in ms. Default 15 000. */
  freeSocketTimeoutMs?: number;
}

/**
 * Keep-alive agents shared by every run of one process, so a monitor that runs every minute reuses its connection
 * instead of paying TCP + TLS each time. Two HTTPS agents, one verifying certificates and one not, so a run with
 * `strictSSL: false` never shares a socket (or a TLS session) with a run that verifies.
 */
export class KeepAliveAgents {
  private readonly http: HttpAgent;
  private readonly strict: HttpsAgent;
  private readonly insecure: HttpsAgent;

  constructor(options: KeepAliveAgentsOptions = {}) {
    const common = {
      keepAlive: true,
      maxFreeSockets: options.maxFreeSockets ?? 16,
      timeout: options.freeSocketTimeoutMs ?? 15_000,
    };
    this.http = new HttpAgent(common);
    this.strict = new HttpsAgent({ ...common, rejectUnauthorized: true });
    this.insecure = new HttpsAgent({ ...common, rejectUnauthorized: false });
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
