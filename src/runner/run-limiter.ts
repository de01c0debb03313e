/**
 * At most `limit` tasks at once; the others wait in arrival order. Used to cap the collection runs of one process.
 */
export class RunLimiter {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  /** Runs `task` when a slot is free; the slot is freed when its promise settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      // The slot passes straight to the next waiter, so `running` stays at the limit while there is a queue.
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Tasks running and waiting now. */
  stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queue.length };
  }
}
