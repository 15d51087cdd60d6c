import { sql } from 'kysely';
import type { Executor } from '../db.ts';
import type { CheckInOutcome } from '../core/rhythm/timing.ts';

/** Pods whose sessions have a beat: confirmed and booked, meeting, or in their retro. */
export const LIVE_POD = ['confirmed', 'scheduled', 'running', 'retro'] as const;

/**
 * Sessions that may need a prompt, reminder, check-in, follow-up or verdict now: not settled,
 * of a live pod, starting within `ahead` or ended within the last `behind`.
 */
export async function openSessions(db: Executor, now: Date, aheadMs: number, behindMs: number, podIds?: string[]) {
  let q = db.selectFrom('pod_session as s')
    .innerJoin('pod as p', 'p.id', 's.pod_id')
    .innerJoin('wave as w', 'w.id', 'p.wave_id')
    .innerJoin('programme as pr', 'pr.id', 'w.programme_id')
    .leftJoin('session_checkin as c', 'c.session_id', 's.id')
    .leftJoin('person as f', 'f.id', 's.facilitator_id')
    .select([
      's.id', 's.pod_id', 's.index', 's.starts_at', 's.ends_at', 's.facilitator_id', 'f.timezone as facilitatorZone',
      'c.version', 'c.outcome', 'c.asked_at', 'c.followed_up_at',
      'pr.work_start_minute', 'pr.work_end_minute', 'pr.work_days',
    ])
    .where('s.status', '=', 'scheduled')
    .where('p.status', 'in', [...LIVE_POD])
    .where('s.starts_at', '<', new Date(now.getTime() + aheadMs))
    .where('s.ends_at', '>', new Date(now.getTime() - behindMs))
    .where('c.outcome', 'is', null);
  if (podIds) q = q.where('s.pod_id', 'in', podIds);
  return q.orderBy('s.starts_at').execute();
}
export type OpenSession = Awaited<ReturnType<typeof openSessions>>[number];

/** One session with everything its messages show, locked for the caller's transaction. */
export async function sessionForUpdate(db: Executor, sessionId: string) {
  return (await sessionsForUpdate(db, [sessionId])).get(sessionId);
}

/**
 * Sessions with everything their messages show, locked for the caller's transaction in id order
 * (two batches locking overlapping sessions wait for each other instead of deadlocking), each
 * with its check-in row (created when missing). Three round trips whatever the number.
 */
export async function sessionsForUpdate(db: Executor, sessionIds: readonly string[]) {
  const ids = [...new Set(sessionIds)].sort();
  if (ids.length === 0) return new Map<string, never>();
  const rows = await db.selectFrom('pod_session as s')
    .innerJoin('pod as p', 'p.id', 's.pod_id')
    .innerJoin('wave as w', 'w.id', 'p.wave_id')
    .innerJoin('programme as pr', 'pr.id', 'w.programme_id')
    .select([
      's.id', 's.pod_id', 's.index', 's.starts_at', 's.ends_at', 's.facilitator_id', 's.status',
      'p.name as podName', 'p.status as podStatus', 'p.slack_channel_id as podChannel', 'pr.id as programmeId', 'pr.name as programmeName', 'pr.facilitation_guide',
      'pr.work_start_minute', 'pr.work_end_minute', 'pr.work_days',
      sql<string | null>`to_jsonb(p.*)->>'meet_url'`.as('meetUrl'),
      sql<number>`(SELECT count(*)::int FROM pod_session x WHERE x.pod_id = s.pod_id)`.as('sessionCount'),
    ])
    .where('s.id', 'in', ids)
    .orderBy('s.id')
    .forUpdate('s')
    .execute();
  if (rows.length === 0) return new Map();
  await db.insertInto('session_checkin').values(rows.map((r) => ({ session_id: r.id }))).onConflict((oc) => oc.column('session_id').doNothing()).execute();
  const checkins = new Map((await db.selectFrom('session_checkin').selectAll().where('session_id', 'in', rows.map((r) => r.id)).execute()).map((c) => [c.session_id, c]));
  return new Map(rows.map((row) => [row.id, { ...row, checkin: checkins.get(row.id)! }]));
}
type Locked = Awaited<ReturnType<typeof sessionsForUpdate>> extends Map<string, infer T> ? T : never;
export type LockedSession = Locked;

/** The pod's current members in seat order, with what the policy and the messages need. */
export async function podMembers(db: Executor, podId: string) {
  return (await podMembersOf(db, [podId])).get(podId) ?? [];
}

/** Current members of each pod, in seat order: one round trip for a batch of pods. */
export async function podMembersOf(db: Executor, podIds: readonly string[]) {
  const ids = [...new Set(podIds)];
  if (ids.length === 0) return new Map<string, never[]>();
  const rows = await db.selectFrom('pod_member as m').innerJoin('person as p', 'p.id', 'm.person_id')
    .select(['m.pod_id as podId', 'm.person_id as personId', 'm.seat', 'p.name', 'p.slack_user_id as slackUserId', 'p.timezone as zone', 'p.status'])
    .where('m.pod_id', 'in', ids).where('m.left_at', 'is', null).orderBy('m.pod_id').orderBy('m.seat').execute();
  const map = new Map<string, (Omit<(typeof rows)[number], 'podId'> & { active: boolean })[]>();
  for (const { podId, ...r } of rows) map.set(podId, [...(map.get(podId) ?? []), { ...r, active: r.status === 'active' }]);
  return map;
}
export type PodMember = Awaited<ReturnType<typeof podMembers>>[number];

export async function setCheckin(db: Executor, sessionId: string, values: Partial<{
  version: number; outcome: CheckInOutcome | null; answered_by: string | null; answered_at: Date | null; asked_at: Date | null;
  followed_up_at: Date | null; moved_from: Date | null; swaps: number; swapped_from: string | null;
}>) {
  await db.updateTable('session_checkin').set(values).where('session_id', '=', sessionId).execute();
}

/** The pod's sessions up to `index`, each with what is known of it, in order. */
export async function settledOutcomes(db: Executor, podId: string, upToIndex: number) {
  const rows = await db.selectFrom('pod_session as s').leftJoin('session_checkin as c', 'c.session_id', 's.id')
    .select(['s.id', 's.index', 's.starts_at', 's.status', 'c.outcome'])
    .where('s.pod_id', '=', podId).where('s.index', '<=', upToIndex).orderBy('s.index').execute();
  return rows.flatMap((r) => {
    const outcome: CheckInOutcome | undefined = r.status === 'held' ? 'met' : r.status === 'skipped' ? 'skipped' : r.outcome === 'unknown' ? 'unknown' : undefined;
    return outcome ? [{ ...r, outcome }] : [];
  });
}

/** Marks check-ins asked (or followed up) at their instants: one statement for a batch. */
export async function markAsked(db: Executor, column: 'asked_at' | 'followed_up_at', rows: readonly { sessionId: string; at: Date }[]) {
  if (rows.length === 0) return;
  await sql`UPDATE session_checkin SET ${sql.ref(column)} = u.at
    FROM unnest(${rows.map((r) => r.sessionId)}::uuid[], ${rows.map((r) => r.at)}::timestamptz[]) AS u(id, at)
    WHERE session_checkin.session_id = u.id`.execute(db);
}

/** Keys already in the nudge ledger, of those given. */
export async function existingNudgeKeys(db: Executor, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.selectFrom('nudge').select('key').where('key', 'in', keys).execute();
  return new Set(rows.map((r) => r.key));
}

/** Prompts and handovers of a session that went to this person: the messages a swap or skip edits. */
export async function turnMessagesOf(db: Executor, sessionId: string, personId: string) {
  return db.selectFrom('nudge').innerJoin('nudge_recipient as r', 'r.nudge_id', 'nudge.id')
    .select('nudge.key').where('nudge.key', 'like', `session/${sessionId}/%`).where('nudge.kind', 'in', ['prompt', 'turn_handover'])
    .where('r.person_id', '=', personId).where('nudge.state', '<>', 'dropped').execute();
}
