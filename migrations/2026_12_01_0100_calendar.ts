import { sql, type Kysely } from 'kysely';

// What sessions and calendar booking need. Frozen in time: never import app code here.
// - programme: preferred days/times for slot finding, and the calendar organiser (the
//   domain-wide-delegation subject whose calendar holds the pods' events; null = deployment default).
// - pod: its weekly slot (known before anyone says yes), the zone its series recurs in, where
//   its calendar booking stands, and notes for people (e.g. calendars that could not be read).
// - calendar_series: one recurring event per pod round, plus one more per reschedule (a split:
//   the old series ends with UNTIL, a new one starts). Event ids are deterministic (pod + part),
//   so a retried insert can never book twice.
// - pod_session: which series and instance each occurrence is, whether it was moved off the
//   rule (an exception that keeps it inside everyone's hours), and free/busy clashes.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE programme
      ADD COLUMN preferred_days int[] NOT NULL DEFAULT '{}' CHECK (preferred_days <@ '{1,2,3,4,5,6,7}'::int[]),
      ADD COLUMN preferred_start_minute int CHECK (preferred_start_minute BETWEEN 0 AND 1439),
      ADD COLUMN preferred_end_minute int CHECK (preferred_end_minute BETWEEN 1 AND 1440),
      ADD COLUMN calendar_organizer text CHECK (calendar_organizer = lower(calendar_organizer) AND calendar_organizer LIKE '%_@_%'),
      ADD CHECK (preferred_start_minute IS NULL OR preferred_end_minute IS NULL OR preferred_start_minute < preferred_end_minute);

    ALTER TABLE pod
      ADD COLUMN slot jsonb,
      ADD COLUMN recurrence_zone text,
      ADD COLUMN calendar_state text NOT NULL DEFAULT 'none'
        CHECK (calendar_state IN ('none', 'pending', 'booked', 'failed', 'ended', 'off')),
      ADD COLUMN calendar_notes jsonb NOT NULL DEFAULT '[]'::jsonb,
      ADD COLUMN meet_url text,
      ADD CHECK ((slot IS NULL) = (recurrence_zone IS NULL));

    CREATE TABLE calendar_series (
      event_id text PRIMARY KEY CHECK (event_id ~ '^[a-v0-9]+$' AND length(event_id) BETWEEN 5 AND 1024),
      pod_id uuid NOT NULL REFERENCES pod (id) ON DELETE CASCADE,
      part int NOT NULL CHECK (part >= 0),
      organizer text NOT NULL,
      zone text NOT NULL,
      from_index int NOT NULL CHECK (from_index >= 0),
      count int NOT NULL CHECK (count >= 1),
      starts_at timestamptz NOT NULL,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'booked', 'ended', 'failed')),
      until_at timestamptz,
      meet_url text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (pod_id, part),
      CHECK ((state = 'ended') = (until_at IS NOT NULL))
    );

    ALTER TABLE pod_session
      ADD COLUMN calendar_event_id text REFERENCES calendar_series (event_id) ON DELETE SET NULL,
      ADD COLUMN calendar_instance_id text,
      ADD COLUMN moved boolean NOT NULL DEFAULT false,
      ADD COLUMN conflicts int NOT NULL DEFAULT 0 CHECK (conflicts >= 0),
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
      ADD CHECK ((calendar_instance_id IS NULL) OR (calendar_event_id IS NOT NULL));
    CREATE INDEX pod_session_due_idx ON pod_session (starts_at) WHERE status = 'scheduled';
    CREATE INDEX pod_session_facilitator_idx ON pod_session (facilitator_id);
    CREATE INDEX calendar_series_state_idx ON calendar_series (state, pod_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS pod_session_due_idx;
    DROP INDEX IF EXISTS pod_session_facilitator_idx;
    ALTER TABLE pod_session DROP COLUMN calendar_event_id, DROP COLUMN calendar_instance_id, DROP COLUMN moved,
      DROP COLUMN conflicts, DROP COLUMN updated_at;
    DROP TABLE calendar_series;
    ALTER TABLE pod DROP COLUMN slot, DROP COLUMN recurrence_zone, DROP COLUMN calendar_state, DROP COLUMN calendar_notes, DROP COLUMN meet_url;
    ALTER TABLE programme DROP COLUMN preferred_days, DROP COLUMN preferred_start_minute, DROP COLUMN preferred_end_minute,
      DROP COLUMN calendar_organizer;
  `.execute(db);
}
