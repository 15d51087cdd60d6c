import { sql, type Kysely } from 'kysely';

// Rescheduling a pod from its group DM (issue 8). Frozen in time: never import app code here.
// - pod.reschedules: how many times the pod's remaining sessions were moved this round. Each
//   move is one split of its calendar series (part = reschedules); an offer made before the
//   last move is stale, so a double click or a second member's late choice changes nothing.
// - reschedule_offer: a member asked for a new time ('requested'); the app found up to three
//   slots and posted them as buttons ('offered'); one was chosen ('chosen'). Buttons carry the
//   offer id and an option number, never a time: the server only ever applies what it offered.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE pod ADD COLUMN reschedules int NOT NULL DEFAULT 0 CHECK (reschedules >= 0);

    CREATE TABLE reschedule_offer (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      pod_id uuid NOT NULL REFERENCES pod (id) ON DELETE CASCADE,
      base int NOT NULL CHECK (base >= 0),
      requested_by uuid REFERENCES person (id) ON DELETE SET NULL,
      state text NOT NULL DEFAULT 'requested' CHECK (state IN ('requested', 'offered', 'chosen')),
      from_index int CHECK (from_index >= 0),
      options jsonb NOT NULL DEFAULT '[]'::jsonb,
      chosen int,
      chosen_by uuid REFERENCES person (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL,
      offered_at timestamptz,
      chosen_at timestamptz,
      CHECK ((state = 'chosen') = (chosen IS NOT NULL AND chosen_at IS NOT NULL)),
      CHECK (state = 'requested' OR from_index IS NOT NULL)
    );
    CREATE INDEX reschedule_offer_pod_idx ON reschedule_offer (pod_id, created_at);
    CREATE INDEX reschedule_offer_requested_idx ON reschedule_offer (created_at) WHERE state = 'requested';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE reschedule_offer;
    ALTER TABLE pod DROP COLUMN reschedules;
  `.execute(db);
}
