import { sql } from 'kysely';
import type { OrgContext } from '../core/matching/backfill.ts';
import type { MatchPerson } from '../core/matching/types.ts';
import type { Executor } from '../db.ts';
import { invitableNow, teamHeadcounts, type AvailabilityOptions } from '../roster/availability.repository.ts';

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
 * Who a wave over these teams may invite: the roster's definition (invitableNow: enrolled, in
 * Slack, not left or paused, not a guest unless included, not already in a live invite or a
 * running pod), so the launch modal, the preview and the admin home count the same people.
 */
export async function wavePool(
  db: Executor, teamIds: readonly string[], options: AvailabilityOptions & { now?: Date; firstInLine?: readonly string[] } = {},
): Promise<PersonCard[]> {
  const extra = options.firstInLine ?? [];
  if (teamIds.length === 0 && extra.length === 0) return [];
  return cardQuery(db)
    // People first in line (they asked to continue a pod that closed) join whatever teams the wave covers.
    .where((eb) => eb.or([
      ...(teamIds.length ? [eb('person.team_id', 'in', [...teamIds])] : []),
      ...(extra.length ? [eb('person.id', 'in', [...extra])] : []),
    ]))
    .where(invitableNow(options.now ?? new Date(), options))
    .orderBy('person.email')
    .execute();
}

/** Headcount and how many a wave could invite now, per team (for the launch modal): the admin home's numbers. */
export async function teamAvailability(db: Executor, options: AvailabilityOptions & { now?: Date } = {}): Promise<{ id: string; name: string; headcount: number; available: number }[]> {
  const teams = await teamHeadcounts(db, options.now ?? new Date(), options);
  return teams.map((t) => ({ id: t.teamId, name: t.name, headcount: t.headcount, available: t.available }));
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
