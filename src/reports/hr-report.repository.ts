import { sql } from 'kysely';
import type { ConnectionCount, PeopleGroup, WaveInfo, WaveOutcome } from '../core/reports/people-groups.ts';
import type { Executor } from '../db.ts';

const NO_TEAM = 'none';

/**
 * Brings the rollup up to date (migration 2026_12_01_1500_report_rollup): recomputes the people
 * the triggers noted since the last run and folds the differences into the counters, so a build
 * reads a few thousand rows. Runs in its own short transaction before the report's snapshot;
 * a second caller waits for the first, then finds (almost) nothing left to do.
 */
export async function compactReportRollup(db: Executor): Promise<void> {
  await sql`SELECT report_compact()`.execute(db);
}

/** The rollup's version: bumped by every compaction that folds a change in (migration 2026_12_02_0300). */
export async function loadRollupVersion(db: Executor): Promise<string> {
  const row = await sql<{ version: string }>`SELECT version::text AS version FROM report_version`.execute(db);
  return row.rows[0]?.version ?? '0';
}

/**
 * People grouped by team, roster status and what happened to them in each wave, with the sums
 * rates need, read from the rollup the database keeps (report_cell plus pending deltas; see the
 * migration 2026_12_01_1500_report_rollup for how each person's outcome is computed). Nothing
 * about an individual leaves the database: only group sizes and sums.
 */
export async function loadPeopleGroups(db: Executor): Promise<PeopleGroup[]> {
  // The counters and any deltas not yet folded in, summed here (a few thousand rows; sorting and
  // grouping long profile strings in Postgres cost more than the read).
  const rows = await sql<{
    team_id: string; team_name: string | null; on_roster: boolean; profile: string; wave_id: string;
    people: number; expected: number; attended: number; rating_sum: number; rating_count: number;
  }>`
    SELECT c.*, t.name AS team_name
    FROM (
      SELECT team_id, on_roster, profile, wave_id, people, expected, attended, rating_sum, rating_count FROM report_cell
      UNION ALL
      SELECT team_id, on_roster, profile, wave_id, people, expected, attended, rating_sum, rating_count FROM report_cell_delta
    ) c
    LEFT JOIN team t ON t.id::text = c.team_id
  `.execute(db);
  const cells = new Map<string, (typeof rows.rows)[number]>();
  for (const row of rows.rows) {
    const key = `${row.team_id}|${row.on_roster}|${row.profile}|${row.wave_id}`;
    const cell = cells.get(key);
    if (!cell) cells.set(key, { ...row });
    else {
      cell.people += row.people;
      cell.expected += row.expected;
      cell.attended += row.attended;
      cell.rating_sum += row.rating_sum;
      cell.rating_count += row.rating_count;
    }
  }

  const groups = new Map<string, PeopleGroup & { sums: Record<string, PeopleGroup['sums'][string]> }>();
  for (const row of cells.values()) {
    if (row.people <= 0) continue;
    const key = `${row.team_id}|${row.on_roster}|${row.profile}`;
    let group = groups.get(key);
    if (!group) {
      const outcomes = Object.fromEntries(
        row.profile ? row.profile.split(',').map((part) => part.split('=') as [string, WaveOutcome]) : [],
      );
      const teamName = row.team_id === NO_TEAM ? 'No team' : (row.team_name ?? 'No team');
      group = { teamId: row.team_id, teamName, onRoster: row.on_roster, outcomes, people: row.people, sums: {} };
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

/**
 * For each pair of teams, the people of either who shared a pod with someone of the other: a
 * person counts once per other team they met (report_person_met, kept by the same triggers).
 */
export async function loadConnections(db: Executor): Promise<ConnectionCount[]> {
  const rows = await sql<{ team_a: string; team_b: string; people: number }>`
    SELECT team_a, team_b, sum(people)::int AS people
    FROM (SELECT team_a, team_b, people FROM report_pair UNION ALL SELECT team_a, team_b, people FROM report_pair_delta) p
    GROUP BY 1, 2 HAVING sum(people) > 0
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
