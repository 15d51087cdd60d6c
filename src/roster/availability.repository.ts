import { sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, Executor } from '../db.ts';

export interface AvailabilityOptions {
  /** Guests count only when the install says so (INCLUDE_GUESTS). Default: they do not. */
  includeGuests?: boolean;
}

/**
 * The one definition of "may be invited to a new wave now", shared by the admin home's counts,
 * the launch modal and the wave pool so they never disagree: enrolled, reachable in Slack,
 * neither left nor paused (a pause whose date has passed counts as over before the reconciler
 * flips the row), not a guest unless guests are included, and not already busy: no live invite
 * in a wave still inviting or forming, no seat in a pod that is confirmed or running.
 */
export function invitableNow(now: Date, options: AvailabilityOptions = {}) {
  return (e: ExpressionBuilder<Database, 'person'>) => {
    return e.and([
      sql<SqlBool>`(person.status = 'active' OR (person.status = 'paused' AND person.paused_until <= ${now}))`,
      e('person.enrolled', '=', true),
      e('person.slack_user_id', 'is not', null),
      ...(options.includeGuests ? [] : [e('person.is_guest', '=', false)]),
      e.not(e.exists(
        e.selectFrom('invite').innerJoin('wave', 'wave.id', 'invite.wave_id').select('invite.id')
          .whereRef('invite.person_id', '=', 'person.id').where('invite.status', 'in', ['pending', 'accepted'])
          .where('wave.status', 'in', ['inviting', 'forming']),
      )),
      e.not(e.exists(
        e.selectFrom('pod_member').innerJoin('pod', 'pod.id', 'pod_member.pod_id').select('pod_member.pod_id')
          .whereRef('pod_member.person_id', '=', 'person.id').where('pod_member.left_at', 'is', null)
          .where('pod.status', 'in', ['confirmed', 'scheduled', 'running', 'retro']),
      )),
    ]);
  };
}

/** Who in these teams may be invited now (see invitableNow). */
export async function availablePeople(db: Executor, teamIds: readonly string[], now: Date, options: AvailabilityOptions = {}) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('person')
    .selectAll()
    .where('team_id', 'in', teamIds)
    .where(invitableNow(now, options))
    .orderBy('email')
    .execute();
}

export interface TeamHeadcount {
  teamId: string;
  name: string;
  source: string;
  /** Everyone on the roster in the team (not left). */
  headcount: number;
  /** Of those, who could be invited now (see invitableNow). */
  available: number;
}

/** Headcount and available count per team, for the launch modal and the admin home. */
export async function teamHeadcounts(db: Executor, now: Date, options: AvailabilityOptions = {}): Promise<TeamHeadcount[]> {
  const [teams, available] = await Promise.all([
    db
      .selectFrom('team')
      .leftJoin('person', (join) => join.onRef('person.team_id', '=', 'team.id').on('person.status', '!=', 'left'))
      .select(['team.id as teamId', 'team.name', 'team.source', sql<number>`count(person.id)::int`.as('headcount')])
      .groupBy(['team.id', 'team.name', 'team.source'])
      .orderBy('team.name')
      .execute(),
    db
      .selectFrom('person')
      .where('team_id', 'is not', null)
      .where(invitableNow(now, options))
      .select(['team_id', sql<number>`count(*)::int`.as('n')])
      .groupBy('team_id')
      .execute(),
  ]);
  const byTeam = new Map(available.map((row) => [row.team_id, row.n]));
  return teams.map((t) => ({ ...t, available: byTeam.get(t.teamId) ?? 0 }));
}
