import type { Tx } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import { addIntents, cancelPending } from '../outbox/outbox.repository.ts';
import { reminderKey } from './answer.service.ts';
import { backfillPod } from './backfill.service.ts';
import { asPayload, inviteUpdateIntent, loadWaveContext, podInviteMessages } from './invite-messages.ts';
import { upsertWaveMembers } from './wave.repository.ts';
import { memberLeftBlocks } from '../slack/blocks/pod.blocks.ts';
import { syncSeriesAttendees } from '../calendar/membership.service.ts';
import { nudge } from '../nudges/nudge.service.ts';

const MEETING = ['confirmed', 'scheduled', 'running', 'retro'] as const;

async function programmeOfPod(trx: Tx, podId: string): Promise<string | null> {
  const row = await trx.selectFrom('pod').innerJoin('wave', 'wave.id', 'pod.wave_id').select('wave.programme_id').where('pod.id', '=', podId).executeTakeFirst();
  return row?.programme_id ?? null;
}

/**
 * A member leaving a pod that is meeting is told to the pod's group DM (once its channel is
 * known), with whether the pod fell below its minimum; the lead sees short pods on their home
 * (waveFunnel.podsShort).
 */
async function tellPods(trx: Tx, left: { pod_id: string; person_id: string }[], send: (intent: Intent) => void, now: Date): Promise<void> {
  for (const { pod_id: podId, person_id: personId } of left) {
    const pod = await trx.selectFrom('pod').selectAll().where('id', '=', podId).executeTakeFirst();
    if (pod && (MEETING as readonly string[]).includes(pod.status)) await syncSeriesAttendees(trx, send, podId, now);
    if (!pod || !pod.slack_channel_id || !(MEETING as readonly string[]).includes(pod.status)) continue;
    const person = await trx.selectFrom('person').select('name').where('id', '=', personId).executeTakeFirstOrThrow();
    const remaining = (await trx.selectFrom('pod_member').select('person_id').where('pod_id', '=', podId).where('left_at', 'is', null).execute()).map((m) => m.person_id);
    if (remaining.length === 0) continue;
    // Through the respect policy, to those still in the pod: the first moment inside all their
    // hours (counted: a note about their pod), in the pod's group DM while nobody is left out.
    await nudge(trx, send, {
      key: `pod/${podId}/left/${personId}`, kind: 'member_left', to: remaining, group: true, channel: pod.slack_channel_id,
      programmeId: await programmeOfPod(trx, podId), podId,
      message: asPayload(memberLeftBlocks({ name: person.name, remaining: remaining.length, minSize: pod.min_size })),
    }, now);
  }
}

export interface LeaversOutcome {
  /** Pending or accepted invites of inviting waves withdrawn because their person left. */
  withdrawnInvites: { inviteId: string; waveId: string; podId: string; personId: string }[];
  /** Who was invited in their place (null: nobody fits; the deadline then merges or re-matches). */
  backfills: { podId: string; invited: string | null; reason?: string }[];
}

/**
 * The seam between the roster and the waves: called inside the roster's transaction whenever
 * people leave (gone from Slack or the Directory, or opted out themselves). Their live invites in
 * waves still inviting are withdrawn (nobody waits on them), they leave the wave's pool, and each
 * pod that lost someone is backfilled from the wave's unplaced people, in the same transaction.
 * Members of pods already confirmed are marked as having left the pod.
 *
 * `emit` is optional: without it the intents are written straight to the outbox in this
 * transaction and the reconcile tick delivers them.
 */
export async function onPeopleLeft(trx: Tx, personIds: readonly string[], now: Date, emit?: (intent: Intent) => void): Promise<LeaversOutcome> {
  return withdrawFromWaves(trx, personIds, now, {
    invites: ['pending', 'accepted'], leavePods: true, reason: 'left the programme',
    note: 'You left the programme, so this invite was withdrawn. You can join again from the peerpods home tab.',
  }, emit);
}

/**
 * A pause: open invitations are withdrawn and backfilled (nobody waits on someone who said "not
 * now"), but an invitation already accepted and the pods they are in stay as they are.
 */
export async function onPeoplePaused(trx: Tx, personIds: readonly string[], now: Date, emit?: (intent: Intent) => void): Promise<LeaversOutcome> {
  return withdrawFromWaves(trx, personIds, now, {
    invites: ['pending'], leavePods: false, reason: 'paused',
    note: 'You paused the programme, so this invite was withdrawn. You may be invited to a later wave once your pause ends.',
  }, emit);
}

async function withdrawFromWaves(
  trx: Tx,
  personIds: readonly string[],
  now: Date,
  scope: { invites: ('pending' | 'accepted')[]; leavePods: boolean; reason: string; note: string },
  emit?: (intent: Intent) => void,
): Promise<LeaversOutcome> {
  if (personIds.length === 0) return { withdrawnInvites: [], backfills: [] };
  const intents: Intent[] = [];
  const send = emit ?? ((intent: Intent) => void intents.push(intent));
  // Lock order everywhere is wave, then invite, then pod (answers, cancels, deadlines and
  // launches take the wave first); taking the invites first here could deadlock with them.
  const affected = await trx.selectFrom('invite').select('wave_id').distinct()
    .where('person_id', 'in', [...personIds]).where('status', 'in', scope.invites).execute();
  if (affected.length) {
    await trx.selectFrom('wave').select('id').where('id', 'in', affected.map((a) => a.wave_id))
      .where('status', 'in', ['draft', 'inviting']).orderBy('id').forUpdate().execute();
  }
  const withdrawn = await trx
    .updateTable('invite')
    .set({ status: 'withdrawn' })
    .where('person_id', 'in', [...personIds])
    .where('status', 'in', scope.invites)
    .where('wave_id', 'in', (eb) => eb.selectFrom('wave').select('id').where('status', 'in', ['draft', 'inviting']))
    .returning(['id as inviteId', 'wave_id as waveId', 'pod_id as podId', 'person_id as personId'])
    .execute();
  await cancelPending(trx, withdrawn.map((w) => reminderKey(w.inviteId)));
  await trx.updateTable('wave_member').set({ state: 'withdrawn', reason: scope.reason, updated_at: now })
    .where('person_id', 'in', [...personIds])
    .where('wave_id', 'in', (eb) => eb.selectFrom('wave').select('id').where('status', 'in', ['draft', 'inviting']))
    .execute();
  if (scope.leavePods) {
    const left = await trx.updateTable('pod_member').set({ left_at: now }).where('person_id', 'in', [...personIds]).where('left_at', 'is', null)
      .returning(['pod_id', 'person_id']).execute();
    await tellPods(trx, left, send, now);
  }

  const backfills: LeaversOutcome['backfills'] = [];
  const byWave = new Map<string, Set<string>>();
  for (const w of withdrawn) byWave.set(w.waveId, (byWave.get(w.waveId) ?? new Set()).add(w.podId));
  for (const [waveId, podIds] of byWave) {
    const wave = await trx.selectFrom('wave').selectAll().where('id', '=', waveId).forUpdate().executeTakeFirstOrThrow();
    if (wave.status !== 'inviting') continue;
    const ctx = await loadWaveContext(trx, waveId, wave);
    for (const podId of podIds) {
      // Their invite DM is closed in place: no Accept button left that would answer "withdrawn".
      const pod = await trx.selectFrom('pod').selectAll().where('id', '=', podId).executeTakeFirstOrThrow();
      const { messages, slackIds } = await podInviteMessages(trx, ctx, pod);
      for (const w of withdrawn.filter((x) => x.podId === podId)) {
        const message = messages.get(w.inviteId);
        if (message && slackIds.has(w.inviteId)) send(inviteUpdateIntent({ ...message, note: scope.note }, 'withdrawn'));
      }
    }
    for (const podId of podIds) {
      const gone = withdrawn.filter((w) => w.podId === podId).length;
      for (let k = 0; k < gone; k++) {
        const result = await backfillPod(trx, send, ctx, podId, now);
        backfills.push({ podId, invited: result.invited, ...(result.invited === null ? { reason: result.reason } : {}) });
        if (result.invited === null) break;
      }
    }
  }
  if (intents.length) await addIntents(trx, intents, now);
  return { withdrawnInvites: withdrawn, backfills };
}
