import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PagewatchError } from '../../src/errors/pagewatch-error.js';
import type { Schedule } from '../../src/monitors/monitor.js';
import { nextRunAt } from '../../src/monitors/schedule.js';
import type { RunContext, RunJob, RunQueue, RunQueueEvents } from '../../src/queue/run-queue.js';

/**
 * The behaviour every RunQueue implementation must show, written once: run it with a factory for the in-process
 * queue (fake clock) and later for the BullMQ one. A factory for a real-time implementation makes `advance` sleep
 * and sets `startToleranceMs` to how late a run may start after its slot.
 */
export interface QueueHarness {
  queue: RunQueue;
  now(): number;
  /** Lets `ms` of queue time pass, running whatever comes due. */
  advance(ms: number): Promise<void>;
  /** A wait in queue time, for handlers that simulate slow runs. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** How late a run may start after its `scheduledAt` (0 with a fake clock). */
  startToleranceMs: number;
  close?(): Promise<void>;
}

export interface QueueHarnessOptions extends RunQueueEvents {
  concurrency?: number;
  region: string;
}

export type QueueHarnessFactory = (options: QueueHarnessOptions) => Promise<QueueHarness>;

type Behaviour = (job: RunJob, context: RunContext, harness: QueueHarness) => Promise<void>;

interface Started {
  job: RunJob;
  at: number;
  signal: AbortSignal;
}

const REGION = 'eu-test';
const EVERY_MINUTE: Schedule = { every: '1m' };

/** Slots of a monitor in `(fromMs, toMs]`, as ISO strings. */
function slotsBetween(schedule: Schedule, monitorId: string, fromMs: number, toMs: number): string[] {
  const slots: string[] = [];
  for (let slot = nextRunAt(schedule, monitorId, new Date(fromMs)); slot.getTime() <= toMs;) {
    slots.push(slot.toISOString());
    slot = nextRunAt(schedule, monitorId, slot);
  }
  return slots;
}

const firstSlot = (schedule: Schedule, monitorId: string, afterMs: number): number =>
  nextRunAt(schedule, monitorId, new Date(afterMs)).getTime();

const manualJob = (monitorId: string, atMs: number, extra: Partial<RunJob> = {}): RunJob => ({
  monitorId,
  region: REGION,
  scheduledAt: new Date(atMs).toISOString(),
  trigger: 'manual',
  attempt: 0,
  ...extra,
});

export function runQueueConformance(name: string, factory: QueueHarnessFactory): void {
  /** Builds a queue whose handler records every start and runs `behaviour`; stops it afterwards. */
  async function withQueue(
    options: { concurrency?: number; behaviour?: Behaviour },
    body: (context: Awaited<ReturnType<typeof setUp>>) => Promise<void>,
  ): Promise<void> {
    const context = await setUp(options);
    try {
      await body(context);
    } finally {
      const stopping = context.queue.stop({ timeoutMs: 0 });
      await context.harness.advance(0);
      await stopping;
      await context.harness.close?.();
    }
  }

  async function setUp(options: { concurrency?: number; behaviour?: Behaviour }) {
    const overlaps: RunJob[] = [];
    const errors: { error: unknown; job: RunJob | undefined }[] = [];
    const harness = await factory({
      concurrency: options.concurrency,
      region: REGION,
      onOverlap: (job) => {
        overlaps.push(job);
      },
      onError: (error, job) => errors.push({ error, job }),
    });
    const started: Started[] = [];
    const finished: Started[] = [];
    const concurrency = { now: 0, max: 0 };
    const behaviour = options.behaviour ?? (async () => undefined);
    harness.queue.onRun(async (job, runContext) => {
      const entry = { job, at: harness.now(), signal: runContext.signal };
      started.push(entry);
      concurrency.now++;
      concurrency.max = Math.max(concurrency.max, concurrency.now);
      try {
        await behaviour(job, runContext, harness);
      } finally {
        concurrency.now--;
        finished.push({ ...entry, at: harness.now() });
      }
    });
    const assertOnTime = (entry: Started) => {
      const late = entry.at - Date.parse(entry.job.scheduledAt);
      assert.ok(
        late >= 0 && late <= harness.startToleranceMs,
        `${entry.job.scheduledAt} started ${late} ms late`,
      );
    };
    return { harness, queue: harness.queue, started, finished, overlaps, errors, concurrency, assertOnTime };
  }

  describe(`RunQueue conformance: ${name}`, () => {
    test('fires each scheduled run at its slot, with region, trigger and attempt', async () => {
      await withQueue({}, async ({ harness, queue, started, assertOnTime }) => {
        const t0 = harness.now();
        const { nextRunAt: next } = await queue.upsertSchedule('mon_a', EVERY_MINUTE);
        assert.equal(next, nextRunAt(EVERY_MINUTE, 'mon_a', new Date(t0)).toISOString());
        await queue.start();
        await harness.advance(181_000);
        const expected = slotsBetween(EVERY_MINUTE, 'mon_a', t0, t0 + 181_000);
        assert.deepEqual(
          started.map((entry) => entry.job.scheduledAt),
          expected,
        );
        for (const entry of started) {
          assert.deepEqual(
            { ...entry.job, scheduledAt: '' },
            { monitorId: 'mon_a', region: REGION, scheduledAt: '', trigger: 'schedule', attempt: 0 },
          );
          assertOnTime(entry);
        }
      });
    });

    test('upserting the same schedule again keeps the slots', async () => {
      await withQueue({}, async ({ harness, queue, started }) => {
        const t0 = harness.now();
        await queue.upsertSchedule('mon_a', EVERY_MINUTE);
        await queue.start();
        await harness.advance(90_000);
        await queue.upsertSchedule('mon_a', EVERY_MINUTE);
        await harness.advance(90_000);
        assert.deepEqual(
          started.map((entry) => entry.job.scheduledAt),
          slotsBetween(EVERY_MINUTE, 'mon_a', t0, t0 + 180_000),
        );
      });
    });

    test('upsertSchedule rejects an invalid schedule with the field path', async () => {
      await withQueue({}, async ({ queue }) => {
        await assert.rejects(
          queue.upsertSchedule('mon_a', { every: '10s' }),
          (error: unknown) =>
            error instanceof PagewatchError &&
            error.code === 'PW_ERR_VALIDATION' &&
            error.details[0]?.path === 'schedule.every',
        );
        assert.equal(queue.stats().scheduled, 0);
      });
    });

    test('upsertSchedule replaces the schedule', async () => {
      await withQueue({}, async ({ harness, queue, started }) => {
        const t0 = harness.now();
        await queue.upsertSchedule('mon_a', EVERY_MINUTE);
        await queue.start();
        const first = firstSlot(EVERY_MINUTE, 'mon_a', t0);
        await harness.advance(first - t0);
        const every5m: Schedule = { every: '5m' };
        const { nextRunAt: next } = await queue.upsertSchedule('mon_a', every5m);
        assert.equal(next, nextRunAt(every5m, 'mon_a', new Date(harness.now())).toISOString());
        const t1 = harness.now();
        await harness.advance(11 * 60_000);
        assert.deepEqual(
          started.map((entry) => entry.job.scheduledAt),
          [new Date(first).toISOString(), ...slotsBetween(every5m, 'mon_a', t1, t1 + 11 * 60_000)],
        );
        assert.equal(queue.stats().scheduled, 1);
      });
    });

    test('removeSchedule stops future runs', async () => {
      await withQueue({}, async ({ harness, queue, started }) => {
        const t0 = harness.now();
        await queue.upsertSchedule('mon_a', EVERY_MINUTE);
        await queue.upsertSchedule('mon_b', EVERY_MINUTE);
        await queue.start();
        await harness.advance(firstSlot(EVERY_MINUTE, 'mon_a', t0) - t0);
        await queue.removeSchedule('mon_a');
        await harness.advance(5 * 60_000);
        assert.equal(started.filter((entry) => entry.job.monitorId === 'mon_a').length, 1);
        assert.ok(started.filter((entry) => entry.job.monitorId === 'mon_b').length >= 5);
        assert.equal(queue.stats().scheduled, 1);
      });
    });

    test('a schedule set before start() does not replay the slots that passed before it', async () => {
      await withQueue({}, async ({ harness, queue, started }) => {
        await queue.upsertSchedule('mon_a', EVERY_MINUTE);
        await harness.advance(5 * 60_000);
        assert.equal(started.length, 0);
        const t1 = harness.now();
        await queue.start();
        await harness.advance(0);
        assert.equal(started.length, 0, 'no catch-up run at start');
        await harness.advance(60_000);
        assert.deepEqual(
          started.map((entry) => entry.job.scheduledAt),
          slotsBetween(EVERY_MINUTE, 'mon_a', t1, t1 + 60_000),
        );
      });
    });

    test('enqueueRun runs a manual job immediately', async () => {
      await withQueue({}, async ({ harness, queue, started }) => {
        await queue.start();
        const job = manualJob('mon_m', harness.now());
        assert.deepEqual(await queue.enqueueRun(job), { accepted: true });
        await harness.advance(0);
        assert.equal(started.length, 1);
        assert.deepEqual(started[0]!.job, job);
        assert.ok(started[0]!.at - harness.now() <= harness.startToleranceMs);
      });
    });

    test('the same (monitor, region, scheduledAt, attempt) is handed to the handler once', async () => {
      await withQueue({}, async ({ harness, queue, started }) => {
        await queue.start();
        const job = manualJob('mon_m', harness.now());
        const answers = [await queue.enqueueRun(job), await queue.enqueueRun({ ...job })];
        await harness.advance(1_000);
        answers.push(await queue.enqueueRun({ ...job }));
        answers.push(await queue.enqueueRun({ ...job, attempt: 1 }));
        await harness.advance(1_000);
        assert.deepEqual(
          answers.map((answer) => answer.accepted),
          [true, false, false, true],
        );
        assert.deepEqual(
          started.map((entry) => entry.job.attempt),
          [0, 1],
        );
      });
    });

    test('never runs more handlers at once than the concurrency limit, in FIFO order', async () => {
      const behaviour: Behaviour = (_job, context, harness) => harness.sleep(10_000, context.signal);
      await withQueue(
        { concurrency: 2, behaviour },
        async ({ harness, queue, started, finished, concurrency }) => {
          await queue.start();
          const t0 = harness.now();
          for (const id of ['mon_1', 'mon_2', 'mon_3', 'mon_4', 'mon_5'])
            await queue.enqueueRun(manualJob(id, t0));
          await harness.advance(0);
          assert.equal(queue.stats().running, 2);
          assert.equal(queue.stats().queued, 3);
          await harness.advance(30_000);
          assert.equal(concurrency.max, 2);
          assert.equal(finished.length, 5);
          assert.deepEqual(
            started.map((entry) => entry.job.monitorId),
            ['mon_1', 'mon_2', 'mon_3', 'mon_4', 'mon_5'],
          );
        },
      );
    });

    test('skips and reports a slot that comes due while the previous run is still running', async () => {
      const behaviour: Behaviour = async (job, context, harness) => {
        if (job.scheduledAt === slowSlot) await harness.sleep(75_000, context.signal);
      };
      let slowSlot = '';
      await withQueue({ behaviour }, async ({ harness, queue, started, overlaps, finished }) => {
        const schedule: Schedule = { every: '30s' };
        const t0 = harness.now();
        const s0 = firstSlot(schedule, 'mon_slow', t0);
        slowSlot = new Date(s0).toISOString();
        await queue.upsertSchedule('mon_slow', schedule);
        await queue.start();
        await harness.advance(s0 - t0 + 100_000);
        const iso = (ms: number) => new Date(ms).toISOString();
        assert.deepEqual(
          started.map((entry) => entry.job.scheduledAt),
          [iso(s0), iso(s0 + 90_000)],
        );
        assert.deepEqual(
          overlaps.map((job) => [job.monitorId, job.scheduledAt, job.trigger]),
          [
            ['mon_slow', iso(s0 + 30_000), 'schedule'],
            ['mon_slow', iso(s0 + 60_000), 'schedule'],
          ],
        );
        assert.equal(queue.stats().overlaps, 2);
        assert.equal(finished.length, 2);
      });
    });

    test('a slow monitor never blocks the others', async () => {
      const behaviour: Behaviour = async (job, context, harness) => {
        if (job.monitorId === 'mon_stuck') await harness.sleep(24 * 3_600_000, context.signal);
      };
      await withQueue({ behaviour }, async ({ harness, queue, started, overlaps }) => {
        const t0 = harness.now();
        await queue.upsertSchedule('mon_stuck', EVERY_MINUTE);
        await queue.upsertSchedule('mon_fast', EVERY_MINUTE);
        await queue.start();
        await harness.advance(5 * 60_000);
        const fast = started.filter((entry) => entry.job.monitorId === 'mon_fast');
        assert.deepEqual(
          fast.map((entry) => entry.job.scheduledAt),
          slotsBetween(EVERY_MINUTE, 'mon_fast', t0, t0 + 5 * 60_000),
        );
        assert.equal(started.filter((entry) => entry.job.monitorId === 'mon_stuck').length, 1);
        assert.equal(
          overlaps.length,
          slotsBetween(EVERY_MINUTE, 'mon_stuck', t0, t0 + 5 * 60_000).length - 1,
        );
      });
    });

    test('a handler that throws is reported and stops nothing', async () => {
      const behaviour: Behaviour = async (job) => {
        if (job.monitorId === 'mon_err') throw new Error(`boom ${job.scheduledAt}`);
      };
      await withQueue({ behaviour }, async ({ harness, queue, started, errors }) => {
        const t0 = harness.now();
        await queue.upsertSchedule('mon_err', EVERY_MINUTE);
        await queue.upsertSchedule('mon_ok', EVERY_MINUTE);
        await queue.start();
        await harness.advance(3 * 60_000);
        const errSlots = slotsBetween(EVERY_MINUTE, 'mon_err', t0, t0 + 3 * 60_000);
        assert.deepEqual(
          errors.map(({ job }) => job?.scheduledAt),
          errSlots,
        );
        assert.ok(errors.every(({ error }) => error instanceof Error && error.message.startsWith('boom')));
        assert.equal(started.filter((entry) => entry.job.monitorId === 'mon_ok').length, 3);
        assert.equal(queue.stats().failed, errSlots.length);
      });
    });

    test("a manual run waits for the monitor's running run; other monitors go ahead", async () => {
      const behaviour: Behaviour = async (job, context, harness) => {
        if (job.trigger === 'schedule') await harness.sleep(20_000, context.signal);
      };
      await withQueue({ behaviour }, async ({ harness, queue, started, overlaps }) => {
        const t0 = harness.now();
        await queue.upsertSchedule('mon_a', EVERY_MINUTE);
        await queue.start();
        const s0 = firstSlot(EVERY_MINUTE, 'mon_a', t0);
        await harness.advance(s0 - t0 + 5_000);
        await queue.enqueueRun(manualJob('mon_a', harness.now()));
        await queue.enqueueRun(manualJob('mon_b', harness.now()));
        await harness.advance(0);
        assert.deepEqual(
          started.map((entry) => [entry.job.monitorId, entry.job.trigger]),
          [
            ['mon_a', 'schedule'],
            ['mon_b', 'manual'],
          ],
        );
        await harness.advance(15_000);
        const manualA = started.find(
          (entry) => entry.job.monitorId === 'mon_a' && entry.job.trigger === 'manual',
        );
        assert.ok(manualA, 'the manual run started once the scheduled one finished');
        assert.ok(Math.abs(manualA.at - (s0 + 20_000)) <= harness.startToleranceMs);
        assert.equal(overlaps.length, 0);
      });
    });

    test('a retry enqueued by the handler runs after the attempt that asked for it', async () => {
      let queueRef: RunQueue | undefined;
      const behaviour: Behaviour = async (job) => {
        if (job.attempt === 0) await queueRef!.enqueueRun({ ...job, trigger: 'retry', attempt: 1 });
      };
      await withQueue({ behaviour }, async ({ harness, queue, started, finished }) => {
        queueRef = queue;
        const t0 = harness.now();
        await queue.upsertSchedule('mon_a', EVERY_MINUTE);
        await queue.start();
        await harness.advance(firstSlot(EVERY_MINUTE, 'mon_a', t0) - t0);
        assert.deepEqual(
          started.map((entry) => [entry.job.trigger, entry.job.attempt]),
          [
            ['schedule', 0],
            ['retry', 1],
          ],
        );
        assert.equal(started[1]!.job.scheduledAt, started[0]!.job.scheduledAt);
        assert.ok(started[1]!.at >= finished[0]!.at);
      });
    });

    test('stop() waits for running handlers and fires nothing afterwards', async () => {
      const behaviour: Behaviour = (_job, context, harness) => harness.sleep(20_000, context.signal);
      await withQueue({ behaviour }, async ({ harness, queue, started, finished }) => {
        const t0 = harness.now();
        await queue.upsertSchedule('mon_a', EVERY_MINUTE);
        await queue.start();
        await harness.advance(firstSlot(EVERY_MINUTE, 'mon_a', t0) - t0);
        assert.equal(started.length, 1);
        let stopped = false;
        const stopping = queue.stop({ timeoutMs: 60_000 }).then((result) => {
          stopped = true;
          return result;
        });
        await harness.advance(10_000);
        assert.equal(stopped, false, 'still waiting for the running handler');
        await harness.advance(10_000);
        assert.deepEqual(await stopping, { dropped: [], unfinished: [] });
        assert.equal(finished.length, 1);
        assert.equal(started[0]!.signal.aborted, false);
        await harness.advance(5 * 60_000);
        assert.equal(started.length, 1, 'no runs after stop()');
      });
    });

    test('stop() gives up after its timeout, aborts the handler and reports it unfinished', async () => {
      const behaviour: Behaviour = (_job, context, harness) => harness.sleep(3_600_000, context.signal);
      await withQueue({ behaviour }, async ({ harness, queue, started }) => {
        await queue.start();
        const job = manualJob('mon_a', harness.now());
        await queue.enqueueRun(job);
        await harness.advance(0);
        const stopping = queue.stop({ timeoutMs: 5_000 });
        await harness.advance(5_000);
        assert.deepEqual(await stopping, { dropped: [], unfinished: [job] });
        assert.equal(started[0]!.signal.aborted, true);
      });
    });

    test('stop() drops queued jobs and returns them', async () => {
      const behaviour: Behaviour = (_job, context, harness) => harness.sleep(10_000, context.signal);
      await withQueue({ concurrency: 1, behaviour }, async ({ harness, queue }) => {
        await queue.start();
        const jobs = ['mon_1', 'mon_2', 'mon_3'].map((id) => manualJob(id, harness.now()));
        for (const job of jobs) await queue.enqueueRun(job);
        await harness.advance(0);
        const stopping = queue.stop({ timeoutMs: 60_000 });
        await harness.advance(10_000);
        assert.deepEqual(await stopping, { dropped: jobs.slice(1), unfinished: [] });
      });
    });

    test('stats() counts schedules, running and queued jobs', async () => {
      const behaviour: Behaviour = (_job, context, harness) => harness.sleep(10_000, context.signal);
      await withQueue({ concurrency: 1, behaviour }, async ({ harness, queue }) => {
        await queue.upsertSchedule('mon_a', EVERY_MINUTE);
        await queue.upsertSchedule('mon_b', { cron: '*/5 * * * *', timezone: 'Europe/Berlin' });
        await queue.start();
        await queue.enqueueRun(manualJob('mon_1', harness.now()));
        await queue.enqueueRun(manualJob('mon_2', harness.now()));
        await harness.advance(0);
        const stats = queue.stats();
        assert.deepEqual(
          {
            scheduled: stats.scheduled,
            running: stats.running,
            queued: stats.queued,
            overlaps: stats.overlaps,
          },
          { scheduled: 2, running: 1, queued: 1, overlaps: 0 },
        );
      });
    });
  });
}
