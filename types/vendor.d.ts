// postman-collection ships its declarations in types/ without pointing package.json at them, so they are
// referenced by path (an import would not find them).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../node_modules/postman-collection/types/index.d.ts" />

/** The parts of postman-runtime's (untyped) API that pagewatch uses. */
declare module 'postman-runtime' {
  import type { Collection, Item, Request, Response, VariableScope } from 'postman-collection';

  export interface Cursor {
    ref: string;
    iteration: number;
    position: number;
    length: number;
    cycles: number;
  }

  export interface AssertionEvent {
    name: string;
    passed: boolean;
    skipped: boolean;
    index: number;
    error?: { name?: string; message?: string };
  }

  export interface ScriptExecutionResult {
    error?: { name?: string; message?: string };
  }

  export interface RunCallbacks {
    start?(err: Error | null, cursor: Cursor): void;
    beforeItem?(err: Error | null, cursor: Cursor, item: Item): void;
    prerequest?(err: Error | null, cursor: Cursor, results: ScriptExecutionResult[], item: Item): void;
    request?(
      err: (Error & { code?: string }) | null,
      cursor: Cursor,
      response: Response | undefined,
      request: Request,
      item: Item,
    ): void;
    test?(err: Error | null, cursor: Cursor, results: ScriptExecutionResult[], item: Item): void;
    assertion?(cursor: Cursor, assertions: AssertionEvent[]): void;
    exception?(cursor: Cursor | undefined, err: Error): void;
    console?(cursor: Cursor, level: string, ...messages: unknown[]): void;
    item?(err: Error | null, cursor: Cursor, item: Item): void;
    done?(err: Error | null, cursor?: Cursor): void;
  }

  export interface Run {
    start(callbacks: RunCallbacks): void;
    abort(): void;
  }

  export interface RunOptions {
    environment?: VariableScope;
    globals?: VariableScope;
    data?: Record<string, unknown>[];
    iterationCount?: number;
    timeout?: { request?: number; script?: number; global?: number };
    delay?: { item?: number; iteration?: number };
    stopOnError?: boolean;
    abortOnFailure?: boolean;
    fileResolver?: unknown;
    requester?: Record<string, unknown>;
    host?: { external: boolean; instance: unknown };
    script?: Record<string, unknown>;
  }

  export class Runner {
    constructor(options?: Record<string, unknown>);
    run(collection: Collection, options: RunOptions, callback: (err: Error | null, run: Run) => void): void;
  }

  const runtime: { Runner: typeof Runner };
  export default runtime;
}
