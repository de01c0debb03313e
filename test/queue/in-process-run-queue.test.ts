import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nextRunAt } from '../../src/monitors/schedule.js';
import { InProcessRunQueue } from '../../src/queue/in-process-run-queue.js';
import type { RunJob } from '../../src/queue/run-queue.js';
import { FakeTime } from './fake-time.js';
import { runQueueConformance } from './run-queue-conformance.js';

const START = '2026-01-05T10:00:00.000Z';

runQueueConformance('in-process queue on a fake clock', async (options) => {
  const time = new FakeTime(START);
  const queue = new InProcessRunQueue({ ...options, clock: time, timers: time });
  return {
    queue,
    now: () => time.now(),
    advance: (ms) => time.advance(ms),
    sleep: (ms, signal) => time.sleep(ms, signal),
    startToleranceMs: 0,
  };
});

/** A queue on a fake clock whose handler records starts and runs `behaviour`. */
function fakeQueue(
  options: { concurrency?: number; behaviour?: (job: RunJob, signal: AbortSignal) => Promise<void> } = {},
) {
  const time = new FakeTime(START);
  const overlaps: RunJob[] = [];
  const errors: unknown[] = [];
  const queue = new InProcessRunQueue({
    concurrency: options.concurrency,
    clock: time,
    timers: time,
    onOverlap: (job) => {
      overlaps.push(job);
    },
    onError: (error) => errors.push(error),
  });
  const started: { job: RunJob; at: number }[] = [];
  queue.onRun(async (job, { signal }) => {
    started.push({ job, at: time.now() });
    await options.behaviour?.(job, signal);
  });
  return { time, queue, started, overlaps, errors };
}

/** Stops a queue on a fake clock, letting running handlers finish (or time out) in fake time. */
async function stopQueue(time: FakeTime, queue: InProcessRunQueue): Promise<void> {
  const stopping = queue.stop({ timeoutMs: 60_000 });
  await time.advance(60_000);
  await stopping;
}

describe('in-process run queue', () => {
  test('one timer serves 2,000 monitors, and each fires at its own slot', async () => {
    const { time, queue, started } = fakeQueue();
    for (let index = 0; index < 2_000; index++) await queue.upsertSchedule(`mon_${index}`, { every: '1m' });
    await queue.start();
    assert.equal(time.pendingTimers().length, 1);
    await time.advance(120_000);
    assert.equal(time.pendingTimers().length, 1);
    assert.equal(started.length, 4_000);
    for (const { job, at } of started) {
      assert.equal(Date.parse(job.scheduledAt), at);
      const expected = nextRunAt({ every: '1m' }, job.monitorId, new Date(at - 60_000)).getTime();
      assert.equal(at, expected, `${job.monitorId} fired on its slot`);
    }
    await stopQueue(time, queue);
  });

  test('a slot is computed from the grid, so a run taking 45 s of every minute never drifts', async () => {
    const { time, queue, started } = fakeQueue({ behaviour: () => time.sleep(45_000) });
    const t0 = time.now();
    await queue.upsertSchedule('mon_a', { every: '1m' });
    await queue.start();
    await time.advance(100 * 60_000);
    const first = nextRunAt({ every: '1m' }, 'mon_a', new Date(t0)).getTime();
    assert.equal(started.length, 100);
    started.forEach(({ job, at }, index) => {
      assert.equal(job.scheduledAt, new Date(first + index * 60_000).toISOString());
      assert.equal(at, first + index * 60_000);
    });
    await stopQueue(time, queue);
  });

  test('a process that was late fires the oldest due slot once and counts the others as missed', async () => {
    const { time, queue, started } = fakeQueue();
    const t0 = time.now();
    await queue.upsertSchedule('mon_a', { every: '1m' });
    await queue.start();
    const first = nextRunAt({ every: '1m' }, 'mon_a', new Date(t0)).getTime();
    time.jump(first - t0 + 10 * 60_000 + 1); // the event loop was blocked for ten minutes
    await time.advance(0);
    assert.deepEqual(
      started.map(({ job }) => job.scheduledAt),
      [new Date(first).toISOString()],
    );
    assert.equal(queue.stats().missed, 10);
    const late = time.now();
    await time.advance(60_000);
    assert.equal(started.length, 2);
    assert.equal(
      started[1]!.job.scheduledAt,
      nextRunAt({ every: '1m' }, 'mon_a', new Date(late)).toISOString(),
    );
    await stopQueue(time, queue);
  });

  test('a restart after stop() resumes at the next slot without replaying the stopped time', async () => {
    const { time, queue, started } = fakeQueue();
    await queue.upsertSchedule('mon_a', { every: '1m' });
    await queue.start();
    await time.advance(120_000);
    const before = started.length;
    await stopQueue(time, queue);
    await time.advance(10 * 60_000);
    assert.equal(started.length, before);
    const restartedAt = time.now();
    await queue.start();
    await time.advance(60_000);
    assert.equal(started.length, before + 1);
    assert.equal(
      started.at(-1)!.job.scheduledAt,
      nextRunAt({ every: '1m' }, 'mon_a', new Date(restartedAt)).toISOString(),
    );
    await stopQueue(time, queue);
  });

  test('a monthly cron waits in timer steps of at most 60 s and fires on time', async () => {
    const time = new FakeTime('2026-01-31T12:00:00.000Z');
    const queue = new InProcessRunQueue({ clock: time, timers: time });
    const started: string[] = [];
    queue.onRun(async (job) => {
      started.push(job.scheduledAt);
      assert.equal(job.scheduledAt, new Date(time.now()).toISOString());
    });
    const schedule = { cron: '0 0 1 * *', timezone: 'Europe/Berlin' };
    const { nextRunAt: next } = await queue.upsertSchedule('mon_monthly', schedule);
    assert.ok(next.startsWith('2026-01-31T23:00:0'), next); // midnight in Berlin, plus < 10 s jitter
    await queue.start();
    assert.ok(time.pendingTimers()[0]! - time.now() <= 60_000);
    await time.advance(12 * 3_600_000);
    assert.deepEqual(started, [next]);
    await stopQueue(time, queue);
  });

  test('removeSchedule drops the monitor’s scheduled job that is still waiting for a free slot', async () => {
    const { time, queue, started } = fakeQueue({ concurrency: 1, behaviour: () => time.sleep(10 * 60_000) });
    const manual: RunJob = {
      monitorId: 'mon_busy',
      region: 'local',
      scheduledAt: new Date(time.now()).toISOString(),
      trigger: 'manual',
      attempt: 0,
    };
    await queue.enqueueRun(manual);
    await queue.upsertSchedule('mon_a', { every: '1m' });
    await queue.start();
    await time.advance(60_000); // mon_a came due while mon_busy holds the only slot
    assert.equal(queue.stats().queued, 1);
    await queue.removeSchedule('mon_a');
    assert.equal(queue.stats().queued, 0);
    await time.advance(15 * 60_000);
    assert.deepEqual(
      started.map(({ job }) => job.monitorId),
      ['mon_busy'],
    );
    await stopQueue(time, queue);
  });

  test('errors from callbacks are contained: a rejecting onOverlap goes to onError, a throwing onError is ignored', async () => {
    const time = new FakeTime(START);
    const errors: unknown[] = [];
    const queue = new InProcessRunQueue({
      clock: time,
      timers: time,
      onOverlap: async () => {
        throw new Error('overlap store down');
      },
      onError: (error) => {
        errors.push(error);
        throw new Error('logger down');
      },
    });
    const started: RunJob[] = [];
    queue.onRun(async (job) => {
      started.push(job);
      if (job.monitorId === 'mon_slow') await time.sleep(90_000);
      else throw new Error('run failed');
    });
    await queue.upsertSchedule('mon_slow', { every: '30s' });
    await queue.upsertSchedule('mon_other', { every: '1m' });
    await queue.start();
    await time.advance(5 * 60_000);
    assert.ok(errors.some((error) => error instanceof Error && error.message === 'overlap store down'));
    assert.ok(errors.some((error) => error instanceof Error && error.message === 'run failed'));
    assert.equal(started.filter((job) => job.monitorId === 'mon_other').length, 5);
    await stopQueue(time, queue);
  });

  test('refuses misuse: no handler at start, a second handler, a bad concurrency, a bad job', async () => {
    const time = new FakeTime(START);
    const queue = new InProcessRunQueue({ clock: time, timers: time });
    await assert.rejects(queue.start(), /onRun/);
    queue.onRun(async () => undefined);
    assert.throws(() => queue.onRun(async () => undefined), /once/);
    assert.throws(() => new InProcessRunQueue({ concurrency: 0 }), /concurrency/);
    await assert.rejects(
      queue.enqueueRun({
        monitorId: 'm',
        region: 'local',
        scheduledAt: 'soon',
        trigger: 'manual',
        attempt: 0,
      }),
      /Invalid run job/,
    );
  });
});
