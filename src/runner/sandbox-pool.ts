import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import {
  GUARD_CHECK_EVENT,
  GUARD_CHECKED_EVENT,
  GUARD_LISTENER_BOOT_CODE,
  guardBootScript,
  guardFinalizeScript,
} from './sandbox-guard-script.js';

/** What the pool needs of a postman-sandbox context (a `PostmanSandbox`, i.e. a uvm worker thread). */
export interface SandboxContext {
  execute(event: unknown, options: object, callback: (error: Error | null, result?: unknown) => void): void;
  dispatch(name: string, ...args: unknown[]): void;
  dispose(): void;
  emit(name: string | symbol, ...args: unknown[]): boolean;
  readonly isReady?: boolean;
  readonly hasTimedOut?: boolean;
}

/** Receives every event a leased context emits while it runs one execution. */
export type EventSink = (name: string, args: unknown[]) => void;

export interface SandboxPoolOptions {
  /**
   * Contexts kept alive (each is a worker thread of ≈ 48 MB). Script executions beyond this wait for a free one.
   * Default: the number of CPU cores, at most 4.
   */
  size?: number;
  /** How long booting a context (worker start + guard snapshot) may take, in ms. Default 30 000. */
  bootTimeoutMs?: number;
  /**
   * How long the after-execution check may take, in ms; a context that does not answer in time (e.g. a script broke
   * the bridge by replacing `JSON.parse`) is replaced. Default 2 000.
   */
  checkTimeoutMs?: number;
}

/** A context handed out for one script execution; give it back with {@link SandboxPool.release}. */
export interface SandboxLease {
  readonly context: SandboxContext;
  /** Routes the context's events to the borrower until release. */
  setSink(sink: EventSink | undefined): void;
}

interface PooledContext {
  context: SandboxContext;
  guardName: string;
  secret: string;
  sink: EventSink | undefined;
  /** Ran a script since its last clean check; only `owner` may get it without a check. */
  dirty: boolean;
  owner: object | undefined;
}

interface Waiter {
  owner: object;
  resolve: (entry: PooledContext) => void;
  reject: (error: Error) => void;
}

// postman-sandbox ships no type declarations. Its `createContext` always boots its own boot code; the pool needs the
// guard's listener in front of it, so it builds contexts the way `createContext` does (postman-sandbox 6.7,
// lib/index.js) with that code prepended.
const requireCommonJs = createRequire(import.meta.url);
const PostmanSandbox = requireCommonJs('postman-sandbox/lib/postman-sandbox') as new () => SandboxContext & {
  initialize(
    initOptions: object,
    connectOptions: object,
    callback: (error: Error | null, context: unknown) => void,
  ): void;
};
const loadBootCode = requireCommonJs('postman-sandbox/lib/bootcode') as (
  callback: (error: Error | null, code?: string) => void,
) => void;

const DEFAULT_SIZE = Math.max(1, Math.min(4, availableParallelism()));

/**
 * A fixed number of long-lived postman-sandbox contexts, lent for one script execution at a time.
 *
 * Why per execution and not per run: postman-sandbox runs every execution of a context in one shared scope, so a
 * context must never run two at once; lending whole contexts per run would need one worker (≈ 48 MB) per concurrent
 * run. Lending per execution lets many runs share a few workers: a run spends most of its time waiting on HTTP, not
 * in scripts.
 *
 * Why nothing leaks between runs: each context boots with a guard ({@link guardBootScript}) that snapshots the realm
 * before any collection script ran. Before a context that ran a script of one run (its *owner*) is lent to another
 * run, the pool runs the guard; a context whose built-ins, prototypes, globals or shared libraries changed in any
 * way — or that does not answer with the secret token in time, timed out, or lost its worker — is disposed and
 * replaced by a fresh one. The same run may get its context back unchecked (Postman shares one context across a
 * run's scripts too); once the run has ended ({@link SandboxPool.ownerDone}) its contexts are checked in the
 * background, so the next run does not wait for it. Per-run state (variables, environment, globals, iteration data)
 * never lives in the context: postman-runtime sends it with each execution and takes it back with the result. The
 * script's timers are cleared by postman-sandbox when the script ends, and the guard removes the few APIs that could
 * schedule work outliving it.
 */
export class SandboxPool {
  private readonly size: number;
  private readonly checkTimeoutMs: number;
  private readonly bootTimeoutMs: number;
  /** Contexts ready to lend: clean ones, and dirty ones only their owner may get without a check. */
  private readonly idle: PooledContext[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly all = new Set<PooledContext>();
  private starting = 0;
  private closed = false;
  private replaced = 0;

  constructor(options: SandboxPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? DEFAULT_SIZE));
    this.checkTimeoutMs = options.checkTimeoutMs ?? 2_000;
    this.bootTimeoutMs = options.bootTimeoutMs ?? 30_000;
  }

  /** Counters for logs and tests: live contexts, idle ones, and how many were thrown away and replaced. */
  stats(): { contexts: number; idle: number; waiting: number; replaced: number } {
    return {
      contexts: this.all.size,
      idle: this.idle.length,
      waiting: this.waiters.length,
      replaced: this.replaced,
    };
  }

  /**
   * Lends a context for one execution of `owner` (a run): one this owner used last, else a clean one, else a dirty
   * one after its check; waits while all are busy; boots one when fewer than `size` exist.
   */
  acquire(owner: object): Promise<SandboxLease> {
    if (this.closed) return Promise.reject(new Error('sandbox pool is closed'));
    let index = this.idle.findIndex((entry) => entry.dirty && entry.owner === owner);
    if (index < 0) index = this.idle.findIndex((entry) => !entry.dirty);
    if (index >= 0) {
      const [entry] = this.idle.splice(index, 1);
      return Promise.resolve(this.leaseOf(entry as PooledContext));
    }
    const leased = new Promise<PooledContext>((resolve, reject) =>
      this.waiters.push({ owner, resolve, reject }),
    );
    const dirty = this.idle.shift();
    if (dirty) this.check(dirty);
    else if (this.all.size + this.starting < this.size) this.startContext();
    return leased.then((entry) => this.leaseOf(entry));
  }

  /**
   * Takes a context back after an execution of `owner`. `broken` (timed out, worker gone) disposes it at once;
   * otherwise it is lent again to the same owner as is, or to another after its guard found it clean.
   */
  release(lease: SandboxLease, owner: object, broken = false): void {
    const entry = [...this.all].find((candidate) => candidate.context === lease.context);
    if (!entry) return;
    entry.sink = undefined;
    const context = entry.context;
    if (broken || this.closed || context.hasTimedOut || context.isReady === false) {
      this.discard(entry);
      return;
    }
    entry.dirty = true;
    entry.owner = owner;
    this.offer(entry);
  }

  /** `owner` will run no more scripts: check its contexts now, in the background, so the next run need not wait. */
  ownerDone(owner: object): void {
    for (const entry of [...this.idle]) {
      if (entry.dirty && entry.owner === owner) {
        this.idle.splice(this.idle.indexOf(entry), 1);
        this.check(entry);
      }
    }
  }

  /** Disposes every context; executions still waiting for one are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('sandbox pool is closed'));
    for (const entry of [...this.all]) this.dispose(entry);
    this.idle.length = 0;
    // Worker threads terminate asynchronously; give them a tick so the process can exit cleanly.
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** A context became available: to a waiter (checked first if it is dirty for another owner), or idle. */
  private offer(entry: PooledContext): void {
    if (this.closed) return this.dispose(entry);
    if (this.waiters.length === 0) {
      this.idle.push(entry);
      return;
    }
    const index = entry.dirty ? this.waiters.findIndex((waiter) => waiter.owner === entry.owner) : 0;
    if (index < 0) return this.check(entry);
    const [waiter] = this.waiters.splice(index, 1);
    waiter?.resolve(entry);
  }

  /** Runs the guard; a clean context is offered again, a tainted or silent one is replaced. */
  private check(entry: PooledContext): void {
    this.verify(entry).then(
      (clean) => {
        if (!clean) return this.discard(entry);
        entry.dirty = false;
        entry.owner = undefined;
        this.offer(entry);
      },
      () => this.discard(entry),
    );
  }

  private leaseOf(entry: PooledContext): SandboxLease {
    return {
      context: entry.context,
      setSink: (sink) => {
        entry.sink = sink;
      },
    };
  }

  private discard(entry: PooledContext): void {
    this.dispose(entry);
    this.replaced += 1;
    // Replace it only if someone is waiting; otherwise the next acquire boots one.
    if (!this.closed && this.waiters.length && this.all.size + this.starting < this.size) this.startContext();
  }

  private dispose(entry: PooledContext): void {
    this.all.delete(entry);
    const index = this.idle.indexOf(entry);
    if (index >= 0) this.idle.splice(index, 1);
    try {
      entry.context.dispose();
    } catch {
      // Already disposed (e.g. after a script timeout): nothing left to free.
    }
  }

  private startContext(): void {
    this.starting += 1;
    this.boot().then(
      (entry) => {
        this.starting -= 1;
        this.all.add(entry);
        this.offer(entry);
      },
      (error: Error) => {
        this.starting -= 1;
        // Fail one waiter rather than let it hang, and try again for the others (each attempt fails at most one).
        this.waiters.shift()?.reject(error);
        if (!this.closed && this.waiters.length && this.all.size + this.starting < this.size)
          this.startContext();
      },
    );
  }

  private async boot(): Promise<PooledContext> {
    const bootCode = await new Promise<string>((resolve, reject) =>
      loadBootCode((error, code) =>
        error || !code ? reject(error ?? new Error('sandbox: bootcode missing')) : resolve(code),
      ),
    );
    const context = await new Promise<SandboxContext>((resolve, reject) =>
      new PostmanSandbox().initialize(
        {},
        { timeout: this.bootTimeoutMs, bootCode: GUARD_LISTENER_BOOT_CODE + bootCode },
        (error, created) => (error ? reject(error) : resolve(created as SandboxContext)),
      ),
    );
    const entry: PooledContext = {
      context,
      guardName: `__pagewatch_guard_${randomBytes(8).toString('hex')}`,
      secret: randomBytes(16).toString('hex'),
      sink: undefined,
      dirty: false,
      owner: undefined,
    };
    // Every event of the context goes through here, so a lease can see the events of its execution.
    const emit = context.emit.bind(context);
    context.emit = (name: string | symbol, ...args: unknown[]): boolean => {
      if (typeof name === 'string') entry.sink?.(name, args);
      return emit(name, ...args);
    };
    const nonce = randomBytes(8).toString('hex');
    const booted =
      (await this.guardedExecute(
        entry,
        guardBootScript(entry.guardName, entry.secret),
        'boot',
        this.bootTimeoutMs,
      )) &&
      (await this.guardedExecute(
        entry,
        guardFinalizeScript(entry.guardName, nonce),
        nonce,
        this.bootTimeoutMs,
      ));
    if (!booted) {
      this.dispose(entry);
      throw new Error('sandbox context failed to boot its guard');
    }
    return entry;
  }

  /** Asks the context's guard (one bridge message, no script execution); true when it answers with the token. */
  private verify(entry: PooledContext): Promise<boolean> {
    const nonce = randomBytes(8).toString('hex');
    const expected = `${entry.secret}:${nonce}`;
    return new Promise((resolve) => {
      let answered = false;
      const finish = (clean: boolean): void => {
        // Once only: a late answer after the timeout must not clear the sink of whoever has the context next.
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        entry.sink = undefined;
        resolve(clean && !entry.context.hasTimedOut);
      };
      const timer = setTimeout(() => finish(false), this.checkTimeoutMs);
      entry.sink = (name, args) => {
        if (name === GUARD_CHECKED_EVENT && args[0] === nonce) finish(args[1] === expected);
      };
      entry.context.dispatch(GUARD_CHECK_EVENT, entry.guardName, nonce);
    });
  }

  /** Runs trusted code in the context; true when it logged `<secret>:<nonce>` and finished without error. */
  private guardedExecute(
    entry: PooledContext,
    code: string,
    nonce: string,
    timeoutMs: number,
  ): Promise<boolean> {
    const expected = `${entry.secret}:${nonce}`;
    let sawToken = false;
    entry.sink = (name, args) => {
      if (name === 'console' && typeof args[2] === 'string' && args[2] === expected) sawToken = true;
    };
    return new Promise((resolve) => {
      entry.context.execute(code, { timeout: timeoutMs }, (error) => {
        entry.sink = undefined;
        resolve(!error && sawToken && !entry.context.hasTimedOut);
      });
    });
  }
}
