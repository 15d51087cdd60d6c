import { sql, type Kysely } from 'kysely';

// One weekly HR digest per ISO week: the row is claimed before the upload and marked sent after,
// so a re-run (crash, retry, a Redis flush re-adding the job) never posts the week twice.
// Frozen in time: never import app code here.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE hr_digest (
      week text PRIMARY KEY CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
      channel_id text NOT NULL,
      state text NOT NULL DEFAULT 'claimed' CHECK (state IN ('claimed', 'sent')),
      attempts int NOT NULL DEFAULT 0,
      file_id text,
      claimed_at timestamptz NOT NULL,
      sent_at timestamptz,
      CHECK ((state = 'sent') = (sent_at IS NOT NULL))
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS hr_digest;`.execute(db);
}
