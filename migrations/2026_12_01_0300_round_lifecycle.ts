import { sql, type Kysely } from 'kysely';

// The end of a pod round: retro, continue-or-close, and waves that finish.
// src/pods/lifecycle.ts documents the states and transitions; this migration makes the database
// refuse anything else: a trigger rejects a pod or wave status change that is not an edge of the
// lifecycle, and CHECKs tie states to the columns they need (a retro has an opening time; only an
// ended round has an end time and reason, and 'continued' is the reason of exactly the continued).
// Frozen in time: never import app code here.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE pod
      ADD COLUMN started_at timestamptz,
      ADD COLUMN retro_opened_at timestamptz,
      ADD COLUMN retro_reminded_at timestamptz,
      ADD COLUMN ended_at timestamptz,
      ADD COLUMN end_reason text CHECK (end_reason IN (
        'continued', 'decided_to_close', 'too_few_to_continue', 'no_retro_answers', 'below_two_members', 'closed_early')),
      -- Per-round changes the pod chose at its retro (e.g. {"cadenceWeeks": 2}); empty = the wave's settings.
      ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'::jsonb,
      -- The Monday a later round starts; round 1 starts in its wave's start week.
      ADD COLUMN round_start_week date CHECK (round_start_week IS NULL OR extract(isodow FROM round_start_week) = 1),
      -- Rows may be written at any state (imports, fixtures), so these tie a state to its columns
      -- only where a missing column would break the lifecycle; the trigger below guards changes.
      ADD CONSTRAINT pod_retro_opened CHECK (status <> 'retro' OR retro_opened_at IS NOT NULL),
      ADD CONSTRAINT pod_ended CHECK (ended_at IS NULL OR status IN ('continued', 'closed')),
      ADD CONSTRAINT pod_end_reason CHECK (end_reason IS NULL OR (ended_at IS NOT NULL AND (status = 'continued') = (end_reason = 'continued')));
    -- One next round per round.
    CREATE UNIQUE INDEX pod_one_next_round ON pod (previous_pod_id) WHERE previous_pod_id IS NOT NULL;
    CREATE INDEX pod_live_idx ON pod (status) WHERE status IN ('confirmed', 'scheduled', 'running', 'retro');

    ALTER TABLE wave
      ADD COLUMN ended_at timestamptz,
      ADD CONSTRAINT wave_done_ended CHECK (ended_at IS NULL OR status = 'done');

    ALTER TABLE retro_response
      ADD COLUMN recommend boolean,
      ADD COLUMN cadence_next text CHECK (cadence_next IN ('same', 'weekly', 'fortnightly')),
      -- The wave whose invitations first offered a place to someone who wanted to continue a closed pod.
      ADD COLUMN offered_wave_id uuid REFERENCES wave (id) ON DELETE SET NULL,
      ADD CONSTRAINT retro_facilitation_next CHECK (facilitation_next IS NULL OR facilitation_next IN ('rotate', 'volunteer', 'pass')),
      ADD CONSTRAINT retro_celebrate_len CHECK (length(celebrate) <= 3000),
      ADD CONSTRAINT retro_change_len CHECK (length(change) <= 3000);

    CREATE FUNCTION pod_status_transition() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status = OLD.status THEN RETURN NEW; END IF;
      IF NOT ((OLD.status, NEW.status) IN (
        ('proposed', 'inviting'), ('proposed', 'dissolved'),
        ('inviting', 'confirmed'), ('inviting', 'dissolved'),
        ('confirmed', 'scheduled'), ('confirmed', 'running'), ('confirmed', 'retro'), ('confirmed', 'closed'), ('confirmed', 'dissolved'),
        ('scheduled', 'running'), ('scheduled', 'retro'), ('scheduled', 'closed'), ('scheduled', 'dissolved'),
        ('running', 'retro'), ('running', 'closed'),
        ('retro', 'continued'), ('retro', 'closed')
      )) THEN
        RAISE EXCEPTION 'pod lifecycle: % -> % is not a transition', OLD.status, NEW.status USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER pod_status_transition BEFORE UPDATE OF status ON pod
      FOR EACH ROW EXECUTE FUNCTION pod_status_transition();

    CREATE FUNCTION wave_status_transition() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status = OLD.status THEN RETURN NEW; END IF;
      IF NOT ((OLD.status, NEW.status) IN (
        ('draft', 'inviting'), ('draft', 'cancelled'), ('inviting', 'forming'), ('inviting', 'cancelled'),
        ('forming', 'running'), ('forming', 'done'), ('running', 'retro'), ('running', 'done'), ('retro', 'done')
      )) THEN
        RAISE EXCEPTION 'wave lifecycle: % -> % is not a transition', OLD.status, NEW.status USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER wave_status_transition BEFORE UPDATE OF status ON wave
      FOR EACH ROW EXECUTE FUNCTION wave_status_transition();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER wave_status_transition ON wave;
    DROP FUNCTION wave_status_transition();
    DROP TRIGGER pod_status_transition ON pod;
    DROP FUNCTION pod_status_transition();
    ALTER TABLE retro_response
      DROP CONSTRAINT retro_facilitation_next, DROP CONSTRAINT retro_celebrate_len, DROP CONSTRAINT retro_change_len,
      DROP COLUMN recommend, DROP COLUMN cadence_next, DROP COLUMN offered_wave_id;
    ALTER TABLE wave DROP CONSTRAINT wave_done_ended, DROP COLUMN ended_at;
    DROP INDEX pod_live_idx;
    DROP INDEX pod_one_next_round;
    ALTER TABLE pod
      DROP CONSTRAINT pod_retro_opened, DROP CONSTRAINT pod_ended, DROP CONSTRAINT pod_end_reason,
      DROP COLUMN started_at, DROP COLUMN retro_opened_at, DROP COLUMN retro_reminded_at, DROP COLUMN ended_at,
      DROP COLUMN end_reason, DROP COLUMN settings, DROP COLUMN round_start_week;
  `.execute(db);
}
