import { EventEmitter } from 'node:events';
import type { SandboxLease, SandboxPool } from './sandbox-pool.js';

/** The run's own handlers for what postman-runtime does not listen to on an external host. */
export interface HostEventHandlers {
  console(cursor: unknown, level: string, ...messages: unknown[]): void;
  assertion(cursor: unknown, assertions: unknown): void;
  exception(cursor: unknown, error: Error): void;
}

/** What postman-sandbox reports when an execution ran past its timeout (it then kills its own worker). */
const TIMEOUT_MESSAGES = new Set([
  'sandbox not responding',
  'sandbox: execution interrupted, bridge disconnecting.',
]);

/**
 * The "sandbox context" one run gives postman-runtime (`host: { external: true, instance }`), backed by a shared
 * {@link SandboxPool}. postman-runtime (7.x, lib/runner/extensions/event.command.js, run.js, nested-request.js) uses
 * exactly this of its host: `execute(event, options, cb)`; `on`/`once`/`removeAllListeners` of per-execution events
 * (`execution.request.<id>`, `execution.assertion.<id>`, `execution.error.<id>`, `execution.cookies.<id>`,
 * `execution.skipRequest.<id>`, `execution.vault.<id>`, `execution.datasets[.stream].<id>`,
 * `execution.run_collection_request.<id>`); `dispatch(name + id, …)` to answer them; and `dispose()` when the run
 * ends. For an external host it attaches no `console`/`execution.assertion`/`execution.error` listeners, so this
 * facade hands those to the run's handlers itself.
 *
 * Each `execute` borrows a context from the pool for that one script, forwards the context's events for it to this
 * emitter (where postman-runtime listens) and returns the context when the script ends; the facade is the "owner"
 * the pool uses to decide whether a context must be checked before it is lent. `dispose()` tells the pool the run
 * is over: the pool's contexts outlive runs (postman-runtime would otherwise dispose a shared context).
 */
export class PooledSandboxHost extends EventEmitter {
  private readonly leases = new Map<string, SandboxLease>();
  private disposed = false;

  /**
   * `scriptTimeoutMs` is the run's script timeout: postman-runtime passes none per execution (a context it creates
   * gets it at creation), so the facade sets it on each one. 0 (no timeout) still ends at the run's time limit
   * (`runTimeoutMs`), so a script can never hold a shared context forever.
   */
  constructor(
    private readonly pool: SandboxPool,
    private readonly handlers: HostEventHandlers,
    private readonly timeouts: { scriptTimeoutMs: number; runTimeoutMs: number },
  ) {
    super();
    // Many per-execution listeners may be attached at once on a long collection; that is expected.
    this.setMaxListeners(0);
  }

  execute(
    event: unknown,
    options: { id?: string; [key: string]: unknown },
    callback: (error: Error | null, result?: unknown) => void,
  ): void {
    const id = typeof options.id === 'string' ? options.id : undefined;
    if (!id) {
      callback(new Error('sandbox: execution identifier missing'));
      return;
    }
    this.pool.acquire(this).then(
      (lease) => {
        this.leases.set(id, lease);
        lease.setSink((name, args) => this.forward(id, name, args));
        const timeout =
          typeof options.timeout === 'number'
            ? options.timeout
            : this.timeouts.scriptTimeoutMs > 0
              ? this.timeouts.scriptTimeoutMs
              : this.timeouts.runTimeoutMs;
        lease.context.execute(event, { ...options, timeout }, (error, result) => {
          lease.setSink(undefined);
          this.leases.delete(id);
          const broken = Boolean(error && TIMEOUT_MESSAGES.has(error.message));
          this.pool.release(lease, this, broken);
          callback(error, result);
        });
      },
      (error: Error) => callback(error),
    );
  }

  /** postman-runtime answers an execution's request (`execution.response.<id>`, …): send it to that context. */
  dispatch(name: string, ...args: unknown[]): void {
    for (const [id, lease] of this.leases) {
      if (name.endsWith(id)) {
        lease.context.dispatch(name, ...args);
        return;
      }
    }
  }

  /** Called by postman-runtime when the run ends; the pooled contexts are not the run's to dispose. */
  dispose(): void {
    this.disposed = true;
    this.pool.ownerDone(this);
  }

  /** Whether postman-runtime has finished with this host. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  private forward(id: string, name: string, args: unknown[]): void {
    if (name === 'console') {
      const [cursor, level, ...messages] = args;
      this.handlers.console(cursor, String(level), ...messages);
    } else if (name === 'execution.assertion') {
      this.handlers.assertion(args[0], args[1]);
    } else if (name === 'execution.error') {
      const error = args[1];
      this.handlers.exception(args[0], error instanceof Error ? error : toError(error));
    } else if (
      name.startsWith('execution.') &&
      name.endsWith(`.${id}`) &&
      !name.startsWith('execution.result.')
    ) {
      this.emit(name, ...args);
    }
  }
}

function toError(value: unknown): Error {
  const error = new Error(
    typeof value === 'object' && value && 'message' in value ? String(value.message) : String(value),
  );
  if (typeof value === 'object' && value && 'name' in value) error.name = String(value.name);
  return error;
}
