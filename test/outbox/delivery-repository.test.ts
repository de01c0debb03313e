import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import {
  claimDueDeliveries,
  countByStatus,
  deferDelivery,
  enqueueDeliveries,
  getDelivery,
  listDeliveries,
  markFailed,
  markRetry,
  markSent,
  MAX_LAST_ERROR_CHARS,
  oldestPendingCreatedAt,
  type ClaimOptions,
} from '../../src/outbox/delivery-repository.js';
import type { Store } from '../../src/store/open-store.js';
import { TEST_ENGINES } from '../helpers/stores.js';
import { INTEGRATION_B, newDelivery, withStore } from './helpers.js';

const T0 = new Date('2026-03-01T12:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function claimer(store: Store, claimerId: string, now = T0, extra: Partial<ClaimOptions> = {}) {
  return claimDueDeliveries(store.db, {
    now,
    limit: 10,
    leaseMs: 60_000,
    claimerId,
    engine: store.engine,
    ...extra,
  });
}

for (const engine of TEST_ENGINES) {
  describe(`delivery repository on ${engine.name}`, () => {
    test('enqueue inside a transaction: a rollback leaves nothing, a commit stores pending rows', (t) =>
      withStore(engine, t, async (store) => {
        await assert.rejects(
          store.db.transaction().execute(async (trx) => {
            await enqueueDeliveries(trx, [newDelivery('pagewatch/rolled-back')], T0, {
              engine: store.engine,
            });
            throw new Error('the incident update failed');
          }),
          /the incident update failed/,
        );
        assert.deepEqual(await countByStatus(store.db), { pending: 0, sent: 0, failed: 0 });

        const [stored] = await store.db
          .transaction()
          .execute((trx) =>
            enqueueDeliveries(trx, [newDelivery('pagewatch/m1', 'trigger', { incidentId: 'inc_1' })], T0),
          );
        assert.ok(stored?.id.startsWith('dlv_'));
        assert.deepEqual(await getDelivery(store.db, stored!.id), {
          id: stored!.id,
          incidentId: 'inc_1',
          integrationId: newDelivery('x').integrationId,
          monitorId: null,
          dedupKey: 'pagewatch/m1',
          action: 'trigger',
          status: 'pending',
          attempts: 0,
          nextAttemptAt: T0.toISOString(),
          lastError: null,
          createdAt: T0.toISOString(),
          sentAt: null,
        });
        assert.deepEqual(await enqueueDeliveries(store.db, [], T0), []);
      }));

    test('claims only the oldest pending row per (integration, dedup key); other keys go at once', (t) =>
      withStore(engine, t, async (store) => {
        const [trigger, resolve, other, otherIntegration] = await enqueueDeliveries(
          store.db,
          [
            newDelivery('pagewatch/k'),
            newDelivery('pagewatch/k', 'resolve'),
            newDelivery('pagewatch/other'),
            newDelivery('pagewatch/k', 'trigger', { integrationId: INTEGRATION_B }),
          ],
          T0,
        );
        const first = await claimer(store, 'A');
        assert.deepEqual(
          first.map((row) => row.id),
          [trigger!.id, other!.id, otherIntegration!.id],
          'the resolve waits behind its trigger; the same key on another integration is another group',
        );
        assert.equal(first[0]?.claimedBy, 'A');
        assert.equal(first[0]?.claimedUntil, at(60_000).toISOString());
        assert.deepEqual(JSON.parse(first[0]!.payloadJson), newDelivery('pagewatch/k').payload);

        assert.deepEqual(
          await claimer(store, 'A'),
          [],
          'claimed rows and rows behind them are not handed out',
        );

        // The trigger needs a retry: still pending, so the resolve still waits, even after the retry is due.
        assert.ok(
          await markRetry(
            store.db,
            { id: trigger!.id, claimerId: 'A' },
            {
              attempts: 1,
              nextAttemptAt: at(5_000),
              lastError: 'PagerDuty answered 503',
            },
          ),
        );
        assert.deepEqual(await claimer(store, 'A', at(1_000)), [], 'the retry is not due yet');
        const retried = await claimer(store, 'A', at(5_000));
        assert.deepEqual(
          retried.map((row) => [row.id, row.attempts, row.lastError]),
          [[trigger!.id, 1, 'PagerDuty answered 503']],
        );

        assert.ok(
          await markSent(store.db, { id: trigger!.id, claimerId: 'A' }, { sentAt: at(5_100), attempts: 2 }),
        );
        const next = await claimer(store, 'A', at(5_200));
        assert.deepEqual(
          next.map((row) => row.id),
          [resolve!.id],
          'once the trigger is sent the resolve goes',
        );
        const sent = await getDelivery(store.db, trigger!.id);
        assert.equal(sent?.status, 'sent');
        assert.equal(sent?.sentAt, at(5_100).toISOString());
        assert.equal(sent?.attempts, 2);
      }));

    test('a failed (permanent) row does not block later rows of its key', (t) =>
      withStore(engine, t, async (store) => {
        const [trigger, resolve] = await enqueueDeliveries(
          store.db,
          [newDelivery('pagewatch/k'), newDelivery('pagewatch/k', 'resolve')],
          T0,
        );
        await claimer(store, 'A');
        const refusal = `PagerDuty rejected the event (400): ${'x'.repeat(3 * MAX_LAST_ERROR_CHARS)}`;
        assert.ok(
          await markFailed(
            store.db,
            { id: trigger!.id, claimerId: 'A' },
            { lastError: refusal, attempts: 1 },
          ),
        );
        const failed = await getDelivery(store.db, trigger!.id);
        assert.equal(failed?.status, 'failed');
        assert.equal(failed?.lastError?.length, MAX_LAST_ERROR_CHARS, 'a huge error text is clipped');
        assert.ok(failed?.lastError?.startsWith('PagerDuty rejected the event (400): '));
        assert.deepEqual(
          (await claimer(store, 'A')).map((row) => row.id),
          [resolve!.id],
        );
      }));

    test('leases: a dead claimer keeps its rows until the lease ends, then another takes them over', (t) =>
      withStore(engine, t, async (store) => {
        const [row] = await enqueueDeliveries(store.db, [newDelivery('pagewatch/k')], T0);
        assert.equal((await claimer(store, 'A')).length, 1);
        assert.deepEqual(await claimer(store, 'B', at(59_999)), [], 'still leased to A');
        assert.deepEqual(await claimer(store, 'B', at(60_000)), [], 'the lease holds up to its end');
        const taken = await claimer(store, 'B', at(60_001));
        assert.deepEqual(
          taken.map((claimed) => [claimed.id, claimed.claimedBy]),
          [[row!.id, 'B']],
        );
        // A wakes up late: every finishing call is refused, B's outcome stands.
        const lateA = { id: row!.id, claimerId: 'A' };
        assert.equal(await markSent(store.db, lateA, { sentAt: at(61_000), attempts: 1 }), false);
        assert.equal(
          await markRetry(store.db, lateA, { attempts: 1, nextAttemptAt: at(70_000), lastError: 'late' }),
          false,
        );
        assert.equal(await markFailed(store.db, lateA, { lastError: 'late' }), false);
        assert.equal(await deferDelivery(store.db, lateA, at(70_000)), false);
        assert.equal((await getDelivery(store.db, row!.id))?.status, 'pending');
        assert.ok(
          await markSent(store.db, { id: row!.id, claimerId: 'B' }, { sentAt: at(61_000), attempts: 1 }),
        );
        assert.equal(
          await markSent(store.db, { id: row!.id, claimerId: 'B' }, { sentAt: at(62_000), attempts: 1 }),
          false,
          'a finished row cannot be finished twice',
        );
      }));

    test('deferring (rate limit) keeps attempts and error; excludeIds and limit are honoured', (t) =>
      withStore(engine, t, async (store) => {
        const rows = await enqueueDeliveries(
          store.db,
          [newDelivery('pagewatch/1'), newDelivery('pagewatch/2'), newDelivery('pagewatch/3')],
          T0,
        );
        const [first] = await claimer(store, 'A', T0, { limit: 1 });
        assert.equal(first?.id, rows[0]!.id, 'oldest first');
        assert.ok(await deferDelivery(store.db, { id: first!.id, claimerId: 'A' }, at(30_000)));
        const deferred = await getDelivery(store.db, first!.id);
        assert.deepEqual([deferred?.attempts, deferred?.nextAttemptAt], [0, at(30_000).toISOString()]);

        const others = await claimer(store, 'A', T0, { excludeIds: [rows[1]!.id] });
        assert.deepEqual(
          others.map((row) => row.id),
          [rows[2]!.id],
        );
      }));

    test('lists newest first with cursor pages and filters; counts by status; oldest pending', (t) =>
      withStore(engine, t, async (store) => {
        assert.equal(await oldestPendingCreatedAt(store.db), null);
        const early = await enqueueDeliveries(
          store.db,
          [newDelivery('pagewatch/a', 'trigger', { incidentId: 'inc_a' }), newDelivery('pagewatch/b')],
          T0,
        );
        const late = await enqueueDeliveries(
          store.db,
          [
            newDelivery('pagewatch/a', 'resolve', { incidentId: 'inc_a' }),
            newDelivery('pagewatch/c', 'trigger', { integrationId: INTEGRATION_B }),
            newDelivery('pagewatch/d'),
          ],
          at(1_000),
        );
        const [claimedB] = (await claimer(store, 'A', at(2_000))).filter((row) => row.id === early[1]!.id);
        await markFailed(store.db, { id: claimedB!.id, claimerId: 'A' }, { lastError: 'refused' });

        const newestFirst = [...early, ...late].reverse().map((row) => row.id);
        const pages: string[][] = [];
        let cursor: string | undefined;
        do {
          const page = await listDeliveries(store.db, { limit: 2, ...(cursor ? { cursor } : {}) });
          pages.push(page.items.map((row) => row.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        assert.deepEqual(pages, [newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4)]);

        const byIncident = await listDeliveries(store.db, { limit: 10, incidentId: 'inc_a' });
        assert.deepEqual(
          byIncident.items.map((row) => row.action),
          ['resolve', 'trigger'],
        );
        const byIntegration = await listDeliveries(store.db, { limit: 10, integrationId: INTEGRATION_B });
        assert.deepEqual(
          byIntegration.items.map((row) => row.id),
          [late[1]!.id],
        );
        const failed = await listDeliveries(store.db, { limit: 10, status: 'failed' });
        assert.deepEqual(
          failed.items.map((row) => [row.id, row.lastError]),
          [[early[1]!.id, 'refused']],
        );
        assert.equal(failed.nextCursor, null);

        assert.deepEqual(await countByStatus(store.db), { pending: 4, sent: 0, failed: 1 });
        assert.equal(await oldestPendingCreatedAt(store.db), T0.toISOString());
      }));

    test('SQLite: an idle poll only reads, so another process holding the write lock does not stall it', async (t) => {
      if (engine.name !== 'sqlite') return t.skip('SQLite locking');
      await withStore(engine, t, async (store) => {
        const [row] = await enqueueDeliveries(store.db, [newDelivery('pagewatch/k')], T0);
        await claimer(store, 'A'); // in flight: nothing else is claimable
        const other = new SqliteDatabase(store.location);
        other.exec('BEGIN EXCLUSIVE'); // a backup tool or the sqlite3 shell
        try {
          const startedAt = performance.now();
          assert.deepEqual(await claimer(store, 'A', at(1_000)), []);
          assert.ok(performance.now() - startedAt < 1_000, 'no wait for the busy timeout');
        } finally {
          other.exec('ROLLBACK');
          other.close();
        }
        assert.equal((await getDelivery(store.db, row!.id))?.status, 'pending');
      });
    });

    test('PostgreSQL: enqueueing one key waits for an open transaction that enqueued it, so seq order is commit order', async (t) => {
      if (engine.name !== 'postgres')
        return t.skip('advisory locks are PostgreSQL only; SQLite has one writer');
      await withStore(engine, t, async (store) => {
        const first = await store.db.startTransaction().execute();
        let committed = false;
        let second: Promise<void> | undefined;
        try {
          await enqueueDeliveries(first, [newDelivery('pagewatch/k')], T0, { engine: 'postgres' });
          let secondDone = false;
          second = store.db.transaction().execute(async (trx) => {
            await enqueueDeliveries(trx, [newDelivery('pagewatch/k', 'resolve')], at(1), {
              engine: 'postgres',
            });
            secondDone = true;
          });
          const otherKey = await store.db
            .transaction()
            .execute((trx) =>
              enqueueDeliveries(trx, [newDelivery('pagewatch/other')], T0, { engine: 'postgres' }),
            );
          assert.equal(otherKey.length, 1, 'another key is not held up');
          await new Promise((resolve) => setTimeout(resolve, 150));
          assert.equal(secondDone, false, 'the second enqueue of the key waits for the first transaction');
          await first.commit().execute();
          committed = true;
          await second;
        } finally {
          if (!committed) await first.rollback().execute();
          await second?.catch(() => undefined);
        }
        const claimed = await claimer(store, 'A', at(10));
        assert.deepEqual(
          claimed.map((row) => [row.dedupKey, row.action]),
          [
            ['pagewatch/k', 'trigger'],
            ['pagewatch/other', 'trigger'],
          ],
        );
      });
    });
  });
}
