import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ErrorDetail } from '../../src/errors/catalog.js';
import { PagewatchError } from '../../src/errors/pagewatch-error.js';
import type { Schedule } from '../../src/monitors/monitor.js';
import {
  CRON_JITTER_MS,
  describeSchedule,
  nextRunAt,
  parseSchedule,
  scheduleJitterMs,
} from '../../src/monitors/schedule.js';
import { formatDuration, parseDuration } from '../../src/monitors/schedule-duration.js';

/** The details of the validation error `parseSchedule(input, path)` throws. */
function problems(input: unknown, path?: string): ErrorDetail[] {
  try {
    parseSchedule(input, path);
  } catch (error) {
    assert.ok(error instanceof PagewatchError);
    assert.equal(error.code, 'PW_ERR_VALIDATION');
    return error.details;
  }
  assert.fail(`expected ${JSON.stringify(input)} to be rejected`);
}

const iso = (date: Date) => date.toISOString();

describe('parseSchedule', () => {
  test('accepts intervals from 30s to 24h and cron expressions in IANA zones', () => {
    for (const every of ['30s', '90s', '1m', '5m', '1h30m', '2h', '24h', '1m30s']) {
      assert.deepEqual(parseSchedule({ every }), { every });
    }
    assert.deepEqual(parseSchedule({ every: ' 5m ' }), { every: '5m' });
    assert.deepEqual(parseSchedule({ cron: '*/5 * * * *' }), { cron: '*/5 * * * *' });
    assert.deepEqual(parseSchedule({ cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' }), {
      cron: '0 9 * * 1-5',
      timezone: 'Europe/Berlin',
    });
    assert.deepEqual(parseSchedule({ cron: '0 0 L * *', timezone: 'UTC' }), {
      cron: '0 0 L * *',
      timezone: 'UTC',
    });
  });

  const cases: { name: string; input: unknown; path: string; message: RegExp }[] = [
    {
      name: 'every too short',
      input: { every: '10s' },
      path: 'schedule.every',
      message: /too short.*30s and 24h/,
    },
    {
      name: 'every too long',
      input: { every: '25h' },
      path: 'schedule.every',
      message: /too long.*30s and 24h/,
    },
    {
      name: 'every not a duration',
      input: { every: 'soon' },
      path: 'schedule.every',
      message: /"soon" is not a duration/,
    },
    { name: 'every a fraction', input: { every: '1.5h' }, path: 'schedule.every', message: /not a duration/ },
    { name: 'every a number', input: { every: 60 }, path: 'schedule.every', message: /duration string/ },
    {
      name: 'cron not cron',
      input: { cron: 'bad' },
      path: 'schedule.cron',
      message: /has 1 field; .* has 5/,
    },
    {
      name: 'cron with seconds',
      input: { cron: '*/10 * * * * *' },
      path: 'schedule.cron',
      message: /6 fields; seconds are not supported/,
    },
    {
      name: 'cron out of range (croner says why)',
      input: { cron: '61 * * * *' },
      path: 'schedule.cron',
      message: /not a valid cron expression: Invalid value for minute: 61/,
    },
    {
      name: 'cron never fires',
      input: { cron: '0 0 30 2 *' },
      path: 'schedule.cron',
      message: /never matches/,
    },
    { name: 'cron with ?', input: { cron: '? * * * *' }, path: 'schedule.cron', message: /"\?"/ },
    {
      name: 'unknown time zone',
      input: { cron: '0 9 * * *', timezone: 'Mars/Olympus' },
      path: 'schedule.timezone',
      message: /unknown time zone "Mars\/Olympus"/,
    },
    {
      name: 'time zone on an interval',
      input: { every: '5m', timezone: 'UTC' },
      path: 'schedule.timezone',
      message: /cron.* only/,
    },
    { name: 'both', input: { every: '5m', cron: '* * * * *' }, path: 'schedule', message: /not both/ },
    { name: 'neither', input: {}, path: 'schedule', message: /give "every" or "cron"/ },
    { name: 'not an object', input: '5m', path: 'schedule', message: /must be an object/ },
    {
      name: 'unknown field',
      input: { every: '5m', at: 'noon' },
      path: 'schedule.at',
      message: /unknown field/,
    },
  ];
  for (const { name, input, path, message } of cases) {
    test(`rejects ${name} at ${path}`, () => {
      const details = problems(input);
      assert.equal(details.length, 1, JSON.stringify(details));
      assert.equal(details[0]!.path, path);
      assert.match(details[0]!.message, message);
    });
  }

  test('reports every problem at once, under the given path, and says them in the error message', () => {
    const details = problems(
      { cron: '61 * * * *', timezone: 'Mars/Olympus', extra: 1 },
      'monitors[2].schedule',
    );
    assert.deepEqual(
      details.map((detail) => detail.path),
      ['monitors[2].schedule.extra', 'monitors[2].schedule.timezone', 'monitors[2].schedule.cron'],
    );
    assert.throws(
      () => parseSchedule({ every: '10s' }),
      /Invalid schedule: schedule\.every: "10s" is too short/,
    );
  });
});

describe('durations', () => {
  test('parse and format whole seconds with h, m and s', () => {
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('1m30s'), 90_000);
    assert.equal(parseDuration('30m1h'), undefined);
    assert.equal(parseDuration(''), undefined);
    assert.equal(parseDuration('5 m'), undefined);
    assert.equal(formatDuration(5_400_000), '1h30m');
    assert.equal(formatDuration(90_000), '1m30s');
    assert.equal(formatDuration(86_400_000), '24h');
  });
});

describe('nextRunAt', () => {
  test('every: slots on an epoch-aligned grid plus the monitor’s jitter, strictly after the given time', () => {
    const schedule: Schedule = { every: '5m' };
    const jitter = scheduleJitterMs('mon_a', schedule);
    const after = new Date('2026-01-05T10:02:00.000Z');
    const next = nextRunAt(schedule, 'mon_a', after);
    assert.ok(next > after && next.getTime() - after.getTime() <= 300_000);
    assert.equal((next.getTime() - jitter) % 300_000, 0);
    // From the slot itself, the next slot is one interval later; from just before it, it is the slot.
    assert.equal(iso(nextRunAt(schedule, 'mon_a', next)), iso(new Date(next.getTime() + 300_000)));
    assert.equal(iso(nextRunAt(schedule, 'mon_a', new Date(next.getTime() - 1))), iso(next));
  });

  test('every: a restart at any time finds the same slots', () => {
    const schedule: Schedule = { every: '1m' };
    const start = Date.parse('2026-01-05T10:00:00.000Z');
    const grid = new Set<string>();
    for (let slot = nextRunAt(schedule, 'mon_a', new Date(start)); slot.getTime() < start + 600_000;) {
      grid.add(iso(slot));
      slot = nextRunAt(schedule, 'mon_a', slot);
    }
    for (const restartOffset of [1, 7_777, 59_999, 123_456, 400_000]) {
      assert.ok(grid.has(iso(nextRunAt(schedule, 'mon_a', new Date(start + restartOffset)))));
    }
  });

  test('every 24h: once a day, within the first minute after midnight UTC', () => {
    const next = nextRunAt({ every: '24h' }, 'mon_daily', new Date('2026-01-05T10:00:00Z'));
    assert.ok(iso(next).startsWith('2026-01-06T00:00:'), iso(next));
  });

  test('cron: the next occurrence in the zone plus jitter (0 9 * * * Europe/Berlin is 08:00Z in winter, 07:00Z in summer)', () => {
    const schedule: Schedule = { cron: '0 9 * * *', timezone: 'Europe/Berlin' };
    const jitter = scheduleJitterMs('mon_a', schedule);
    const winter = nextRunAt(schedule, 'mon_a', new Date('2026-01-15T12:00:00Z'));
    assert.equal(winter.getTime(), Date.parse('2026-01-16T08:00:00Z') + jitter);
    const summer = nextRunAt(schedule, 'mon_a', new Date('2026-07-15T12:00:00Z'));
    assert.equal(summer.getTime(), Date.parse('2026-07-16T07:00:00Z') + jitter);
    // Strictly after: asked at the slot itself, the answer is the next day.
    assert.equal(iso(nextRunAt(schedule, 'mon_a', winter)), iso(new Date(winter.getTime() + 86_400_000)));
    // Asked inside the jitter window, before the monitor's own slot: that slot.
    assert.equal(iso(nextRunAt(schedule, 'mon_a', new Date(winter.getTime() - 1))), iso(winter));
  });

  test('cron: UTC when no zone is given, whatever the process zone', () => {
    const schedule: Schedule = { cron: '30 6 * * 1' };
    const next = nextRunAt(schedule, 'mon_a', new Date('2026-01-05T10:00:00Z')); // a Monday
    assert.equal(next.getTime(), Date.parse('2026-01-12T06:30:00Z') + scheduleJitterMs('mon_a', schedule));
  });

  test('cron: a time that does not exist on the spring-forward day runs once, after the gap', () => {
    const schedule: Schedule = { cron: '30 2 * * *', timezone: 'Europe/Berlin' };
    const jitter = scheduleJitterMs('mon_a', schedule);
    const runs: string[] = [];
    for (let at = new Date('2026-03-28T00:00:00Z'); runs.length < 3;) {
      at = nextRunAt(schedule, 'mon_a', at);
      runs.push(iso(new Date(at.getTime() - jitter)));
    }
    assert.deepEqual(runs, [
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
  });
});

describe('scheduleJitterMs', () => {
  test('is deterministic and within bounds: [0, min(interval, 60s)) for every, [0, 10s) for cron', () => {
    const bounds: [Schedule, number][] = [
      [{ every: '30s' }, 30_000],
      [{ every: '1m' }, 60_000],
      [{ every: '1h' }, 60_000],
      [{ cron: '*/5 * * * *' }, CRON_JITTER_MS],
    ];
    for (const [schedule, bound] of bounds) {
      for (let index = 0; index < 500; index++) {
        const jitter = scheduleJitterMs(`mon_${index}`, schedule);
        assert.ok(Number.isInteger(jitter) && jitter >= 0 && jitter < bound, `${jitter} in [0, ${bound})`);
        assert.equal(scheduleJitterMs(`mon_${index}`, schedule), jitter);
      }
    }
  });

  test('spreads 1,000 monitors on "every 1m" over the minute', () => {
    const perSecond = new Array<number>(60).fill(0);
    for (let index = 0; index < 1_000; index++) {
      perSecond[Math.floor(scheduleJitterMs(`mon_${index}`, { every: '1m' }) / 1000)]!++;
    }
    // 1,000 / 60 ≈ 16.7 per second on average; a decent hash keeps every second within a small factor of that.
    assert.ok(Math.max(...perSecond) <= 32, `busiest second has ${Math.max(...perSecond)}`);
    assert.ok(Math.min(...perSecond) >= 5, `quietest second has ${Math.min(...perSecond)}`);
  });
});

describe('describeSchedule', () => {
  test('says what the schedule is', () => {
    assert.equal(describeSchedule({ every: '5m' }), 'every 5m');
    assert.equal(
      describeSchedule({ cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' }),
      'cron "0 9 * * 1-5" (Europe/Berlin)',
    );
    assert.equal(describeSchedule({ cron: '0 9 * * *' }), 'cron "0 9 * * *" (UTC)');
  });
});
