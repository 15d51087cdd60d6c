import { sql, type Kysely } from 'kysely';

// An outbox row remembers for good that a send may have reached the API without us learning
// the answer (a timeout, a dropped connection, a crash mid-call). `attempts` can then be reset
// by `peerpods outbox retry` without the next try forgetting to look for what was already posted.
// Rows attempted before this migration are treated as uncertain.
// Frozen in time: never import app code here.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE outbox ADD COLUMN uncertain boolean NOT NULL DEFAULT false;
    UPDATE outbox SET uncertain = true WHERE attempts > 0;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE outbox DROP COLUMN uncertain`.execute(db);
}
