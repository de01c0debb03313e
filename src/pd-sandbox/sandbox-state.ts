/**
 * Everything one running sandbox remembers: alerts, every request received, change events, queued faults and the
 * rate-limit windows. In memory on purpose: the sandbox is a test double, never a production path.
 */
import type { Clock } from '../util/clock.js';
import { EMPTY_ALERT_STORE, type AlertStoreState } from './alert-store.js';
import { FaultQueue, type Fault } from './fault-queue.js';
import { RATE_LIMIT_WINDOW_MS, SlidingWindowRateLimiter } from './rate-limiter.js';
import type { ChangeEventInput } from './validation/change-event.js';

/** The Events API endpoints the sandbox serves. */
export type EventsApiName = 'events-v2' | 'change-events-v2' | 'events-v1';

/** What became of one Events API request. */
export type ReceivedOutcome = 'accepted' | 'dropped' | 'rejected' | 'throttled' | 'faulted';

/** One Events API request as received and answered, rejected and faulted ones included. */
export interface ReceivedEvent {
  id: number;
  /** ISO-8601 time the request was handled. */
  at: string;
  api: EventsApiName;
  path: string;
  /** The status answered; null when the connection was reset instead. */
  httpStatus: number | null;
  outcome: ReceivedOutcome;
  /** The parsed JSON body; absent when the body was not JSON or too large (see `rawBody`). */
  body?: unknown;
  /** The start of the raw body, kept when it could not be parsed or was too large. */
  rawBody?: string;
  bodyBytes: number;
  /** The error strings answered with a 400. */
  errors?: string[];
  /** The dedup key (v2) or incident key (v1) the event was applied with, generated ones included. */
  dedupKey?: string;
  alertId?: string;
  /** Why an event was dropped, or what a fault did. */
  note?: string;
  fault?: Fault;
}

/** A change event that was taken. */
export interface RecordedChangeEvent extends ChangeEventInput {
  id: string;
  receivedAt: string;
}

/** The mutable state of one sandbox; every timestamp comes from the injected clock. */
export class SandboxState {
  alertStore: AlertStoreState = EMPTY_ALERT_STORE;
  readonly receivedEvents: ReceivedEvent[] = [];
  readonly changeEvents: RecordedChangeEvent[] = [];
  readonly faults = new FaultQueue();
  readonly rateLimiter: SlidingWindowRateLimiter;
  private nextReceivedId = 1;
  private nextChangeNumber = 1;

  constructor(
    readonly clock: Clock,
    rateLimitPerMinute: number,
  ) {
    this.rateLimiter = new SlidingWindowRateLimiter(clock, {
      limit: rateLimitPerMinute,
      windowMs: RATE_LIMIT_WINDOW_MS,
    });
  }

  /** The injected clock's time as ISO-8601, the format of every timestamp the sandbox reports. */
  nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** Appends a request to the event log, numbering and timestamping it. */
  recordReceived(entry: Omit<ReceivedEvent, 'id' | 'at'>): ReceivedEvent {
    const received: ReceivedEvent = { id: this.nextReceivedId++, at: this.nowIso(), ...entry };
    this.receivedEvents.push(received);
    return received;
  }

  /** Keeps a taken change event. */
  recordChangeEvent(event: ChangeEventInput): RecordedChangeEvent {
    const recorded: RecordedChangeEvent = {
      id: `change-${this.nextChangeNumber++}`,
      receivedAt: this.nowIso(),
      ...event,
    };
    this.changeEvents.push(recorded);
    return recorded;
  }

  /** Forgets everything: alerts, received requests, change events, queued faults and rate-limit windows. */
  reset(): void {
    this.alertStore = EMPTY_ALERT_STORE;
    this.receivedEvents.length = 0;
    this.changeEvents.length = 0;
    this.faults.clear();
    this.rateLimiter.clear();
    this.nextReceivedId = 1;
    this.nextChangeNumber = 1;
  }
}
