import { sql } from 'kysely';
import type { Executor } from '../db.ts';
import { invitableNow } from '../roster/availability.repository.ts';
import type { InviteStatus, NewWave, WaveStatus } from './wave.table.ts';

export async function insertWave(db: Executor, row: NewWave, teamIds: readonly string[]) {
  const wave = await db.insertInto('wave').values(row).returningAll().executeTakeFirstOrThrow();
  if (teamIds.length) await db.insertInto('wave_team').values(teamIds.map((team_id) => ({ wave_id: wave.id, team_id }))).execute();
  return wave;
}

export async function findWave(db: Executor, id: string) {
  return db.selectFrom('wave').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The wave row locked for the rest of the transaction: answers, deadlines and cancels serialise on it. */
export async function lockWave(db: Executor, id: string) {
  return db.selectFrom('wave').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setWaveStatus(db: Executor, id: string, status: WaveStatus, at: Date) {
  await db
    .updateTable('wave')
    .set({
      status,
      ...(status === 'inviting' ? { launched_at: at } : {}),
      ...(status === 'cancelled' ? { cancelled_at: at } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function teamIdsOfWave(db: Executor, waveId: string): Promise<string[]> {
  const rows = await db.selectFrom('wave_team').select('team_id').where('wave_id', '=', waveId).execute();
  return rows.map((r) => r.team_id);
}

export async function podsOfWave(db: Executor, waveId: string, statuses?: readonly string[]) {
  let q = db.selectFrom('pod').selectAll().where('wave_id', '=', waveId);
  if (statuses) q = q.where('status', 'in', statuses as never[]);
  return q.orderBy('name').execute();
}

export async function invitesOfPod(db: Executor, podId: string, statuses?: readonly InviteStatus[]) {
  let q = db.selectFrom('invite').selectAll().where('pod_id', '=', podId);
  if (statuses) q = q.where('status', 'in', [...statuses]);
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function invitesOfWave(db: Executor, waveId: string, statuses?: readonly InviteStatus[]) {
  let q = db.selectFrom('invite').selectAll().where('wave_id', '=', waveId);
  if (statuses) q = q.where('status', 'in', [...statuses]);
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function lockInvite(db: Executor, id: string) {
  return db.selectFrom('invite').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertInvites(db: Executor, rows: { pod_id: string; wave_id: string; person_id: string; created_at: Date }[]) {
  if (rows.length === 0) return [];
  return db.insertInto('invite').values(rows).returningAll().execute();
}

export async function upsertWaveMembers(
  db: Executor,
  rows: { wave_id: string; person_id: string; state: 'placed' | 'unplaced' | 'withdrawn'; reason: string | null; suggestion: string | null; updated_at: Date }[],
) {
  if (rows.length === 0) return;
  await db
    .insertInto('wave_member')
    .values(rows)
    .onConflict((oc) => oc.columns(['wave_id', 'person_id']).doUpdateSet((eb) => ({
      state: eb.ref('excluded.state'), reason: eb.ref('excluded.reason'), suggestion: eb.ref('excluded.suggestion'), updated_at: eb.ref('excluded.updated_at'),
    })))
    .execute();
}

/**
 * Unplaced people of the wave who could still be invited: the backfill pool. Invitable now by the
 * roster's rule, so nobody holding a live invite in another (overlapping) wave or a seat in a pod
 * that is meeting gets a second invitation; guests were decided when the wave was previewed.
 */
export async function backfillCandidates(db: Executor, waveId: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('wave_member')
    .innerJoin('person', 'person.id', 'wave_member.person_id')
    .select('wave_member.person_id')
    .where('wave_member.wave_id', '=', waveId)
    .where('wave_member.state', '=', 'unplaced')
    .where(invitableNow(now, { includeGuests: true }))
    .where(({ not, exists, selectFrom }) => not(exists(
      selectFrom('invite').select('invite.id').whereRef('invite.person_id', '=', 'wave_member.person_id')
        .where('invite.wave_id', '=', waveId).where('invite.status', 'in', ['pending', 'accepted', 'declined']),
    )))
    .orderBy('wave_member.person_id')
    .execute();
  return rows.map((r) => r.person_id);
}

/** pool → invited → accepted → pods confirmed, for the lead's home and the demo summary. */
export interface FunnelCounts {
  pool: number;
  /** Wave members without a place now (including acceptedUnplaced). */
  unplaced: number;
  invited: number;
  /** People who accepted at any point, even if their pod later dissolved or moved them. */
  accepted: number;
  /** Accepted, but the deadline's merge/re-match found them no pod. */
  acceptedUnplaced: number;
  declined: number;
  pending: number;
  expired: number;
  podsInviting: number;
  podsConfirmed: number;
  podsDissolved: number;
  /** Pods meeting with fewer members than their minimum since someone left: the lead may act. */
  podsShort: number;
}

export async function waveFunnel(db: Executor, waveId: string): Promise<FunnelCounts> {
  const [members, invites, pods, acceptedUnplaced, short] = await Promise.all([
    db.selectFrom('wave_member').select(['state', sql<number>`count(*)::int`.as('n')]).where('wave_id', '=', waveId).groupBy('state').execute(),
    db.selectFrom('invite').select([
      sql<number>`count(DISTINCT person_id)::int`.as('invited'),
      // An answer is kept when an accepted invite is later moved or withdrawn (answered_at stays,
      // decline_kind is null), so this counts everyone who ever said yes, once.
      sql<number>`count(DISTINCT person_id) FILTER (WHERE answered_at IS NOT NULL AND decline_kind IS NULL)::int`.as('accepted'),
      sql<number>`count(*) FILTER (WHERE status = 'declined')::int`.as('declined'),
      sql<number>`count(*) FILTER (WHERE status = 'pending')::int`.as('pending'),
      sql<number>`count(*) FILTER (WHERE status = 'expired')::int`.as('expired'),
    ]).where('wave_id', '=', waveId).executeTakeFirstOrThrow(),
    db.selectFrom('pod').select(['status', sql<number>`count(*)::int`.as('n')]).where('wave_id', '=', waveId).groupBy('status').execute(),
    db.selectFrom('wave_member').select(sql<number>`count(*)::int`.as('n')).where('wave_member.wave_id', '=', waveId).where('wave_member.state', '=', 'unplaced')
      .where(({ exists, selectFrom }) => exists(selectFrom('invite').select('invite.id').whereRef('invite.person_id', '=', 'wave_member.person_id')
        .where('invite.wave_id', '=', waveId).where('invite.answered_at', 'is not', null).where('invite.decline_kind', 'is', null)))
      .executeTakeFirstOrThrow(),
    db.selectFrom('pod').select(sql<number>`count(*)::int`.as('n')).where('pod.wave_id', '=', waveId)
      .where('pod.status', 'in', ['confirmed', 'scheduled', 'running', 'retro'])
      .where((eb) => eb(eb.selectFrom('pod_member').select(sql<number>`count(*)::int`.as('c')).whereRef('pod_member.pod_id', '=', 'pod.id').where('pod_member.left_at', 'is', null), '<', eb.ref('pod.min_size')))
      .executeTakeFirstOrThrow(),
  ]);
  const m = (s: string) => members.find((r) => r.state === s)?.n ?? 0;
  const p = (...s: string[]) => pods.filter((r) => s.includes(r.status)).reduce((a, r) => a + r.n, 0);
  return {
    pool: members.reduce((a, r) => a + r.n, 0),
    unplaced: m('unplaced'),
    invited: invites.invited,
    accepted: invites.accepted,
    acceptedUnplaced: acceptedUnplaced.n,
    declined: invites.declined,
    pending: invites.pending,
    expired: invites.expired,
    podsInviting: p('inviting'),
    podsConfirmed: p('confirmed', 'scheduled', 'running', 'retro', 'continued', 'closed'),
    podsDissolved: p('dissolved'),
    podsShort: short.n,
  };
}
