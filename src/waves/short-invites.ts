import { rematch } from '../core/matching/backfill.ts';
import { regroup } from '../core/matching/regroup.ts';
import type { MatchedPod } from '../core/matching/types.ts';
import type { Tx } from '../db.ts';
import { nudge } from '../nudges/nudge.service.ts';
import type { Intent } from '../outbox/effects.ts';
import { findOutboxByKey } from '../outbox/outbox.repository.ts';
import type { Pod, PodSlot } from '../pods/pod.table.ts';
import { slotMembersOf } from '../pods/session.service.ts';
import { slotForChangedPod } from '../pods/slot.service.ts';
import { matchSettingsFor } from '../programmes/programme.service.ts';
import { podMoveBlocks } from '../slack/blocks/pod-merge.blocks.ts';
import { asPayload, inviteMessageKey, inviteUpdateIntent, podInviteMessages, type WaveContext } from './invite-messages.ts';
import { loadOrgContext, matchPeopleOf, personCards } from './match-inputs.ts';
import { WaveControlError } from './wave-control.service.ts';
import { invitesOfPod, podsOfWave } from './wave.repository.ts';

/** Who a pod still counts on while it invites: accepted or not yet answered, in invite order. */
export async function liveInvitees(trx: Tx, podId: string): Promise<string[]> {
  return (await invitesOfPod(trx, podId, ['pending', 'accepted'])).map((i) => i.person_id);
}

/** A lead's early change, planned: who goes to which inviting pod, and how the audit says it. */
export interface InvitePlan { into: Map<string, Pod>; detail: string }
export type InvitingPlan = (trx: Tx, ctx: WaveContext, from: Pod, moving: string[], now: Date) => Promise<InvitePlan>;

async function lockInvitingPod(trx: Tx, waveId: string, podId: string): Promise<Pod> {
  const pod = await trx.selectFrom('pod').selectAll().where('id', '=', podId).forUpdate().executeTakeFirst();
  if (!pod || pod.wave_id !== waveId) throw new WaveControlError('That pod is not in this wave any more.');
  if (pod.status !== 'inviting') throw new WaveControlError(`${pod.name} is ${pod.status}: while the wave invites, only a pod still inviting can be merged or re-matched.`);
  return pod;
}

/**
 * The checks of an early merge or re-match, then the plan, then the move (see moveInvites). The
 * caller holds the wave lock (answers, leavers and the deadline wait for it). Returns the plan (its
 * detail is audited); refusals throw WaveControlError and the transaction changes nothing.
 */
export async function regroupInvites(trx: Tx, emit: (intent: Intent) => void, ctx: WaveContext, fromId: string, now: Date, plan: InvitingPlan): Promise<InvitePlan> {
  if (now.getTime() >= ctx.wave.invite_deadline.getTime()) throw new WaveControlError('Invites have closed: the deadline merges or re-matches the pods still short.');
  const from = await lockInvitingPod(trx, ctx.wave.id, fromId);
  const moving = await liveInvitees(trx, from.id);
  if (moving.length >= from.min_size) throw new WaveControlError(`${from.name} can still reach its minimum of ${from.min_size} (${moving.length} accepted or not answered yet).`);
  if (moving.length === 0) throw new WaveControlError(`${from.name} has nobody left to move: the deadline closes it.`);
  const planned = await plan(trx, ctx, from, moving, now);
  await moveInvites(trx, emit, ctx, from, planned.into, now);
  return planned;
}

async function people(trx: Tx, ids: readonly string[]) {
  const cards = await personCards(trx, ids);
  const org = await loadOrgContext(trx, ids);
  return { cards, org, of: (list: readonly string[]) => matchPeopleOf(list.map((id) => cards.get(id)!), org.idByEmail) };
}

const settingsOf = (ctx: WaveContext) => matchSettingsFor(ctx.programme, ctx.wave.settings, ctx.wave.start_week, ctx.wave.seed);

/** Early merge: everyone `from` counts on joins `intoId`, within its maximum and every hard rule. */
export function mergeInvitesInto(intoId: string): InvitingPlan {
  return async (trx, ctx, from, moving, now) => {
    const into = await lockInvitingPod(trx, ctx.wave.id, intoId);
    const staying = await liveInvitees(trx, into.id);
    const all = [...staying, ...moving];
    if (all.length > into.max_size) throw new WaveControlError(`${into.name} and ${from.name} together have ${all.length} accepted or not answered, above the maximum of ${into.max_size}: re-match ${from.name} instead.`);
    const { org, of } = await people(trx, all);
    const [check] = regroup([of(all)], settingsOf(ctx), org, now);
    if (!check?.pod) throw new WaveControlError(`${into.name} and ${from.name} cannot be merged: ${check?.why ?? 'no common slot'}.`);
    await regrow(trx, ctx, into, check.pod, all, 'merged');
    return { into: new Map(moving.map((id) => [id, into])), detail: `${from.name} (${moving.length}) merged into ${into.name} (${staying.length}) before the deadline` };
  };
}

/** Early re-match: each person `from` counts on goes to the inviting pod with room that fits them best; all or nothing. */
export const rematchInvites: InvitingPlan = async (trx, ctx, from, moving, now) => {
  const others = (await podsOfWave(trx, ctx.wave.id, ['inviting'])).filter((p) => p.id !== from.id);
  const live = await Promise.all(others.map((p) => liveInvitees(trx, p.id)));
  const open = others.map((pod, k) => ({ pod, members: live[k]! })).filter((o) => o.members.length > 0 && o.members.length < o.pod.max_size);
  if (open.length === 0) throw new WaveControlError('No other inviting pod of this wave has room: merge two short pods instead, or let the deadline handle it.');
  const { cards, org, of } = await people(trx, [...open.flatMap((o) => o.members), ...moving]);
  const result = rematch(open.map((o) => of(o.members)), of(moving), settingsOf(ctx), org, now);
  const into = new Map<string, Pod>();
  for (const [k, p] of result.pods.entries()) for (const id of p.added) into.set(id, open[k]!.pod);
  const homeless = moving.filter((id) => !into.has(id)).map((id) => cards.get(id)?.name ?? 'someone');
  if (homeless.length) throw new WaveControlError(`Nothing changed: ${homeless.join(', ')} ${homeless.length === 1 ? 'fits' : 'fit'} no inviting pod with room (a common slot, no manager or report): merge with another short pod instead.`);
  for (const [k, p] of result.pods.entries()) if (p.added.length && p.pod) await regrow(trx, ctx, open[k]!.pod, p.pod, p.members, 'rematched');
  const where = [...new Set([...into.values()].map((p) => p.name))].join(', ');
  return { into, detail: `${from.name} (${moving.length}) re-matched into ${where} before the deadline` };
};

/**
 * A pod that grows keeps the matcher's description (score, common window) and its weekly time if
 * that still suits everyone, else takes one that does; the invites then name the new time.
 */
async function regrow(trx: Tx, ctx: WaveContext, pod: Pod, matched: MatchedPod, members: readonly string[], how: 'merged' | 'rematched'): Promise<void> {
  const { slot } = slotForChangedPod(pod.slot, { programme: ctx.programme, settings: ctx.settings, startWeek: ctx.wave.start_week }, await slotMembersOf(trx, members), ctx.wave.invite_deadline);
  await trx.updateTable('pod').set({
    score: matched.score,
    breakdown: JSON.stringify({ ...(pod.breakdown ?? {}), ...matched.breakdown, members: matched.members, window: matched.window, [how]: true }) as unknown as Record<string, unknown>,
    window_start_minute: matched.window.utcStartMinuteOfWeek,
    slot: slot ? (JSON.stringify(slot) as unknown as PodSlot) : null, recurrence_zone: slot?.zone ?? null,
  }).where('id', '=', pod.id).execute();
}

/**
 * Moves a short inviting pod's people into the pods `into` names, before the deadline, by the rules
 * of the invite lifecycle (written once, on InviteStatus in src/waves/wave.table.ts). Every live
 * invite of a receiving pod is rewritten in place (who is in it, when it meets, how many said yes);
 * whoever already got their invite DM is also told why, through the respect policy (an invite still
 * held for their working hours goes out already reading the new pod, so needs no second DM).
 */
async function moveInvites(trx: Tx, emit: (intent: Intent) => void, ctx: WaveContext, from: Pod, into: Map<string, Pod>, now: Date): Promise<void> {
  const receiving = [...new Map([...into.values()].map((p) => [p.id, p])).values()];
  const delivered = async (inviteId: string) => !!(await findOutboxByKey(trx, inviteMessageKey(inviteId)));
  const tell = async (key: string, personId: string, podId: string, note: Parameters<typeof podMoveBlocks>[0]) =>
    nudge(trx, emit, { key, kind: 'pod_outcome', to: [personId], programmeId: ctx.programme.id, podId, message: asPayload(podMoveBlocks(note)) }, now);
  for (const target of receiving) {
    const newcomers = [...into.entries()].filter(([, p]) => p.id === target.id).map(([id]) => id);
    const moved = await trx.updateTable('invite').set({ pod_id: target.id }).where('pod_id', '=', from.id).where('person_id', 'in', newcomers)
      .where('status', 'in', ['pending', 'accepted']).returning('id').execute();
    // An invite the respect policy still holds belongs to its new pod too (its message is rewritten below).
    if (moved.length) await trx.updateTable('nudge').set({ pod_id: target.id }).where('key', 'in', moved.map((i) => inviteMessageKey(i.id))).execute();
    const pod = await trx.selectFrom('pod').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
    const { invites, messages } = await podInviteMessages(trx, ctx, pod);
    const live = invites.filter((i) => i.status === 'pending' || i.status === 'accepted');
    const names = await personCards(trx, live.map((i) => i.person_id));
    const nameOf = (id: string) => names.get(id)?.name ?? 'someone';
    for (const invite of live) {
      emit(inviteUpdateIntent(messages.get(invite.id)!, `moved-from/${from.id}`));
      if (!(await delivered(invite.id))) continue;
      if (newcomers.includes(invite.person_id)) {
        await tell(`pod/${from.id}/moved-to/${pod.id}/${invite.person_id}`, invite.person_id, pod.id, {
          kind: 'invite-moved', fromPod: from.name, intoPod: pod.name, accepted: invite.status === 'accepted',
          members: live.filter((o) => o.person_id !== invite.person_id).map((o) => nameOf(o.person_id)),
        });
      } else {
        await tell(`pod/${pod.id}/joined-from/${from.id}/${invite.person_id}`, invite.person_id, pod.id, { kind: 'invite-joined', intoPod: pod.name, fromPod: from.name, newcomers: newcomers.map(nameOf) });
      }
    }
  }
  const where = receiving.map((p) => p.name).join(', ');
  await trx.updateTable('pod').set({ status: 'dissolved', dissolved_reason: `could not reach its minimum; the programme lead moved its people to ${where} before the deadline` }).where('id', '=', from.id).execute();
}
