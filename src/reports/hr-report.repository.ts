import { sql } from 'kysely';
import type { ConnectionCount, PeopleGroup, WaveInfo, WaveOutcome } from '../core/reports/people-groups.ts';
import type { Executor } from '../db.ts';

const NO_TEAM = 'none';

/**
 * People grouped by team, roster status and what happened to them in each wave, with the sums
 * rates need. Nothing about an individual leaves the database: only group sizes and sums.
 */
export async function loadPeopleGroups(db: Executor): Promise<PeopleGroup[]> {
  const rows = await sql<{
    team_id: string; team_name: string; on_roster: boolean; profile: string; wave_id: string | null;
    people: number; expected: number; attended: number; rating_sum: number; rating_count: number;
  }>`
    WITH live_pod AS (
      SELECT id, wave_id, round, status FROM pod WHERE status NOT IN ('proposed', 'inviting', 'dissolved')
    ),
    invited AS (
      SELECT person_id, wave_id,
        bool_or(status = 'accepted') AS accepted,
        bool_or(status IN ('pending', 'expired')) AS silent,
        bool_or(status = 'declined') AS declined
      FROM invite GROUP BY person_id, wave_id
    ),
    -- The first-round pod a person was in, per wave: its status says ongoing, continued or closed.
    member AS (
      SELECT DISTINCT ON (m.person_id, p.wave_id) m.person_id, p.wave_id, p.status
      FROM pod_member m JOIN live_pod p ON p.id = m.pod_id AND p.round = 1
      ORDER BY m.person_id, p.wave_id, m.joined_at
    ),
    -- Sessions held while they were members of the wave's pods (any round), and attended.
    held AS (
      SELECT m.person_id, p.wave_id, count(*)::int AS expected,
        count(*) FILTER (WHERE a.status = 'attended')::int AS attended
      FROM pod_member m
      JOIN live_pod p ON p.id = m.pod_id
      JOIN pod_session s ON s.pod_id = m.pod_id AND s.status = 'held' AND (m.left_at IS NULL OR s.starts_at < m.left_at)
      LEFT JOIN attendance a ON a.session_id = s.id AND a.person_id = m.person_id
      GROUP BY m.person_id, p.wave_id
    ),
    rated AS (
      SELECT r.person_id, p.wave_id, coalesce(sum(r.rating), 0)::int AS rating_sum, count(r.rating)::int AS rating_count
      FROM retro_response r JOIN pod p ON p.id = r.pod_id
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
    )
    SELECT coalesce(pe.team_id::text, ${NO_TEAM}) AS team_id, coalesce(t.name, 'No team') AS team_name,
      pe.status <> 'left' AS on_roster, coalesce(pr.profile, '') AS profile, o.wave_id::text AS wave_id,
      count(*)::int AS people,
      coalesce(sum(o.expected), 0)::int AS expected, coalesce(sum(o.attended), 0)::int AS attended,
      coalesce(sum(o.rating_sum), 0)::int AS rating_sum, coalesce(sum(o.rating_count), 0)::int AS rating_count
    FROM person pe
    LEFT JOIN team t ON t.id = pe.team_id
    LEFT JOIN profile pr ON pr.person_id = pe.id
    LEFT JOIN outcome o ON o.person_id = pe.id
    WHERE pe.status <> 'left' OR pr.person_id IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
  `.execute(db);

  const groups = new Map<string, PeopleGroup & { sums: Record<string, PeopleGroup['sums'][string]> }>();
  for (const row of rows.rows) {
    const key = `${row.team_id}|${row.on_roster}|${row.profile}`;
    let group = groups.get(key);
    if (!group) {
      const outcomes = Object.fromEntries(
        row.profile ? row.profile.split(',').map((part) => part.split('=') as [string, WaveOutcome]) : [],
      );
      group = { teamId: row.team_id, teamName: row.team_name, onRoster: row.on_roster, outcomes, people: row.people, sums: {} };
      groups.set(key, group);
    }
    if (row.wave_id) {
      group.sums[row.wave_id] = { expected: row.expected, attended: row.attended, ratingSum: row.rating_sum, ratingCount: row.rating_count };
    }
  }
  return [...groups.values()];
}

/** Waves that invited anyone (or placed anyone in a pod), oldest first. */
export async function loadReportWaves(db: Executor): Promise<WaveInfo[]> {
  const rows = await db
    .selectFrom('wave')
    .select(['wave.id', 'wave.name', 'wave.start_week', 'wave.status'])
    .where((eb) => eb.or([
      eb.exists(eb.selectFrom('invite').select('invite.id').whereRef('invite.wave_id', '=', 'wave.id')),
      eb.exists(eb.selectFrom('pod').innerJoin('pod_member', 'pod_member.pod_id', 'pod.id').select('pod.id').whereRef('pod.wave_id', '=', 'wave.id')),
    ]))
    .orderBy('wave.start_week')
    .orderBy('wave.created_at')
    .execute();
  return rows.map((w) => ({ id: w.id, name: w.name, startWeek: String(w.start_week), status: w.status }));
}

/** For each pair of teams, the people of either who shared a pod with someone of the other. */
export async function loadConnections(db: Executor): Promise<ConnectionCount[]> {
  // Each seat joins the teams present in its pod (not every other seat): a person is counted once
  // per other team they met, and as everyone has one team, a pair's people are a plain count.
  const rows = await sql<{ team_a: string; team_b: string; people: number }>`
    WITH seat AS (
      SELECT m.pod_id, m.person_id, pe.team_id
      FROM pod_member m JOIN pod p ON p.id = m.pod_id JOIN person pe ON pe.id = m.person_id
      WHERE p.status NOT IN ('proposed', 'inviting', 'dissolved') AND pe.team_id IS NOT NULL
    ),
    pod_team AS (SELECT DISTINCT pod_id, team_id FROM seat),
    met AS (
      SELECT DISTINCT s.person_id, s.team_id AS own, t.team_id AS other
      FROM seat s JOIN pod_team t ON t.pod_id = s.pod_id AND t.team_id <> s.team_id
    )
    SELECT least(own, other)::text AS team_a, greatest(own, other)::text AS team_b, count(*)::int AS people
    FROM met GROUP BY 1, 2
  `.execute(db);
  return rows.rows.map((r) => ({ teamA: r.team_a, teamB: r.team_b, people: r.people }));
}

export async function loadTeams(db: Executor): Promise<{ teams: Map<string, string>; teamsInWaves: number }> {
  const teams = await db.selectFrom('team').select(['id', 'name']).orderBy('name').execute();
  const inWaves = await db
    .selectFrom('wave_team')
    .innerJoin('wave', 'wave.id', 'wave_team.wave_id')
    .select(sql<number>`count(DISTINCT wave_team.team_id)::int`.as('n'))
    .where('wave.status', 'not in', ['draft', 'cancelled'])
    .executeTakeFirstOrThrow();
  return { teams: new Map(teams.map((t) => [t.id, t.name])), teamsInWaves: inWaves.n };
}
