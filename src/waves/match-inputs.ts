import { sql } from 'kysely';
import type { OrgContext } from '../core/matching/backfill.ts';
import type { MatchPerson } from '../core/matching/types.ts';
import type { Executor } from '../db.ts';

/** What waves show about a person: enough for invites, previews and the matcher. */
export interface PersonCard {
  id: string;
  name: string;
  slackUserId: string | null;
  email: string;
  team: string;
  teamId: string | null;
  department: string | null;
  location: string | null;
  timezone: string;
  managerEmail: string | null;
  status: string;
}

function cardQuery(db: Executor) {
  return db
    .selectFrom('person')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select([
      'person.id', 'person.name', 'person.slack_user_id as slackUserId', 'person.email', 'person.team_id as teamId',
      sql<string>`coalesce(team.name, 'No team')`.as('team'), 'person.department', 'person.location', 'person.timezone',
      'person.manager_email as managerEmail', 'person.status',
    ]);
}

export async function personCards(db: Executor, ids: readonly string[]): Promise<Map<string, PersonCard>> {
  if (ids.length === 0) return new Map();
  const rows = await cardQuery(db).where('person.id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Who a wave over these teams may invite: active, enrolled, reachable in Slack, not a guest, and
 * not already in a live invite or a pod that is still running. Paused and left people are never
 * invited (issue 3).
 */
export async function wavePool(db: Executor, teamIds: readonly string[], options: { includeGuests?: boolean; now?: Date } = {}): Promise<PersonCard[]> {
  const now = options.now ?? new Date();
  if (teamIds.length === 0) return [];
  let q = cardQuery(db)
    .where('person.team_id', 'in', [...teamIds])
    // A pause whose date has passed is over, even before anything flips the row (as availablePeople).
    .where(sql<boolean>`(person.status = 'active' OR (person.status = 'paused' AND person.paused_until <= ${now}))`)
    .where('person.enrolled', '=', true)
    .where('person.slack_user_id', 'is not', null)
    .where(({ not, exists, selectFrom }) => not(exists(
      selectFrom('invite').innerJoin('wave', 'wave.id', 'invite.wave_id').select('invite.id')
        .whereRef('invite.person_id', '=', 'person.id').where('invite.status', 'in', ['pending', 'accepted'])
        .where('wave.status', 'in', ['inviting', 'forming']),
    )))
    .where(({ not, exists, selectFrom }) => not(exists(
      selectFrom('pod_member').innerJoin('pod', 'pod.id', 'pod_member.pod_id').select('pod_member.pod_id')
        .whereRef('pod_member.person_id', '=', 'person.id').where('pod_member.left_at', 'is', null)
        .where('pod.status', 'in', ['confirmed', 'scheduled', 'running', 'retro']),
    )));
  if (!options.includeGuests) q = q.where('person.is_guest', '=', false);
  return q.orderBy('person.email').execute();
}

/** Headcount and how many a wave could invite now, per team (for the launch modal). */
export async function teamAvailability(db: Executor): Promise<{ id: string; name: string; headcount: number; available: number }[]> {
  const teams = await db
    .selectFrom('team')
    .leftJoin('person', (j) => j.onRef('person.team_id', '=', 'team.id').on('person.status', '!=', 'left'))
    .select(['team.id', 'team.name', sql<number>`count(person.id)::int`.as('headcount')])
    .groupBy(['team.id', 'team.name'])
    .orderBy('team.name')
    .execute();
  const pool = await wavePool(db, teams.map((t) => t.id));
  const available = new Map<string, number>();
  for (const p of pool) if (p.teamId) available.set(p.teamId, (available.get(p.teamId) ?? 0) + 1);
  return teams.map((t) => ({ ...t, available: available.get(t.id) ?? 0 }));
}

/** The matcher's view of people; managers resolved to person ids through their emails. */
export function matchPeopleOf(cards: readonly PersonCard[], idByEmail: ReadonlyMap<string, string>): MatchPerson[] {
  return cards.map((c) => {
    const managerId = c.managerEmail ? idByEmail.get(c.managerEmail) : undefined;
    return {
      id: c.id, email: c.email, name: c.name, team: c.team, timezone: c.timezone,
      ...(c.department ? { department: c.department } : {}),
      ...(c.location ? { location: c.location } : {}),
      ...(managerId ? { managerId } : {}),
    };
  });
}

/**
 * Pairing history, exclusions and the whole organisation's manager links (so skip-level chains
 * through people outside the pool are known). `among` limits history and exclusions to pairs
 * inside a set, which keeps backfill cheap for big organisations.
 */
export async function loadOrgContext(db: Executor, among?: readonly string[]): Promise<OrgContext & { idByEmail: Map<string, string> }> {
  const people = await db.selectFrom('person').select(['id', 'email', 'manager_email']).execute();
  const idByEmail = new Map(people.map((p) => [p.email, p.id]));
  const managerOf: Record<string, string> = {};
  for (const p of people) {
    const m = p.manager_email ? idByEmail.get(p.manager_email) : undefined;
    if (m) managerOf[p.id] = m;
  }
  let history = db.selectFrom('pairing').select(['person_a', 'person_b', 'met_on']);
  let exclusions = db.selectFrom('excluded_pair').select(['person_a', 'person_b']);
  if (among) {
    const ids = among.length ? [...among] : ['00000000-0000-0000-0000-000000000000'];
    history = history.where('person_a', 'in', ids).where('person_b', 'in', ids);
    exclusions = exclusions.where('person_a', 'in', ids).where('person_b', 'in', ids);
  }
  const [met, excluded] = await Promise.all([history.execute(), exclusions.execute()]);
  return {
    idByEmail,
    managerOf,
    history: met.map((m) => ({ a: m.person_a, b: m.person_b, metOn: new Date(`${m.met_on}T00:00:00Z`) })),
    exclusions: excluded.map((e) => ({ a: e.person_a, b: e.person_b })),
  };
}
