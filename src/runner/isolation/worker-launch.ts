/** What the pool decided about how to start a runner process; see {@link buildWorkerLaunch}. */
export interface WorkerLaunchSpec {
  /** The runner process's entry: plain JavaScript (built, or bundled by `prepareWorkerEntry`). */
  entry: string;
  /** Files and directories the runner may read (its entry and the packages it imports); nothing else. */
  readPaths: readonly string[];
  /** The node binary. */
  nodePath: string;
  /** V8 heap limit per isolate, in MiB (the process and each sandbox thread). */
  heapMb: number;
  /** V8 young-generation semi-space per isolate, in MiB. */
  semiSpaceMb: number;
  /** Whole-process data limit (RLIMIT_DATA) in MiB; 0 = none. Needs a POSIX `/bin/sh`. */
  memoryLimitMb: number;
  /** Max HTTP header bytes for requests that do not set their own. */
  maxHeaderBytes: number;
  platform: NodeJS.Platform;
}

/** The arguments of `child_process.fork`: what to exec, with which flags, and the module to run. */
export interface WorkerLaunch {
  execPath: string;
  execArgv: string[];
  modulePath: string;
}

/**
 * The V8 heap flags of a runner process, which apply to each of its isolates (main thread and sandbox threads):
 * `--max-old-space-size` caps the heap; `--max-semi-space-size` keeps the young generation small (runs make many
 * short-lived objects; with V8's default a runner process's three isolates stay ≈ 70 MB larger). The runner bench runs pagewatch's
 * series with the same flags, so its memory figures are a runner process's.
 */
export function runnerHeapFlags(spec: { heapMb: number; semiSpaceMb: number }): string[] {
  return [`--max-old-space-size=${spec.heapMb}`, `--max-semi-space-size=${spec.semiSpaceMb}`];
}

/**
 * The node flags of a runner process. Pure.
 *
 * - `--experimental-permission` with `--allow-fs-read` of `readPaths` only: no other file can be read, none written.
 *   No `--allow-child-process` (no processes), no `--allow-addons`, no `--allow-wasi`.
 * - `--allow-worker`: postman-sandbox runs every script context in a uvm worker thread, so the runner must be
 *   allowed to start threads. Collection scripts cannot use it: they run inside that thread's sandboxed realm, with
 *   no `require` of Node modules, no `process` and no `Worker`.
 * - {@link runnerHeapFlags}: the heap limits of every isolate (a script that exhausts its thread's heap kills the
 *   runner process; the run is reported as out of memory).
 * - `ulimit -d`: a whole-process cap, which also covers ArrayBuffers (outside the V8 heap), so `new ArrayBuffer(4 GB)`
 *   fails with a RangeError instead of taking the machine's memory.
 */
export function buildWorkerLaunch(spec: WorkerLaunchSpec): WorkerLaunch {
  const nodeFlags = [
    '--experimental-permission',
    ...spec.readPaths.map((path) => `--allow-fs-read=${path}`),
    '--allow-worker',
    ...runnerHeapFlags(spec),
    `--max-http-header-size=${spec.maxHeaderBytes}`,
    '--disable-warning=ExperimentalWarning',
    '--disable-warning=SecurityWarning',
  ];
  if (spec.memoryLimitMb > 0 && spec.platform !== 'win32') {
    return {
      execPath: '/bin/sh',
      // `$0` and `$@` are the node binary and its flags: no value is ever interpolated into the shell text.
      execArgv: [
        '-c',
        `ulimit -d ${Math.floor(spec.memoryLimitMb) * 1024} && exec "$0" "$@"`,
        spec.nodePath,
        ...nodeFlags,
      ],
      modulePath: spec.entry,
    };
  }
  return { execPath: spec.nodePath, execArgv: nodeFlags, modulePath: spec.entry };
}
