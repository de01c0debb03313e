import type { Kysely } from 'kysely';
import type { StoreEngine } from '../store-engine.js';

/** The first schema. Portable types only (text, integer); the one engine-specific column is the outbox sequence. */
export async function up(db: Kysely<unknown>, engine: StoreEngine): Promise<void> {
  await db.schema
    .createTable('monitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('collection', 'text', (c) => c.notNull())
    .addColumn('environment', 'text')
    .addColumn('iteration_data', 'text')
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('next_run_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('requests_total', 'integer', (c) => c.notNull())
    .addColumn('requests_failed', 'integer', (c) => c.notNull())
    .addColumn('assertions_total', 'integer', (c) => c.notNull())
    .addColumn('assertions_failed', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('console', 'text')
    .addColumn('warnings', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    // A schedule that fires twice runs once: (monitor, region, due time, attempt) is unique.
    .addUniqueConstraint('runs_idempotency', ['monitor_id', 'region', 'scheduled_at', 'attempt'])
    .execute();
  await db.schema.createIndex('runs_by_monitor').on('runs').columns(['monitor_id', 'created_at']).execute();
  await db.schema.createIndex('runs_by_created').on('runs').column('created_at').execute();

  await db.schema
    .createTable('run_requests')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('response_time_ms', 'integer')
    .addColumn('response_size', 'integer')
    .addColumn('iteration', 'integer', (c) => c.notNull())
    .addColumn('assertions', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('run_requests_pk', ['run_id', 'position'])
    .execute();

  await db.schema
    .createTable('integrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('secret_ciphertext', 'text')
    .addColumn('secret_last4', 'text')
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Soft delete: the row (and its key) stays until the resolves queued by the delete are delivered.
    .addColumn('deleted_at', 'text')
    .execute();

  await db.schema
    .createTable('integration_monitors')
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('integration_monitors_pk', ['integration_id', 'monitor_id'])
    .execute();
  await db.schema
    .createIndex('integration_monitors_by_monitor')
    .on('integration_monitors')
    .column('monitor_id')
    .execute();

  await db.schema
    .createTable('alert_states')
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('open_incident_id', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_states_pk', ['monitor_id', 'integration_id', 'region'])
    .execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolve_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incidents_by_status')
    .on('incidents')
    .columns(['status', 'opened_at'])
    .execute();
  await db.schema
    .createIndex('incidents_by_monitor')
    .on('incidents')
    .columns(['monitor_id', 'opened_at'])
    .execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('seq', engine === 'postgres' ? 'serial' : 'integer', (c) =>
      engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('incident_id', 'text')
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('monitor_id', 'text')
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_until', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('deliveries_pending')
    .on('deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('deliveries_by_key')
    .on('deliveries')
    .columns(['integration_id', 'dedup_key', 'seq'])
    .execute();

  await db.schema
    .createTable('maintenance_windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('monitor_id', 'text')
    .addColumn('starts_at', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('cron', 'text')
    .addColumn('timezone', 'text')
    .addColumn('duration_minutes', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
}
