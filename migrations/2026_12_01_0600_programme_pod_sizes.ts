import { sql, type Kysely } from 'kysely';

// How a programme splits its pool into pods: 'larger' = as few pods as possible (mostly the
// largest size; a pod of 5 survives one decline), 'smaller' = as many as possible (more airtime
// each). A programme setting, so the choice is the lead's and not an accident of the objective.
// Frozen in time: never import app code here.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE programme ADD COLUMN pod_sizes text NOT NULL DEFAULT 'larger'
      CONSTRAINT programme_pod_sizes_check CHECK (pod_sizes IN ('larger', 'smaller'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE programme DROP COLUMN pod_sizes;`.execute(db);
}
