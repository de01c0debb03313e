/**
 * Fault injection for the Events API endpoints: tests queue faults ("the next 2 requests answer 503", "reset the
 * next connection") to exercise a sender's retry paths. Faults are consumed in order, one request at a time, and a
 * faulted request is never ingested, except a pure delay (answers slowly, then normally) and an answer delay (the
 * event is taken at once, the answer comes late: the "PagerDuty got it but the sender timed out" case).
 */
import { z } from 'zod';

/** One queued fault. At least one of `status`, `delayMs`, `reset`, `answerDelayMs` is set. */
export interface Fault {
  /** Answer with this HTTP status (400–599) instead of processing the event. */
  status?: number;
  /** With `status`: send a `Retry-After` header with this many seconds. */
  retryAfterSeconds?: number;
  /** Wait this long before answering (alone: then answer normally). */
  delayMs?: number;
  /** Destroy the connection with a TCP reset instead of answering. */
  reset?: boolean;
  /**
   * Take the event at once (it counts, like any accepted event), then hold the answer this long: PagerDuty has
   * the event but a sender whose timeout is shorter never hears so and sends it again. Excludes `status` and
   * `reset`, which are about events that are not taken.
   */
  answerDelayMs?: number;
}

/** A fault with the number of requests it still applies to. */
export interface PendingFault extends Fault {
  remaining: number;
}

/** Longest injectable delay: long enough for any client timeout test, short enough not to hang a suite. */
export const MAX_FAULT_DELAY_MS = 600_000;

/** The body of `POST /sandbox/faults` and the argument of `injectFault()`. */
export const faultRequestSchema = z
  .strictObject({
    status: z.int().min(400).max(599).optional(),
    retryAfterSeconds: z.int().min(0).optional(),
    delayMs: z.int().min(0).max(MAX_FAULT_DELAY_MS).optional(),
    reset: z.boolean().optional(),
    answerDelayMs: z.int().min(0).max(MAX_FAULT_DELAY_MS).optional(),
    /** How many consecutive requests get this fault. Default 1. */
    count: z.int().min(1).default(1),
  })
  .refine(
    (fault) =>
      fault.status !== undefined ||
      fault.delayMs !== undefined ||
      fault.reset === true ||
      fault.answerDelayMs !== undefined,
    { error: 'a fault needs at least one of status, delayMs, reset: true or answerDelayMs' },
  )
  .refine((fault) => !(fault.reset === true && fault.status !== undefined), {
    error: 'reset and status exclude each other: a reset connection cannot carry a status',
    path: ['reset'],
  })
  .refine((fault) => fault.retryAfterSeconds === undefined || fault.status !== undefined, {
    error: 'retryAfterSeconds needs a status to travel with',
    path: ['retryAfterSeconds'],
  })
  .refine(
    (fault) => fault.answerDelayMs === undefined || (fault.status === undefined && fault.reset !== true),
    {
      error: 'answerDelayMs delays the answer to a taken event: it excludes status and reset',
      path: ['answerDelayMs'],
    },
  );

export type FaultRequest = z.input<typeof faultRequestSchema>;

/** Faults in the order they will be applied. */
export class FaultQueue {
  private readonly queue: PendingFault[] = [];

  /** Adds a validated fault at the back of the queue. */
  enqueue(request: z.output<typeof faultRequestSchema>): void {
    const { count, ...fault } = request;
    this.queue.push({ ...fault, remaining: count });
  }

  /** The fault for the next request, if any; consumes one use of it. */
  takeNext(): Fault | undefined {
    const head = this.queue[0];
    if (!head) return undefined;
    head.remaining -= 1;
    if (head.remaining === 0) this.queue.shift();
    const { remaining: _remaining, ...fault } = head;
    return fault;
  }

  /** Copies of the queued faults with their remaining counts, in order. */
  pending(): PendingFault[] {
    return this.queue.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.queue.length = 0;
  }
}
