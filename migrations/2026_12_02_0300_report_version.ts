import { sql, type Kysely } from 'kysely';

// A version number for the HR report rollup: report_compact() bumps it whenever it folds a
// change into report_cell / report_pair. A report build compares it (with the teams and waves,
// which the rollup does not cover) against the last build's, and when nothing moved it serves
// the figures it already protected and the pages it already rendered instead of protecting
// 6,000 figures again (src/reports/hr-report.service.ts).
// Frozen in time: never import app code here.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE report_version (
      id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      version bigint NOT NULL DEFAULT 0
    );
    INSERT INTO report_version DEFAULT VALUES;

    CREATE OR REPLACE FUNCTION report_compact() RETURNS void LANGUAGE plpgsql AS $$
    DECLARE cells uuid[]; met uuid[];
    BEGIN
      PERFORM pg_advisory_xact_lock(1919251318);
      WITH noted AS (DELETE FROM report_dirty RETURNING person_id, connections)
      SELECT coalesce(array_agg(DISTINCT person_id) FILTER (WHERE NOT connections), '{}'),
             coalesce(array_agg(DISTINCT person_id) FILTER (WHERE connections), '{}')
      INTO cells, met FROM noted;
      -- Anything to fold in: the report's figures may move, so the next build computes them.
      IF cardinality(cells) > 0 OR cardinality(met) > 0
        OR EXISTS (SELECT 1 FROM report_cell_delta) OR EXISTS (SELECT 1 FROM report_pair_delta) THEN
        UPDATE report_version SET version = version + 1;
      END IF;
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
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION report_compact() RETURNS void LANGUAGE plpgsql AS $$
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
    DROP TABLE IF EXISTS report_version;
  `.execute(db);
}
