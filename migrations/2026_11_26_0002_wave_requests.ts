import { sql, type Kysely } from 'kysely';

// A lead's "Preview" and "Launch" are recorded on the wave before Slack is acknowledged, so the
// reconcile tick can re-enqueue them when the job was lost (a crash after ack, a Redis flush).
// Frozen in time: never import app code here.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE wave
      ADD COLUMN preview_requested_at timestamptz,
      ADD COLUMN preview_view_id text,
      ADD COLUMN preview_requested_by_slack text,
      ADD COLUMN preview_answered_at timestamptz,
      ADD COLUMN launch_requested_at timestamptz,
      ADD COLUMN launch_requested_by uuid REFERENCES person (id) ON DELETE SET NULL,
      ADD COLUMN launch_requested_by_slack text;
    CREATE INDEX wave_requests_idx ON wave (status) WHERE status = 'draft';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS wave_requests_idx;
    ALTER TABLE wave
      DROP COLUMN preview_requested_at,
      DROP COLUMN preview_view_id,
      DROP COLUMN preview_requested_by_slack,
      DROP COLUMN preview_answered_at,
      DROP COLUMN launch_requested_at,
      DROP COLUMN launch_requested_by,
      DROP COLUMN launch_requested_by_slack;
  `.execute(db);
}
