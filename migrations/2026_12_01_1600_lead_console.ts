import { sql, type Kysely } from 'kysely';

// The lead console (issue 13):
// - wave_addition: a lead's "Add teams" to a wave in flight, stored before Slack is acknowledged;
//   the job that matches and invites the added people is only a messenger (the reconciler
//   re-enqueues an addition not done yet).
// - wave.preview_metrics: the matcher's figures and bounds at the preview, so a draft reopened
//   from the home tab (or edited) shows them without matching again.
// Frozen in time: never import app code here.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE wave_addition (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      wave_id uuid NOT NULL REFERENCES wave(id) ON DELETE CASCADE,
      team_ids uuid[] NOT NULL CHECK (cardinality(team_ids) > 0),
      requested_by uuid REFERENCES person(id) ON DELETE SET NULL,
      requested_by_slack text NOT NULL,
      requested_at timestamptz NOT NULL,
      done_at timestamptz,
      result jsonb
    );
    CREATE INDEX wave_addition_open_idx ON wave_addition (requested_at) WHERE done_at IS NULL;
    ALTER TABLE wave ADD COLUMN preview_metrics jsonb;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE wave_addition; ALTER TABLE wave DROP COLUMN preview_metrics;`.execute(db);
}
