import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../db.ts';

/**
 * Who may be invited right now: on the roster, reachable in Slack and neither left nor paused.
 * A pause whose date has passed counts as over even before the reconciler flips the row.
 */
export async function availablePeople(db: Executor, teamIds: readonly string[], now: Date) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('person')
    .selectAll()
    .where('team_id', 'in', teamIds)
    .where('slack_user_id', 'is not', null)
    .where('enrolled', '=', true)
    .where(availableNow(now))
    .orderBy('email')
    .execute();
}

function availableNow(now: Date) {
  return sql<SqlBool>`(person.status = 'active' OR (person.status = 'paused' AND person.paused_until <= ${now}))`;
}

export interface TeamHeadcount {
  teamId: string;
  name: string;
  source: string;
  /** Everyone on the roster in the team (not left). */
  headcount: number;
  /** Of those, who could be invited now. */
  available: number;
}

/** Headcount and available count per team, for the launch modal and the admin home. */
export async function teamHeadcounts(db: Executor, now: Date = new Date()): Promise<TeamHeadcount[]> {
  const rows = await db
    .selectFrom('team')
    .leftJoin('person', (join) => join.onRef('person.team_id', '=', 'team.id').on('person.status', '!=', 'left'))
    .select([
      'team.id as teamId',
      'team.name',
      'team.source',
      sql<number>`count(person.id)::int`.as('headcount'),
      sql<number>`(count(person.id) FILTER (WHERE person.slack_user_id IS NOT NULL AND person.enrolled
        AND (person.status = 'active' OR person.paused_until <= ${now})))::int`.as('available'),
    ])
    .groupBy(['team.id', 'team.name', 'team.source'])
    .orderBy('team.name')
    .execute();
  return rows;
}
