import { sql, type Kysely } from 'kysely';

// The whole domain model of DESIGN.md §3. Frozen in time: never import app code here.
// Constraints make bad states unrepresentable: statuses are CHECKed, sizes bounded, a person
// holds at most one live invite per wave, pairs are stored once (a < b), side-effect keys unique.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE team (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(trim(name)) > 0),
      source text NOT NULL CHECK (source IN ('department', 'org_unit', 'usergroup', 'csv')),
      external_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (source, name)
    );

    CREATE TABLE person (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '%_@_%'),
      slack_user_id text UNIQUE,
      name text NOT NULL,
      timezone text NOT NULL DEFAULT 'UTC',
      team_id uuid REFERENCES team (id) ON DELETE SET NULL,
      department text,
      org_unit text,
      manager_email text CHECK (manager_email IS NULL OR manager_email = lower(manager_email)),
      location text,
      title text,
      is_guest boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'left')),
      paused_until timestamptz,
      left_reason text CHECK (left_reason IN ('opted_out', 'departed')),
      enrolled boolean NOT NULL DEFAULT true,
      in_slack boolean NOT NULL DEFAULT false,
      in_directory boolean NOT NULL DEFAULT false,
      in_csv boolean NOT NULL DEFAULT false,
      last_synced_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'paused') = (paused_until IS NOT NULL)),
      CHECK ((status = 'left') = (left_reason IS NOT NULL)),
      CHECK (manager_email IS DISTINCT FROM email)
    );
    CREATE INDEX person_team_idx ON person (team_id) WHERE status = 'active';
    CREATE INDEX person_manager_idx ON person (manager_email);

    CREATE TABLE person_role (
      person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('lead', 'hr', 'admin')),
      granted_by uuid REFERENCES person (id) ON DELETE SET NULL,
      granted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (person_id, role)
    );

    CREATE TABLE roster_sync (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source text NOT NULL CHECK (source IN ('slack_directory', 'csv')),
      started_at timestamptz NOT NULL,
      finished_at timestamptz,
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
      stats jsonb NOT NULL DEFAULT '{}'::jsonb,
      error text
    );

    CREATE TABLE programme (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
      min_size int NOT NULL DEFAULT 4,
      max_size int NOT NULL DEFAULT 5,
      allowed_sizes int[] NOT NULL DEFAULT '{}',
      cadence_weeks int NOT NULL DEFAULT 1 CHECK (cadence_weeks BETWEEN 1 AND 4),
      session_count int NOT NULL DEFAULT 6 CHECK (session_count BETWEEN 1 AND 52),
      session_minutes int NOT NULL DEFAULT 60 CHECK (session_minutes BETWEEN 15 AND 240),
      work_start_minute int NOT NULL DEFAULT 540 CHECK (work_start_minute BETWEEN 0 AND 1439),
      work_end_minute int NOT NULL DEFAULT 1020 CHECK (work_end_minute BETWEEN 1 AND 1440),
      work_days int[] NOT NULL DEFAULT '{1,2,3,4,5}' CHECK (work_days <@ '{1,2,3,4,5,6,7}'::int[] AND cardinality(work_days) > 0),
      facilitation_guide text NOT NULL DEFAULT '',
      retro_questions jsonb NOT NULL DEFAULT '[]'::jsonb,
      weights jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_by uuid REFERENCES person (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      CHECK (min_size >= 2 AND min_size <= max_size AND max_size <= 8),
      CHECK (allowed_sizes <@ '{2,3,4,5,6,7,8}'::int[]),
      CHECK (work_end_minute - work_start_minute >= session_minutes)
    );

    CREATE TABLE wave (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      programme_id uuid NOT NULL REFERENCES programme (id),
      name text NOT NULL,
      status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'inviting', 'forming', 'running', 'retro', 'done', 'cancelled')),
      start_week date NOT NULL CHECK (extract(isodow FROM start_week) = 1),
      invite_deadline timestamptz NOT NULL,
      settings jsonb NOT NULL DEFAULT '{}'::jsonb,
      seed int NOT NULL DEFAULT 1,
      created_by uuid REFERENCES person (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      launched_at timestamptz,
      cancelled_at timestamptz,
      CHECK (invite_deadline < start_week::timestamptz + interval '7 days'),
      CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
    );

    CREATE TABLE wave_team (
      wave_id uuid NOT NULL REFERENCES wave (id) ON DELETE CASCADE,
      team_id uuid NOT NULL REFERENCES team (id),
      PRIMARY KEY (wave_id, team_id)
    );

    -- Everyone considered by a wave, and why anyone was not placed: nobody is dropped silently.
    CREATE TABLE wave_member (
      wave_id uuid NOT NULL REFERENCES wave (id) ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES person (id),
      state text NOT NULL CHECK (state IN ('placed', 'unplaced', 'withdrawn')),
      reason text,
      suggestion text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (wave_id, person_id),
      CHECK (state <> 'unplaced' OR reason IS NOT NULL)
    );

    CREATE TABLE pod (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      wave_id uuid NOT NULL REFERENCES wave (id) ON DELETE CASCADE,
      round int NOT NULL DEFAULT 1 CHECK (round >= 1),
      previous_pod_id uuid REFERENCES pod (id),
      name text NOT NULL,
      status text NOT NULL DEFAULT 'proposed' CHECK (status IN (
        'proposed', 'inviting', 'confirmed', 'scheduled', 'running', 'retro', 'continued', 'closed', 'dissolved')),
      min_size int NOT NULL CHECK (min_size >= 2),
      max_size int NOT NULL CHECK (max_size <= 8 AND max_size >= min_size),
      score double precision,
      breakdown jsonb NOT NULL DEFAULT '{}'::jsonb,
      window_start_minute int CHECK (window_start_minute BETWEEN 0 AND 10079),
      slack_channel_id text,
      calendar_event_id text UNIQUE,
      confirmed_at timestamptz,
      dissolved_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (id, wave_id),
      CHECK ((round = 1) = (previous_pod_id IS NULL)),
      CHECK (status <> 'dissolved' OR dissolved_reason IS NOT NULL)
    );
    CREATE INDEX pod_wave_idx ON pod (wave_id, status);

    CREATE TABLE invite (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      pod_id uuid NOT NULL,
      wave_id uuid NOT NULL,
      person_id uuid NOT NULL REFERENCES person (id),
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
      decline_kind text CHECK (decline_kind IN ('decline', 'not_this_time')),
      decline_reason text,
      answered_at timestamptz,
      reminded_at timestamptz,
      slack_channel_id text,
      slack_ts text,
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (pod_id, wave_id) REFERENCES pod (id, wave_id) ON DELETE CASCADE,
      UNIQUE (pod_id, person_id),
      CHECK ((status = 'declined') = (decline_kind IS NOT NULL)),
      CHECK ((status = 'pending') = (answered_at IS NULL) OR status IN ('expired', 'withdrawn'))
    );
    -- One live invite per person per wave: a person is in at most one pod of a wave.
    CREATE UNIQUE INDEX invite_one_live_per_wave ON invite (wave_id, person_id)
      WHERE status IN ('pending', 'accepted');
    CREATE INDEX invite_pending_idx ON invite (status, created_at) WHERE status = 'pending';

    -- Confirmed membership of a pod round; facilitation rotates in seat order.
    CREATE TABLE pod_member (
      pod_id uuid NOT NULL REFERENCES pod (id) ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES person (id),
      seat int NOT NULL CHECK (seat >= 0 AND seat < 8),
      joined_at timestamptz NOT NULL DEFAULT now(),
      left_at timestamptz,
      PRIMARY KEY (pod_id, person_id),
      UNIQUE (pod_id, seat)
    );

    CREATE TABLE pod_session (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      pod_id uuid NOT NULL REFERENCES pod (id) ON DELETE CASCADE,
      index int NOT NULL CHECK (index >= 0),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      facilitator_id uuid REFERENCES person (id),
      status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'skipped', 'cancelled')),
      UNIQUE (pod_id, index),
      CHECK (ends_at > starts_at)
    );

    CREATE TABLE attendance (
      session_id uuid NOT NULL REFERENCES pod_session (id) ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES person (id),
      status text NOT NULL CHECK (status IN ('attended', 'skipped', 'absent')),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (session_id, person_id)
    );

    CREATE TABLE retro_response (
      pod_id uuid NOT NULL REFERENCES pod (id) ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
      wants_to_continue text NOT NULL CHECK (wants_to_continue IN ('continue', 'close', 'unsure')),
      rating int CHECK (rating BETWEEN 1 AND 5),
      celebrate text,
      change text,
      facilitation_next text,
      share_with_leads boolean NOT NULL DEFAULT false,
      submitted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (pod_id, person_id)
    );

    -- Who has been in a pod with whom (drives "not the same people"). Each pair once per pod, a < b.
    CREATE TABLE pairing (
      person_a uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
      person_b uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
      pod_id uuid REFERENCES pod (id) ON DELETE SET NULL,
      met_on date NOT NULL,
      CHECK (person_a < person_b),
      UNIQUE (person_a, person_b, met_on)
    );
    CREATE INDEX pairing_b_idx ON pairing (person_b);

    CREATE TABLE excluded_pair (
      person_a uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
      person_b uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
      reason text,
      created_by uuid REFERENCES person (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (person_a, person_b),
      CHECK (person_a < person_b)
    );

    -- Every message or calendar write that must happen, written in the same transaction as the
    -- state change that calls for it. Delivery jobs carry only the id.
    CREATE TABLE outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      idempotency_key text NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 255),
      kind text NOT NULL,
      payload jsonb NOT NULL,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed', 'cancelled')),
      attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      not_before timestamptz NOT NULL DEFAULT now(),
      last_error text,
      result jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      CHECK ((state = 'sent') = (sent_at IS NOT NULL))
    );
    CREATE INDEX outbox_pending_idx ON outbox (not_before) WHERE state = 'pending';

    CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid REFERENCES person (id) ON DELETE SET NULL,
      actor_slack_id text,
      action text NOT NULL,
      allowed boolean NOT NULL,
      subject jsonb NOT NULL DEFAULT '{}'::jsonb,
      detail text
    );
    CREATE INDEX audit_log_at_idx ON audit_log (at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE audit_log, outbox, excluded_pair, pairing, retro_response, attendance, pod_session,
      pod_member, invite, pod, wave_member, wave_team, wave, programme, roster_sync, person_role,
      person, team;
  `.execute(db);
}
