import { sql, type Kysely } from 'kysely';

// HR report rollups, kept by the database. The HR report groups people by team, roster status
// and what happened to them in each wave (src/reports/hr-report.repository.ts); computing that
// from invite, pod_member, pod_session, attendance and retro_response for 50,000 people took
// seconds per build. Instead:
// - statement-level triggers on every table those depend on only note WHO changed
//   (report_dirty, append-only, no lock taken): a write pays one small insert, and two writers
//   never wait on each other or deadlock over the rollup, whatever order they touch people in;
// - report_compact(), run before each report build, one compactor at a time (advisory lock),
//   recomputes the noted people's contribution from committed data (report_person_cell, and
//   report_person_met for the other teams they shared a pod with), appends the differences to
//   report_cell_delta / report_pair_delta and folds those into report_cell / report_pair, so a
//   build reads a few thousand group rows.
// Why this is exact under concurrency: a person's rows are only ever rewritten by the single
// compactor, from the newest committed state; a transaction that commits after the compactor
// took the notes leaves its own notes behind, so its people are recomputed by the next run.
// A TRUNCATE of a source table rebuilds everything.
// Frozen in time: never import app code here.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE report_person_cell (
      person_id uuid NOT NULL,
      wave_id text NOT NULL, -- '' when the person was in no wave
      team_id text NOT NULL, -- 'none' without a team
      on_roster boolean NOT NULL,
      profile text NOT NULL, -- wave=outcome,… (see src/core/reports/people-groups.ts)
      expected int NOT NULL, attended int NOT NULL, rating_sum int NOT NULL, rating_count int NOT NULL,
      PRIMARY KEY (person_id, wave_id)
    );
    CREATE TABLE report_cell (
      team_id text NOT NULL, on_roster boolean NOT NULL, profile text NOT NULL, wave_id text NOT NULL,
      people int NOT NULL, expected int NOT NULL, attended int NOT NULL, rating_sum int NOT NULL, rating_count int NOT NULL,
      PRIMARY KEY (team_id, on_roster, profile, wave_id)
    );
    CREATE TABLE report_cell_delta (
      id bigserial PRIMARY KEY,
      team_id text NOT NULL, on_roster boolean NOT NULL, profile text NOT NULL, wave_id text NOT NULL,
      people int NOT NULL, expected int NOT NULL, attended int NOT NULL, rating_sum int NOT NULL, rating_count int NOT NULL
    );
    CREATE TABLE report_person_met (
      person_id uuid NOT NULL, own text NOT NULL, other text NOT NULL,
      PRIMARY KEY (person_id, other)
    );
    CREATE TABLE report_pair (team_a text NOT NULL, team_b text NOT NULL, people int NOT NULL, PRIMARY KEY (team_a, team_b));
    CREATE TABLE report_pair_delta (id bigserial PRIMARY KEY, team_a text NOT NULL, team_b text NOT NULL, people int NOT NULL);

    -- Who changed since the last compaction (connections: their shared-pod teams changed too).
    CREATE TABLE report_dirty (person_id uuid NOT NULL, connections boolean NOT NULL);
    CREATE FUNCTION report_mark(cells uuid[], met uuid[]) RETURNS void LANGUAGE sql AS $$
      INSERT INTO report_dirty (person_id, connections)
      SELECT DISTINCT id, false FROM unnest(cells) id WHERE id IS NOT NULL
      UNION ALL
      SELECT DISTINCT id, true FROM unnest(met) id WHERE id IS NOT NULL;
    $$;

    CREATE FUNCTION report_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
      -- Take out their old contribution, then add the new one (two deltas; compaction nets them).
      WITH old AS (DELETE FROM report_person_cell WHERE person_id = ANY (ids) RETURNING *)
      INSERT INTO report_cell_delta (team_id, on_roster, profile, wave_id, people, expected, attended, rating_sum, rating_count)
      SELECT team_id, on_roster, profile, wave_id, -count(*), -sum(expected), -sum(attended), -sum(rating_sum), -sum(rating_count)
      FROM old GROUP BY 1, 2, 3, 4;

      WITH who AS (SELECT DISTINCT unnest(ids) AS person_id),
      live_pod AS NOT MATERIALIZED (
        SELECT id, wave_id, round, status FROM pod WHERE status NOT IN ('proposed', 'inviting', 'dissolved')
      ),
      invited AS (
        SELECT i.person_id, i.wave_id,
          bool_or(i.status = 'accepted') AS accepted,
          bool_or(i.status IN ('pending', 'expired')) AS silent,
          bool_or(i.status = 'declined') AS declined
        FROM invite i JOIN who USING (person_id) GROUP BY i.person_id, i.wave_id
      ),
      -- The first-round pod a person was in, per wave: its status says ongoing, continued or closed.
      member AS (
        SELECT DISTINCT ON (m.person_id, p.wave_id) m.person_id, p.wave_id, p.status
        FROM pod_member m JOIN who USING (person_id) JOIN live_pod p ON p.id = m.pod_id AND p.round = 1
        ORDER BY m.person_id, p.wave_id, m.joined_at
      ),
      -- Sessions held while they were members of the wave's pods (any round), and attended.
      held AS (
        SELECT m.person_id, p.wave_id, count(*)::int AS expected,
          count(*) FILTER (WHERE a.status = 'attended')::int AS attended
        FROM pod_member m
        JOIN who USING (person_id)
        JOIN live_pod p ON p.id = m.pod_id
        JOIN pod_session s ON s.pod_id = m.pod_id AND s.status = 'held' AND (m.left_at IS NULL OR s.starts_at < m.left_at)
        LEFT JOIN attendance a ON a.session_id = s.id AND a.person_id = m.person_id
        GROUP BY m.person_id, p.wave_id
      ),
      rated AS (
        SELECT r.person_id, p.wave_id, coalesce(sum(r.rating), 0)::int AS rating_sum, count(r.rating)::int AS rating_count
        FROM retro_response r JOIN who USING (person_id) JOIN pod p ON p.id = r.pod_id
        GROUP BY r.person_id, p.wave_id
      ),
      outcome AS (
        SELECT k.person_id, k.wave_id,
          CASE
            WHEN mb.status IS NOT NULL THEN 'P'
              || CASE mb.status WHEN 'continued' THEN 'c' WHEN 'closed' THEN 'l' ELSE 'o' END
              || CASE WHEN rt.person_id IS NOT NULL THEN 'r' ELSE '' END
            WHEN iv.accepted THEN 'X' WHEN iv.silent THEN 'N' WHEN iv.declined THEN 'D' ELSE 'X'
          END AS code,
          coalesce(h.expected, 0) AS expected, coalesce(h.attended, 0) AS attended,
          coalesce(rt.rating_sum, 0) AS rating_sum, coalesce(rt.rating_count, 0) AS rating_count
        FROM (SELECT person_id, wave_id FROM invited UNION SELECT person_id, wave_id FROM member) k
        LEFT JOIN invited iv USING (person_id, wave_id)
        LEFT JOIN member mb USING (person_id, wave_id)
        LEFT JOIN held h USING (person_id, wave_id)
        LEFT JOIN rated rt USING (person_id, wave_id)
      ),
      profile AS (
        SELECT person_id, string_agg(wave_id::text || '=' || code, ',' ORDER BY wave_id) AS profile
        FROM outcome GROUP BY person_id
      ),
      fresh AS (
      INSERT INTO report_person_cell (person_id, wave_id, team_id, on_roster, profile, expected, attended, rating_sum, rating_count)
      SELECT pe.id, coalesce(o.wave_id::text, ''), coalesce(pe.team_id::text, 'none'), pe.status <> 'left',
        coalesce(pr.profile, ''), coalesce(o.expected, 0), coalesce(o.attended, 0),
        coalesce(o.rating_sum, 0), coalesce(o.rating_count, 0)
      FROM person pe
      JOIN who ON who.person_id = pe.id
      LEFT JOIN profile pr ON pr.person_id = pe.id
      LEFT JOIN outcome o ON o.person_id = pe.id
      WHERE pe.status <> 'left' OR pr.person_id IS NOT NULL
      RETURNING *
      )
      INSERT INTO report_cell_delta (team_id, on_roster, profile, wave_id, people, expected, attended, rating_sum, rating_count)
      SELECT team_id, on_roster, profile, wave_id, count(*), sum(expected), sum(attended), sum(rating_sum), sum(rating_count)
      FROM fresh GROUP BY 1, 2, 3, 4;
    END $$;

    -- The other teams each person shared a (live) pod with; a pair's people are a plain count.
    CREATE FUNCTION report_refresh_met(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
      WITH old AS (DELETE FROM report_person_met WHERE person_id = ANY (ids) RETURNING *)
      INSERT INTO report_pair_delta (team_a, team_b, people)
      SELECT least(own, other), greatest(own, other), -count(*) FROM old GROUP BY 1, 2;

      WITH fresh AS (
        INSERT INTO report_person_met (person_id, own, other)
        SELECT DISTINCT m.person_id, pe.team_id::text, op.team_id::text
        FROM pod_member m
        JOIN pod p ON p.id = m.pod_id AND p.status NOT IN ('proposed', 'inviting', 'dissolved')
        JOIN person pe ON pe.id = m.person_id AND pe.team_id IS NOT NULL
        JOIN pod_member o ON o.pod_id = m.pod_id
        JOIN person op ON op.id = o.person_id AND op.team_id IS NOT NULL AND op.team_id <> pe.team_id
        WHERE m.person_id = ANY (ids)
        RETURNING *
      )
      INSERT INTO report_pair_delta (team_a, team_b, people)
      SELECT least(own, other), greatest(own, other), count(*) FROM fresh GROUP BY 1, 2;
    END $$;

    -- Everyone who shared a pod with these people (and they themselves).
    CREATE FUNCTION report_podmates(ids uuid[]) RETURNS uuid[] LANGUAGE sql STABLE AS $$
      SELECT coalesce(array_agg(DISTINCT o.person_id), '{}') || ids
      FROM pod_member m JOIN pod_member o ON o.pod_id = m.pod_id WHERE m.person_id = ANY (ids);
    $$;

    -- Recomputes the people noted since the last run and folds the differences into the counters.
    -- One compactor at a time: a second waits, then finds what the first left (usually nothing).
    CREATE FUNCTION report_compact() RETURNS void LANGUAGE plpgsql AS $$
    DECLARE cells uuid[]; met uuid[];
    BEGIN
      PERFORM pg_advisory_xact_lock(1919251318);
      WITH noted AS (DELETE FROM report_dirty RETURNING person_id, connections)
      SELECT coalesce(array_agg(DISTINCT person_id) FILTER (WHERE NOT connections), '{}'),
             coalesce(array_agg(DISTINCT person_id) FILTER (WHERE connections), '{}')
      INTO cells, met FROM noted;
      PERFORM report_refresh(cells);
      PERFORM report_refresh_met(met);
      WITH moved AS (DELETE FROM report_cell_delta RETURNING *)
      INSERT INTO report_cell AS c (team_id, on_roster, profile, wave_id, people, expected, attended, rating_sum, rating_count)
      SELECT team_id, on_roster, profile, wave_id, sum(people), sum(expected), sum(attended), sum(rating_sum), sum(rating_count)
      FROM moved GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (team_id, on_roster, profile, wave_id) DO UPDATE SET
        people = c.people + EXCLUDED.people, expected = c.expected + EXCLUDED.expected, attended = c.attended + EXCLUDED.attended,
        rating_sum = c.rating_sum + EXCLUDED.rating_sum, rating_count = c.rating_count + EXCLUDED.rating_count;
      DELETE FROM report_cell WHERE people = 0 AND expected = 0 AND attended = 0 AND rating_sum = 0 AND rating_count = 0;
      WITH moved AS (DELETE FROM report_pair_delta RETURNING *)
      INSERT INTO report_pair AS c (team_a, team_b, people)
      SELECT team_a, team_b, sum(people) FROM moved GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (team_a, team_b) DO UPDATE SET people = c.people + EXCLUDED.people;
      DELETE FROM report_pair WHERE people = 0;
    END $$;

    -- Recomputes every rollup from the source tables (the migration's backfill; after a TRUNCATE).
    CREATE FUNCTION report_rebuild() RETURNS void LANGUAGE plpgsql AS $$
    DECLARE everyone uuid[];
    BEGIN
      PERFORM pg_advisory_xact_lock(1919251318);
      TRUNCATE report_dirty, report_person_cell, report_cell, report_cell_delta, report_person_met, report_pair, report_pair_delta;
      SELECT coalesce(array_agg(id), '{}') INTO everyone FROM person;
      PERFORM report_refresh(everyone);
      PERFORM report_refresh_met(everyone);
      PERFORM report_compact();
    END $$;

    -- One trigger function per source table and event; the transition tables say who changed.
    CREATE FUNCTION report_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE cells uuid[] := '{}'; met uuid[] := '{}';
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        PERFORM report_rebuild();
        RETURN NULL;
      END IF;
      CASE TG_TABLE_NAME
      WHEN 'person' THEN
        IF TG_OP = 'UPDATE' THEN
          SELECT coalesce(array_agg(n.id), '{}') INTO cells FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE n.team_id IS DISTINCT FROM o.team_id OR n.status IS DISTINCT FROM o.status;
          SELECT coalesce(array_agg(n.id), '{}') INTO met FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE n.team_id IS DISTINCT FROM o.team_id;
          met := report_podmates(met);
        ELSIF TG_OP = 'INSERT' THEN SELECT coalesce(array_agg(id), '{}') INTO cells FROM new_rows;
        ELSE SELECT coalesce(array_agg(id), '{}') INTO cells FROM old_rows; met := cells;
        END IF;
      WHEN 'invite', 'attendance', 'retro_response' THEN
        IF TG_OP = 'INSERT' THEN SELECT array_agg(person_id) INTO cells FROM new_rows;
        ELSIF TG_OP = 'DELETE' THEN SELECT array_agg(person_id) INTO cells FROM old_rows;
        ELSE SELECT array_agg(person_id) INTO cells FROM (SELECT person_id FROM new_rows UNION SELECT person_id FROM old_rows) x;
        END IF;
      WHEN 'pod_member' THEN
        IF TG_OP = 'INSERT' THEN SELECT array_agg(person_id), report_podmates(array_agg(person_id)) INTO cells, met FROM new_rows;
        ELSIF TG_OP = 'DELETE' THEN SELECT array_agg(person_id), report_podmates(array_agg(person_id)) INTO cells, met FROM old_rows;
        ELSE SELECT array_agg(person_id), report_podmates(array_agg(person_id)) INTO cells, met
          FROM (SELECT person_id FROM new_rows UNION SELECT person_id FROM old_rows) x;
        END IF;
        -- A deleted member's pod-mates (their rows are gone from pod_member already).
        IF TG_OP <> 'INSERT' THEN
          SELECT met || coalesce(array_agg(m.person_id), '{}') INTO met
          FROM pod_member m WHERE m.pod_id IN (SELECT pod_id FROM old_rows);
        END IF;
      WHEN 'pod' THEN
        IF TG_OP = 'UPDATE' THEN
          SELECT coalesce(array_agg(m.person_id), '{}') INTO cells
          FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN pod_member m ON m.pod_id = n.id
          WHERE n.status IS DISTINCT FROM o.status OR n.round IS DISTINCT FROM o.round OR n.wave_id IS DISTINCT FROM o.wave_id;
          met := cells;
        END IF; -- a new pod has no members yet; a deleted pod's members go through pod_member
      WHEN 'pod_session' THEN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(m.person_id) INTO cells FROM new_rows s JOIN pod_member m ON m.pod_id = s.pod_id WHERE s.status = 'held';
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(m.person_id) INTO cells FROM old_rows s JOIN pod_member m ON m.pod_id = s.pod_id WHERE s.status = 'held';
        ELSE
          SELECT array_agg(m.person_id) INTO cells
          FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN pod_member m ON m.pod_id IN (n.pod_id, o.pod_id)
          WHERE (n.status = 'held' OR o.status = 'held')
            AND (n.status IS DISTINCT FROM o.status OR n.starts_at IS DISTINCT FROM o.starts_at OR n.pod_id IS DISTINCT FROM o.pod_id);
        END IF;
      END CASE;
      PERFORM report_mark(cells, met);
      RETURN NULL;
    END $$;
  `.execute(db);

  // Transition tables allow one event per trigger: three statement triggers per table.
  for (const table of ['person', 'invite', 'pod', 'pod_member', 'pod_session', 'attendance', 'retro_response']) {
    await sql.raw(`
      CREATE TRIGGER report_${table}_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION report_on_change();
      CREATE TRIGGER report_${table}_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION report_on_change();
      CREATE TRIGGER report_${table}_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION report_on_change();
      CREATE TRIGGER report_${table}_truncate AFTER TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION report_on_change();
    `).execute(db);
  }
  await sql`SELECT report_rebuild()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['person', 'invite', 'pod', 'pod_member', 'pod_session', 'attendance', 'retro_response']) {
    await sql.raw(`
      DROP TRIGGER IF EXISTS report_${table}_insert ON ${table};
      DROP TRIGGER IF EXISTS report_${table}_update ON ${table};
      DROP TRIGGER IF EXISTS report_${table}_delete ON ${table};
      DROP TRIGGER IF EXISTS report_${table}_truncate ON ${table};
    `).execute(db);
  }
  await sql`
    DROP FUNCTION IF EXISTS report_on_change(), report_rebuild(), report_compact(), report_podmates(uuid[]),
      report_refresh_met(uuid[]), report_refresh(uuid[]), report_mark(uuid[], uuid[]);
    DROP TABLE IF EXISTS report_dirty, report_pair_delta, report_pair, report_person_met, report_cell_delta, report_cell, report_person_cell;
  `.execute(db);
}
