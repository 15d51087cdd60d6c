import { sql } from 'kysely';
import type { Executor } from '../db.ts';
import type { RetroResponseTable } from './retro.table.ts';

export type RetroAnswerRow = Omit<RetroResponseTable, 'submitted_at' | 'share_with_leads' | 'offered_wave_id'> & { share_with_leads: boolean; submitted_at: Date };

/** Stores (or replaces, until the pod decides) one member's answer. */
export async function upsertRetroResponse(db: Executor, row: RetroAnswerRow): Promise<void> {
  await db.insertInto('retro_response').values(row)
    .onConflict((oc) => oc.columns(['pod_id', 'person_id']).doUpdateSet((eb) => ({
      wants_to_continue: eb.ref('excluded.wants_to_continue'), rating: eb.ref('excluded.rating'), celebrate: eb.ref('excluded.celebrate'),
      change: eb.ref('excluded.change'), facilitation_next: eb.ref('excluded.facilitation_next'), cadence_next: eb.ref('excluded.cadence_next'),
      recommend: eb.ref('excluded.recommend'), share_with_leads: eb.ref('excluded.share_with_leads'), submitted_at: eb.ref('excluded.submitted_at'),
    })))
    .execute();
}

export async function responsesOfPod(db: Executor, podId: string) {
  return db.selectFrom('retro_response').selectAll().where('pod_id', '=', podId).execute();
}

/** Current members of a round with what reaching them needs, in seat order. */
export async function roundMembers(db: Executor, podId: string) {
  return db.selectFrom('pod_member').innerJoin('person', 'person.id', 'pod_member.person_id')
    .select(['pod_member.person_id as personId', 'pod_member.seat', 'person.name', 'person.slack_user_id as slackUserId', 'person.timezone', 'person.status'])
    .where('pod_member.pod_id', '=', podId).where('pod_member.left_at', 'is', null).where('person.status', '!=', 'left')
    .orderBy('pod_member.seat').execute();
}

/** The round's sessions that count (not cancelled), first to last. */
export async function roundSessions(db: Executor, podId: string) {
  return db.selectFrom('pod_session').selectAll().where('pod_id', '=', podId).where('status', '!=', 'cancelled').orderBy('index').execute();
}

/**
 * People who wanted to continue a pod that then closed, not yet offered a place by a later wave:
 * the next wave offers them a place first (and the lead's home lists them).
 */
export async function askedToContinue(db: Executor, programmeId?: string) {
  let q = db.selectFrom('retro_response')
    .innerJoin('pod', 'pod.id', 'retro_response.pod_id')
    .innerJoin('wave', 'wave.id', 'pod.wave_id')
    .innerJoin('person', 'person.id', 'retro_response.person_id')
    .select(['person.id as personId', 'person.name', 'person.slack_user_id as slackUserId', 'person.team_id as teamId', 'wave.programme_id as programmeId', 'pod.ended_at as since'])
    .where('retro_response.wants_to_continue', '=', 'continue')
    .where('pod.status', '=', 'closed')
    .where('retro_response.offered_wave_id', 'is', null)
    .where('person.status', '!=', 'left')
    // Someone already back in a live pod has their place.
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('pod_member as m').innerJoin('pod as p', 'p.id', 'm.pod_id').select(sql`1`.as('x'))
      .whereRef('m.person_id', '=', 'person.id').where('m.left_at', 'is', null).where('p.status', 'in', ['confirmed', 'scheduled', 'running', 'retro']))));
  if (programmeId) q = q.where('wave.programme_id', '=', programmeId);
  return q.orderBy('pod.ended_at').orderBy('person.name').execute();
}

/**
 * At a launch: people who asked to continue a closed pod of this programme and are invited by this
 * wave have had their place offered; they leave the "first in line" list.
 */
export async function markOfferedFirst(db: Executor, waveId: string, programmeId: string): Promise<number> {
  const result = await sql`
    UPDATE retro_response r SET offered_wave_id = ${waveId}
    FROM pod p, wave w
    WHERE p.id = r.pod_id AND w.id = p.wave_id AND w.programme_id = ${programmeId} AND p.status = 'closed'
      AND r.wants_to_continue = 'continue' AND r.offered_wave_id IS NULL
      AND EXISTS (SELECT 1 FROM invite i WHERE i.wave_id = ${waveId} AND i.person_id = r.person_id AND i.status IN ('pending', 'accepted'))
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
