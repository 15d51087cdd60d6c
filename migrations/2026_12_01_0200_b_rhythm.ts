import { sql, type Kysely } from 'kysely';

// The weekly beat of a pod round. Frozen in time: never import app code here.
// - session_checkin: what the pod said about each session (met, skipped, moved, or unknown after
//   a check-in and one follow-up went unanswered), when it was asked and followed up, turn swaps,
//   and a version bumped when the session moves (its prompts/reminders then get fresh keys).
//   pod_session.status follows: met → held, skipped → skipped; unknown keeps 'scheduled'.
// - nudge.channel: the group DM a group nudge's people already share (the pod's), used while
//   none of them is left out.
// - pod_attention: a pod whose two latest sessions were skipped or unknown, shown to its leads
//   until resolved (the pod met again).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE nudge ADD COLUMN channel text;

    CREATE TABLE session_checkin (
      session_id uuid PRIMARY KEY REFERENCES pod_session (id) ON DELETE CASCADE,
      version int NOT NULL DEFAULT 0 CHECK (version >= 0),
      outcome text CHECK (outcome IN ('met', 'skipped', 'moved', 'unknown')),
      answered_by uuid REFERENCES person (id) ON DELETE SET NULL,
      answered_at timestamptz,
      asked_at timestamptz,
      followed_up_at timestamptz,
      moved_from timestamptz,
      swaps int NOT NULL DEFAULT 0 CHECK (swaps >= 0),
      swapped_from uuid REFERENCES person (id) ON DELETE SET NULL,
      CHECK (outcome NOT IN ('met', 'skipped') OR answered_at IS NOT NULL),
      CHECK (followed_up_at IS NULL OR asked_at IS NOT NULL)
    );
    CREATE INDEX session_checkin_open_idx ON session_checkin (asked_at) WHERE outcome IS NULL;

    CREATE TABLE pod_attention (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      pod_id uuid NOT NULL REFERENCES pod (id) ON DELETE CASCADE,
      session_id uuid NOT NULL REFERENCES pod_session (id) ON DELETE CASCADE,
      reason text NOT NULL,
      raised_at timestamptz NOT NULL,
      resolved_at timestamptz,
      UNIQUE (pod_id, session_id)
    );
    CREATE INDEX pod_attention_open_idx ON pod_attention (pod_id) WHERE resolved_at IS NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE pod_attention, session_checkin; ALTER TABLE nudge DROP COLUMN channel;`.execute(db);
}
