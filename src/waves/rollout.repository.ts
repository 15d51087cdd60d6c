import { sql } from 'kysely';
import type { RolloutTeam } from '../core/rollout/team-rule.ts';
import type { Executor } from '../db.ts';
import type { AvailabilityOptions } from '../roster/availability.repository.ts';
import { teamHeadcounts } from '../roster/availability.repository.ts';

/**
 * Every team as the rollout sees it: available people now, whether a launched wave reached it,
 * and its department (the most common among its people; a team built from a department is it).
 */
export async function rolloutTeams(db: Executor, now: Date, options: AvailabilityOptions = {}): Promise<RolloutTeam[]> {
  const [teams, reached, departments] = await Promise.all([
    teamHeadcounts(db, now, options),
    db.selectFrom('wave_team').innerJoin('wave', 'wave.id', 'wave_team.wave_id')
      .select('wave_team.team_id').distinct().where('wave.status', 'not in', ['draft', 'cancelled']).execute(),
    db.selectFrom('person').select(['team_id', sql<string>`mode() WITHIN GROUP (ORDER BY department)`.as('department')])
      .where('team_id', 'is not', null).where('department', 'is not', null).where('status', '!=', 'left').groupBy('team_id').execute(),
  ]);
  const reachedIds = new Set(reached.map((r) => r.team_id));
  const departmentOf = new Map(departments.map((d) => [d.team_id, d.department]));
  return teams.map((t) => ({
    id: t.teamId, name: t.name, available: t.available, reached: reachedIds.has(t.teamId),
    department: t.source === 'department' ? t.name : (departmentOf.get(t.teamId) ?? null),
  }));
}
