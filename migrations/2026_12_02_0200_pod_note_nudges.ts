import { sql, type Kysely } from 'kysely';

// Pod notes go through the respect policy too (issue 9): the pod's intro, a member's outcome of
// the invite deadline (moved, new pod, unplaced) and "a member left" are nudge kinds of their own.
// Frozen in time: never import app code here.

const BEFORE = `'invite', 'invite_reminder', 'prompt', 'reminder', 'check_in', 'check_in_followup',
  'turn_handover', 'attention', 'retro', 'retro_reminder', 'lead_nudge', 'digest', 'reply'`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
    ALTER TABLE nudge DROP CONSTRAINT nudge_kind_check;
    ALTER TABLE nudge ADD CONSTRAINT nudge_kind_check CHECK (kind IN (${BEFORE}, 'pod_intro', 'pod_outcome', 'member_left'));
  `).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`
    DELETE FROM nudge WHERE kind IN ('pod_intro', 'pod_outcome', 'member_left');
    ALTER TABLE nudge DROP CONSTRAINT nudge_kind_check;
    ALTER TABLE nudge ADD CONSTRAINT nudge_kind_check CHECK (kind IN (${BEFORE}));
  `).execute(db);
}
