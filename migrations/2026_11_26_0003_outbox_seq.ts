import { sql, type Kysely } from 'kysely';

// Outbox rows get a commit-ordered sequence number, so several in-place updates of one message
// can be delivered in any order and the newest still wins (an older one finds a newer one sent
// and is skipped). The index finds the updates of one message.
// Frozen in time: never import app code here.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE outbox ADD COLUMN seq bigserial NOT NULL;
    CREATE INDEX outbox_update_target_idx ON outbox ((payload->>'messageKey'), seq) WHERE kind = 'slack.update';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS outbox_update_target_idx;
    ALTER TABLE outbox DROP COLUMN seq;
  `.execute(db);
}
