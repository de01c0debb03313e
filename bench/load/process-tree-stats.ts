/**
 * Memory and CPU of a process and of the processes it started, read from /proc (Linux only): how the load and
 * soak benches watch `pagewatch serve` (one pid) and its runner processes (its children) from the outside.
 */
import { readdir, readFile } from 'node:fs/promises';

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat. 100 on every mainstream Linux architecture. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcessStats {
  pid: number;
  /** The executable's name (`/proc/<pid>/comm`), e.g. `node`. */
  command: string;
  /** Resident set size (VmRSS), bytes. */
  rssBytes: number;
  /** User + system CPU time since the process started, ms. */
  cpuMs: number;
}

export interface ProcessTreeStats {
  root: ProcessStats;
  /** Every live descendant (children, their children …), by pid. */
  descendants: ProcessStats[];
}

/** Reads one process's stats; undefined when it has exited (or is not readable). */
export async function readProcessStats(pid: number): Promise<ProcessStats | undefined> {
  try {
    const [status, stat] = await Promise.all([
      readFile(`/proc/${pid}/status`, 'utf8'),
      readFile(`/proc/${pid}/stat`, 'utf8'),
    ]);
    const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
    const command = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?';
    // Fields after the command (which may hold spaces and parentheses): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { pid, command, rssBytes: rssKb * 1024, cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** The pids of every live descendant of `pid`, from each process's parent pid. */
export async function descendantPids(pid: number): Promise<number[]> {
  const childrenOf = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = await readFile(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const siblings = childrenOf.get(parent) ?? [];
    siblings.push(Number(entry));
    childrenOf.set(parent, siblings);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of childrenOf.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** `pid` and its live descendants; undefined when `pid` itself is gone. */
export async function readProcessTree(pid: number): Promise<ProcessTreeStats | undefined> {
  const root = await readProcessStats(pid);
  if (!root) return undefined;
  const descendants: ProcessStats[] = [];
  for (const child of await descendantPids(pid)) {
    const stats = await readProcessStats(child);
    if (stats) descendants.push(stats);
  }
  return { root, descendants };
}

/** Bytes → MB (MiB), one decimal. */
export function toMb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

/** A `pagewatch serve` process tree in the benches' terms. */
export interface ServerTreeSample {
  serverRssBytes: number;
  serverCpuMs: number;
  /** The runner processes: the server's `node` descendants (docs/isolation.md). */
  runners: number;
  runnersRssBytes: number;
  runnersCpuMs: number;
  /** Other descendants, e.g. `esbuild` (tsx's compiler service, when pagewatch runs from its TypeScript sources). */
  otherRssBytes: number;
  otherCommands: string[];
}

/** Splits a server's tree into the server, its runner processes and anything else; zeros when it is gone. */
export function summarizeServerTree(tree: ProcessTreeStats | undefined): ServerTreeSample {
  const runners = tree?.descendants.filter((child) => child.command === 'node') ?? [];
  const others = tree?.descendants.filter((child) => child.command !== 'node') ?? [];
  const sum = (list: ProcessStats[], field: 'rssBytes' | 'cpuMs') =>
    list.reduce((total, child) => total + child[field], 0);
  return {
    serverRssBytes: tree?.root.rssBytes ?? 0,
    serverCpuMs: tree?.root.cpuMs ?? 0,
    runners: runners.length,
    runnersRssBytes: sum(runners, 'rssBytes'),
    runnersCpuMs: sum(runners, 'cpuMs'),
    otherRssBytes: sum(others, 'rssBytes'),
    otherCommands: [...new Set(others.map((child) => child.command))],
  };
}
