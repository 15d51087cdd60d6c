import { sql, type Kysely } from 'kysely';

// HR reports. Signed report links are bound to the first browser that opens them, so a link
// forwarded after use is refused; the browser secret is stored hashed. The indexes serve the
// report's per-person reads over the whole organisation (see `npm run bench -- reports`).
// Frozen in time: never import app code here.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE report_link (
      nonce text PRIMARY KEY CHECK (nonce ~ '^[0-9a-f]{32}$'),
      person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
      expires_at timestamptz NOT NULL,
      browser_hash text NOT NULL CHECK (browser_hash ~ '^[0-9a-f]{64}$'),
      first_opened_at timestamptz NOT NULL,
      last_opened_at timestamptz NOT NULL
    );
    CREATE INDEX report_link_expiry_idx ON report_link (expires_at);
    CREATE INDEX pod_member_person_idx ON pod_member (person_id) INCLUDE (pod_id, left_at, joined_at);
    CREATE INDEX invite_person_wave_idx ON invite (person_id, wave_id) INCLUDE (status);
    CREATE INDEX pod_session_held_idx ON pod_session (pod_id) INCLUDE (starts_at) WHERE status = 'held';
    CREATE INDEX retro_response_person_idx ON retro_response (person_id) INCLUDE (pod_id, rating);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS retro_response_person_idx;
    DROP INDEX IF EXISTS pod_session_held_idx;
    DROP INDEX IF EXISTS invite_person_wave_idx;
    DROP INDEX IF EXISTS pod_member_person_idx;
    DROP TABLE IF EXISTS report_link;
  `.execute(db);
}
