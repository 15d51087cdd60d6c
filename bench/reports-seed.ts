import { sql } from 'kysely';
import type { Db } from '../src/db.ts';

/**
 * A whole organisation three waves in, written with generate_series: 50,000 people in 250 teams
 * (2% have left), 10,000 pods of 5 across 3 waves (1 in 10 dissolved: their invitees declined or
 * never answered), 6 sessions a pod (60,000; the third wave's last 3 not yet held), attendance
 * for every held session (~85% attended) and retro answers from ~80% of those whose round ended.
 */
export async function seedReportsOrg(db: Db, scale = { people: 50_000, teams: 250, pods: 10_000 }): Promise<void> {
  const { people, teams, pods } = scale;
  // One connection throughout: the temp tables live on it.
  await db.connection().execute(async (c) => {
  await sql`INSERT INTO team (name, source) SELECT 'Team ' || lpad(t::text, 3, '0'), 'csv' FROM generate_series(1, ${teams}) t`.execute(c);
  await sql`
    INSERT INTO person (email, name, team_id, status, left_reason, in_csv)
    SELECT 'p' || i || '@example.com', 'Person ' || i,
      (SELECT id FROM team WHERE name = 'Team ' || lpad((1 + i % ${teams})::text, 3, '0')),
      CASE WHEN i % 50 = 0 THEN 'left' ELSE 'active' END, CASE WHEN i % 50 = 0 THEN 'departed' END, true
    FROM generate_series(0, ${people - 1}) i`.execute(c);
  await sql`CREATE TEMP TABLE bench_person AS SELECT id, (row_number() OVER (ORDER BY email COLLATE "C")) - 1 AS n FROM person`.execute(c);
  await sql`INSERT INTO programme (name) VALUES ('Peer pods')`.execute(c);
  await sql`
    INSERT INTO wave (programme_id, name, status, start_week, invite_deadline, launched_at)
    SELECT (SELECT id FROM programme), 'Wave ' || w, CASE WHEN w = 3 THEN 'running' ELSE 'done' END,
      date '2026-01-05' + (w - 1) * 70, (date '2026-01-05' + (w - 1) * 70)::timestamptz - interval '3 days', now()
    FROM generate_series(1, 3) w`.execute(c);
  await sql`INSERT INTO wave_team SELECT w.id, t.id FROM wave w CROSS JOIN team t`.execute(c);
  await sql`
    CREATE TEMP TABLE bench_pod AS
    SELECT p, (SELECT id FROM wave WHERE name = 'Wave ' || (1 + p % 3)) AS wave_id, 1 + p % 3 AS w,
      CASE WHEN p % 10 = 9 THEN 'dissolved' WHEN p % 3 = 2 THEN 'running' WHEN p % 7 < 3 THEN 'continued' ELSE 'closed' END AS status
    FROM generate_series(0, ${pods - 1}) p`.execute(c);
  await sql`
    INSERT INTO pod (wave_id, name, status, min_size, max_size, dissolved_reason, confirmed_at)
    SELECT wave_id, 'Pod ' || p, status, 4, 5, CASE WHEN status = 'dissolved' THEN 'too few accepted' END,
      CASE WHEN status <> 'dissolved' THEN now() END
    FROM bench_pod`.execute(c);
  await sql`ALTER TABLE bench_pod ADD COLUMN id uuid`.execute(c);
  await sql`UPDATE bench_pod b SET id = pod.id FROM pod WHERE pod.name = 'Pod ' || b.p`.execute(c);
  // Member k of pod p is person (5p + k) mod people: consecutive people are in different teams.
  await sql`
    CREATE TEMP TABLE bench_seat AS
    SELECT b.id AS pod_id, b.wave_id, b.w, b.status, k AS seat, bp.id AS person_id, b.p
    FROM bench_pod b CROSS JOIN generate_series(0, 4) k JOIN bench_person bp ON bp.n = (5 * b.p + k) % ${people}`.execute(c);
  await sql`
    INSERT INTO invite (pod_id, wave_id, person_id, status, decline_kind, answered_at)
    SELECT pod_id, wave_id, person_id,
      CASE WHEN status <> 'dissolved' THEN 'accepted' WHEN seat % 2 = 0 THEN 'declined' ELSE 'expired' END,
      CASE WHEN status = 'dissolved' AND seat % 2 = 0 THEN 'decline' END,
      CASE WHEN status <> 'dissolved' OR seat % 2 = 0 THEN now() END
    FROM bench_seat`.execute(c);
  await sql`INSERT INTO pod_member (pod_id, person_id, seat) SELECT pod_id, person_id, seat FROM bench_seat WHERE status <> 'dissolved'`.execute(c);
  await sql`
    INSERT INTO pod_session (pod_id, index, starts_at, ends_at, status)
    SELECT b.id, i, (date '2026-01-05' + (b.w - 1) * 70 + i * 7)::timestamptz + interval '14 hours',
      (date '2026-01-05' + (b.w - 1) * 70 + i * 7)::timestamptz + interval '15 hours',
      CASE WHEN b.status = 'dissolved' THEN 'cancelled' WHEN b.w = 3 AND i >= 3 THEN 'scheduled' ELSE 'held' END
    FROM bench_pod b CROSS JOIN generate_series(0, 5) i`.execute(c);
  await sql`
    INSERT INTO attendance (session_id, person_id, status)
    SELECT s.id, m.person_id, CASE WHEN hashtext(s.id::text || m.person_id::text) % 100 < 85 THEN 'attended' ELSE 'absent' END
    FROM pod_session s JOIN pod_member m ON m.pod_id = s.pod_id WHERE s.status = 'held'`.execute(c);
  await sql`
    INSERT INTO retro_response (pod_id, person_id, wants_to_continue, rating)
    SELECT s.pod_id, s.person_id, CASE WHEN s.status = 'continued' THEN 'continue' ELSE 'close' END, 1 + abs(hashtext(s.person_id::text)) % 5
    FROM bench_seat s WHERE s.status IN ('continued', 'closed') AND abs(hashtext(s.person_id::text)) % 10 < 8`.execute(c);
  await sql`ANALYZE`.execute(c);
  });
}
