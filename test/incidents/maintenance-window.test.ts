import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  isInMaintenance,
  isMaintenanceWindowActive,
  maintenanceWindowProblem,
  type MaintenanceWindow,
} from '../../src/incidents/maintenance-window.js';

const at = (iso: string) => new Date(iso);

describe('isMaintenanceWindowActive', () => {
  const cases: { name: string; window: MaintenanceWindow; times: [string, boolean][] }[] = [
    {
      name: 'one-off: from startsAt (inclusive) to endsAt (exclusive)',
      window: { startsAt: '2026-01-01T10:00:00Z', endsAt: '2026-01-01T11:00:00Z' },
      times: [
        ['2026-01-01T09:59:59.999Z', false],
        ['2026-01-01T10:00:00.000Z', true],
        ['2026-01-01T10:59:59.999Z', true],
        ['2026-01-01T11:00:00.000Z', false],
      ],
    },
    {
      name: 'recurring daily at 02:00 UTC for 30 minutes (timezone absent = UTC)',
      window: { cron: '0 2 * * *', durationMinutes: 30 },
      times: [
        ['2026-01-01T01:59:59Z', false],
        ['2026-01-01T02:00:00Z', true],
        ['2026-01-01T02:29:59.999Z', true],
        ['2026-01-01T02:30:00Z', false],
        ['2026-06-15T02:10:00Z', true],
      ],
    },
    {
      name: 'recurring with timezone null is UTC too',
      window: { cron: '0 2 * * *', timezone: null, durationMinutes: 30 },
      times: [
        ['2026-01-01T02:10:00Z', true],
        ['2026-01-01T01:10:00Z', false],
      ],
    },
    {
      name: 'recurring in Europe/Berlin: 02:00 local is 01:00Z in winter (CET), 00:00Z in summer (CEST)',
      window: { cron: '0 2 * * *', timezone: 'Europe/Berlin', durationMinutes: 60 },
      times: [
        ['2026-01-15T00:59:00Z', false],
        ['2026-01-15T01:00:00Z', true],
        ['2026-01-15T01:59:00Z', true],
        ['2026-01-15T02:00:00Z', false],
        ['2026-07-15T00:00:00Z', true],
        ['2026-07-15T00:59:00Z', true],
        ['2026-07-15T01:00:00Z', false],
      ],
    },
    {
      name: 'recurring on weekdays in America/New_York: 09:00 EST is 14:00Z',
      window: { cron: '0 9 * * 1-5', timezone: 'America/New_York', durationMinutes: 30 },
      times: [
        ['2026-01-05T14:10:00Z', true], // Monday
        ['2026-01-05T09:10:00Z', false], // 09:10 UTC is 04:10 in New York
        ['2026-01-10T14:10:00Z', false], // Saturday
      ],
    },
    {
      name: 'an occurrence that runs past midnight',
      window: { cron: '30 23 * * *', durationMinutes: 60 },
      times: [
        ['2026-01-01T23:45:00Z', true],
        ['2026-01-02T00:15:00Z', true],
        ['2026-01-02T00:30:00Z', false],
      ],
    },
    {
      name: 'a weekly window longer than the day it starts in (Saturday 22:00 for 4 hours)',
      window: { cron: '0 22 * * 6', durationMinutes: 240 },
      times: [
        ['2026-01-03T21:59:00Z', false],
        ['2026-01-04T01:59:00Z', true],
        ['2026-01-04T02:00:00Z', false],
        ['2026-01-05T01:00:00Z', false],
      ],
    },
    {
      name: 'occurrences closer together than the duration: active throughout',
      window: { cron: '*/10 * * * *', durationMinutes: 15 },
      times: [
        ['2026-01-01T00:00:00Z', true],
        ['2026-01-01T00:09:59Z', true],
        ['2026-01-01T13:37:00Z', true],
      ],
    },
  ];
  for (const { name, window, times } of cases) {
    test(name, () => {
      for (const [time, expected] of times) {
        assert.equal(isMaintenanceWindowActive(window, at(time)), expected, time);
      }
    });
  }

  const broken: { name: string; window: MaintenanceWindow; problem: RegExp }[] = [
    { name: 'a bad cron', window: { cron: 'every night', durationMinutes: 30 }, problem: /cron or timezone/ },
    {
      name: 'a bad time zone',
      window: { cron: '0 2 * * *', timezone: 'Mars/Olympus_Mons', durationMinutes: 30 },
      problem: /cron or timezone/,
    },
    {
      name: 'a zero duration',
      window: { cron: '* * * * *', durationMinutes: 0 },
      problem: /durationMinutes/,
    },
    {
      name: 'an end before the start',
      window: { startsAt: '2026-01-01T11:00:00Z', endsAt: '2026-01-01T10:00:00Z' },
      problem: /endsAt must be after/,
    },
    { name: 'unparsable times', window: { startsAt: 'soon', endsAt: 'later' }, problem: /ISO times/ },
  ];
  for (const { name, window, problem } of broken) {
    test(`${name}: reported, and never active (a broken window must not silence pages)`, () => {
      assert.match(maintenanceWindowProblem(window) ?? '', problem);
      assert.equal(isMaintenanceWindowActive(window, at('2026-01-01T10:30:00Z')), false);
    });
  }

  test('valid windows have no problem', () => {
    assert.equal(
      maintenanceWindowProblem({ cron: '0 2 * * *', timezone: 'Asia/Tokyo', durationMinutes: 5 }),
      null,
    );
    assert.equal(
      maintenanceWindowProblem({ startsAt: '2026-01-01T10:00:00Z', endsAt: '2026-01-01T10:01:00Z' }),
      null,
    );
  });
});

describe('isInMaintenance', () => {
  const now = at('2026-01-01T10:30:00Z');
  const active = { startsAt: '2026-01-01T10:00:00Z', endsAt: '2026-01-01T11:00:00Z' };
  const inactive = { startsAt: '2026-01-01T12:00:00Z', endsAt: '2026-01-01T13:00:00Z' };
  const cases: { name: string; windows: MaintenanceWindow[]; expected: boolean }[] = [
    { name: 'no windows', windows: [], expected: false },
    { name: "the monitor's own active window", windows: [{ ...active, monitorId: 'mon_a' }], expected: true },
    {
      name: "another monitor's active window",
      windows: [{ ...active, monitorId: 'mon_b' }],
      expected: false,
    },
    {
      name: 'an active window for every monitor (monitorId null)',
      windows: [{ ...active, monitorId: null }],
      expected: true,
    },
    { name: 'an active window for every monitor (monitorId absent)', windows: [active], expected: true },
    {
      name: 'any one active window is enough',
      windows: [
        { ...inactive, monitorId: 'mon_a' },
        { cron: '0 10 * * *', durationMinutes: 60, monitorId: 'mon_a' },
      ],
      expected: true,
    },
    {
      name: 'only inactive or broken windows',
      windows: [
        { ...inactive, monitorId: 'mon_a' },
        { cron: 'nonsense', durationMinutes: 60 },
      ],
      expected: false,
    },
  ];
  for (const { name, windows, expected } of cases) {
    test(name, () => {
      assert.equal(isInMaintenance(windows, 'mon_a', now), expected);
    });
  }
});
