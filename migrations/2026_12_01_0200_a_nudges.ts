import { sql, type Kysely } from 'kysely';

// The nudge ledger: every nudge asked for, to whom, when it was planned, when the respect policy
// let it go (or why it was dropped). One row per nudge and one per recipient, so the weekly cap
// counts per person. Held nudges wait here, not in the outbox: the reconcile tick releases them
// once due, after checking the policy again (a person may have paused meanwhile).
// Frozen in time: never import app code here.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE programme ADD COLUMN nudge_weekly_cap int NOT NULL DEFAULT 3 CHECK (nudge_weekly_cap BETWEEN 1 AND 14);

    CREATE TABLE nudge (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      key text NOT NULL UNIQUE CHECK (length(key) BETWEEN 1 AND 200),
      kind text NOT NULL CHECK (kind IN ('invite', 'invite_reminder', 'prompt', 'reminder', 'check_in', 'check_in_followup',
        'turn_handover', 'attention', 'retro', 'retro_reminder', 'lead_nudge', 'digest', 'reply')),
      programme_id uuid REFERENCES programme (id) ON DELETE SET NULL,
      pod_id uuid REFERENCES pod (id) ON DELETE CASCADE,
      group_message boolean NOT NULL,
      message jsonb NOT NULL,
      planned_at timestamptz NOT NULL,
      stale_at timestamptz,
      send_at timestamptz,
      state text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'sent', 'dropped')),
      reason text,
      created_at timestamptz NOT NULL,
      decided_at timestamptz NOT NULL,
      CHECK ((state = 'dropped') = (send_at IS NULL)),
      CHECK (state <> 'dropped' OR reason IS NOT NULL)
    );
    CREATE INDEX nudge_due_idx ON nudge (send_at) WHERE state = 'planned';
    CREATE INDEX nudge_pod_idx ON nudge (pod_id) WHERE pod_id IS NOT NULL;

    CREATE TABLE nudge_recipient (
      nudge_id uuid NOT NULL REFERENCES nudge (id) ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
      counts boolean NOT NULL,
      state text NOT NULL CHECK (state IN ('planned', 'sent', 'dropped')),
      reason text,
      send_at timestamptz,
      PRIMARY KEY (nudge_id, person_id),
      CHECK (state <> 'dropped' OR reason IS NOT NULL)
    );
    CREATE INDEX nudge_recipient_cap_idx ON nudge_recipient (person_id, send_at) WHERE counts AND state <> 'dropped';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE nudge_recipient, nudge;
    ALTER TABLE programme DROP COLUMN nudge_weekly_cap;
  `.execute(db);
}
