import { sql } from 'kysely';
import { recordAudit } from '../audit/audit.repository.ts';
import { rematch } from '../core/matching/backfill.ts';
import { regroup } from '../core/matching/regroup.ts';
import { insideEveryonesHours } from '../core/slots/index.ts';
import type { Tx } from '../db.ts';
import { endPodSeries, syncSeriesAttendees } from '../calendar/membership.service.ts';
import type { Intent } from '../outbox/effects.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import type { Pod } from '../pods/pod.table.ts';
import { recordPairings } from '../pods/pod.repository.ts';
import { replanFacilitators, slotMembersOf } from '../pods/session.service.ts';
import { workingWindowOf } from '../pods/slot.service.ts';
import { findProgramme, matchSettingsFor } from '../programmes/programme.service.ts';
import { podMoveBlocks } from '../slack/blocks/pod-merge.blocks.ts';
import { asPayload, loadWaveContext } from './invite-messages.ts';
import type { Actor, WaveDeps } from './launch.service.ts';
import { refreshLeadHomes } from './lead-refresh.ts';
import { loadOrgContext, matchPeopleOf, personCards } from './match-inputs.ts';
import { mergeInvitesInto, regroupInvites, rematchInvites, type InvitingPlan } from './short-invites.ts';
import { WaveControlError } from './wave-control.service.ts';
import { lockWave } from './wave.repository.ts';

/** Pods that meet (a round under way or about to start): the only ones a lead merges or re-matches. */
const MEETING = ['confirmed', 'scheduled', 'running'] as const;

async function seated(trx: Tx, podId: string): Promise<string[]> {
  return (await trx.selectFrom('pod_member').innerJoin('person', 'person.id', 'pod_member.person_id').select('pod_member.person_id')
    .where('pod_member.pod_id', '=', podId).where('pod_member.left_at', 'is', null).where('person.status', '!=', 'left').orderBy('pod_member.seat').execute()).map((r) => r.person_id);
}

async function lockPod(trx: Tx, waveId: string, podId: string): Promise<Pod> {
  const pod = await trx.selectFrom('pod').selectAll().where('id', '=', podId).forUpdate().executeTakeFirst();
  if (!pod || pod.wave_id !== waveId) throw new WaveControlError('That pod is not in this wave any more.');
  if (!(MEETING as readonly string[]).includes(pod.status)) throw new WaveControlError(`${pod.name} is ${pod.status}: only a pod whose round is under way or about to start can be merged or re-matched.`);
  return pod;
}

/**
 * Whether newcomers can join a pod's booked weekly time: every session still ahead inside their
 * working hours too. A booked pod keeps its time (its members planned around it); when it does not
 * suit the newcomers the change is refused with that reason rather than moving everyone's sessions.
 */
async function keepsItsTime(trx: Tx, pod: Pod, members: string[], programme: Parameters<typeof workingWindowOf>[0], now: Date): Promise<boolean> {
  const ahead = await trx.selectFrom('pod_session').select(['starts_at', 'ends_at']).where('pod_id', '=', pod.id).where('status', '=', 'scheduled').where('starts_at', '>', now).execute();
  const who = await slotMembersOf(trx, members);
  return ahead.every((s) => insideEveryonesHours(who, workingWindowOf(programme), s.starts_at.getTime(), s.ends_at.getTime()));
}

/**
 * Moves every member of `from` into the pods `into` maps them to, then ends `from`'s round early:
 * seats move (pod_member), pairing history grows, the closed pod's calendar series ends and each
 * receiving pod's series follows its members (the calendar membership seams), and everyone
 * concerned is told by DM through the outbox (keys name the two pods and the person: a retry sends
 * nothing twice).
 */
async function moveMembers(trx: Tx, emit: (intent: Intent) => void, from: Pod, into: Map<string, Pod>, now: Date): Promise<void> {
  const cards = await personCards(trx, [...into.keys()]);
  const receiving = [...new Map([...into.values()].map((p) => [p.id, p])).values()];
  for (const pod of receiving) {
    const before = await seated(trx, pod.id);
    const newcomers = [...into.entries()].filter(([, p]) => p.id === pod.id).map(([id]) => id);
    let seat = (await trx.selectFrom('pod_member').select(({ fn }) => fn.max('seat').as('s')).where('pod_id', '=', pod.id).executeTakeFirst())?.s ?? 0;
    for (const id of newcomers) {
      await trx.updateTable('pod_member').set({ left_at: now }).where('pod_id', '=', from.id).where('person_id', '=', id).execute();
      await trx.insertInto('pod_member').values({ pod_id: pod.id, person_id: id, seat: ++seat, joined_at: now }).execute();
    }
    const everyone = [...before, ...newcomers];
    await recordPairings(trx, pod.id, everyone, now.toISOString().slice(0, 10));
    await syncSeriesAttendees(trx, emit, pod.id, now);
    await replanFacilitators(trx, pod.id, everyone, now);
    const next = await trx.selectFrom('pod_session').select('starts_at').where('pod_id', '=', pod.id).where('status', '=', 'scheduled').where('starts_at', '>', now).orderBy('starts_at').executeTakeFirst();
    const names = await personCards(trx, everyone);
    // Each newcomer's first session to host, as the re-planned rotation has it.
    const turns = await trx.selectFrom('pod_session').select(['facilitator_id', sql<Date>`min(starts_at)`.as('starts_at')]).where('pod_id', '=', pod.id)
      .where('status', '=', 'scheduled').where('starts_at', '>', now).where('facilitator_id', 'in', newcomers).groupBy('facilitator_id').execute();
    for (const id of newcomers) {
      const card = cards.get(id);
      if (!card?.slackUserId) continue;
      const hostsOn = turns.find((t) => t.facilitator_id === id)?.starts_at ?? null;
      const body = podMoveBlocks({ kind: 'moved', fromPod: from.name, intoPod: pod.name, members: everyone.filter((x) => x !== id).map((x) => names.get(x)?.name ?? 'someone'), nextSession: next?.starts_at ?? null, timezone: card.timezone, hostsOn: hostsOn ? new Date(hostsOn) : null });
      emit({ key: `pod/${from.id}/moved-to/${pod.id}/${id}`, kind: 'slack.message', payload: { channel: card.slackUserId, ...asPayload(body) } });
    }
    for (const id of before) {
      const slack = names.get(id)?.slackUserId;
      if (!slack) continue;
      const body = podMoveBlocks({ kind: 'joined', intoPod: pod.name, fromPod: from.name, newcomers: newcomers.map((x) => names.get(x)?.name ?? 'someone') });
      emit({ key: `pod/${pod.id}/joined-from/${from.id}/${id}`, kind: 'slack.message', payload: { channel: slack, ...asPayload(body) } });
    }
  }
  await trx.updateTable('pod').set({ status: 'closed', ended_at: now, end_reason: 'closed_early' }).where('id', '=', from.id).execute();
  await endPodSeries(trx, emit, from.id, now, now);
  await trx.updateTable('pod_session').set({ status: 'cancelled', updated_at: now }).where('pod_id', '=', from.id).where('status', '=', 'scheduled').where('starts_at', '>', now).execute();
}

type Plan = (trx: Tx, wave: { id: string; programme_id: string }, from: Pod, members: string[], now: Date) => Promise<{ into: Map<string, Pod>; detail: string }>;

/**
 * One lead change on a short pod, in one transaction under the wave lock, audited: while the wave
 * invites it moves invites (`early`, see short-invites.ts); once its pods meet it moves seats
 * (`meeting`). Both re-check everything here, so a stale modal or a forged click changes nothing.
 */
async function regroupPlan(deps: WaveDeps, waveId: string, fromId: string, actor: Actor, action: string, meeting: Plan, early: InvitingPlan): Promise<string> {
  const now = deps.clock.now();
  const { detail } = await withOutbox(deps, async (trx, emit) => {
    const wave = await lockWave(trx, waveId);
    let planned: { into: Map<string, Pod>; detail: string };
    if (wave?.status === 'inviting') planned = await regroupInvites(trx, emit, await loadWaveContext(trx, waveId, wave), fromId, now, early);
    else {
      if (!wave || !['forming', 'running'].includes(wave.status)) throw new WaveControlError(`This wave is ${wave?.status ?? 'gone'}: only a wave that is inviting or whose pods meet can have them merged or re-matched.`);
      const from = await lockPod(trx, waveId, fromId);
      const members = await seated(trx, from.id);
      if (members.length >= from.min_size) throw new WaveControlError(`${from.name} has ${members.length} members, not below its minimum of ${from.min_size}.`);
      if (members.length === 0) throw new WaveControlError(`${from.name} has nobody left to move.`);
      planned = await meeting(trx, wave, from, members, now);
      await moveMembers(trx, emit, from, planned.into, now);
    }
    await recordAudit(trx, { actorId: actor.personId, actorSlackId: actor.slackUserId, action, allowed: true, subject: { waveId, podId: fromId, into: [...new Set([...planned.into.values()].map((p) => p.id))] }, detail: planned.detail }, now);
    return planned;
  });
  await refreshLeadHomes(deps);
  return detail;
}

/** Settings, people and org context for checking the pods a lead's change would make. */
async function checker(trx: Tx, wave: { id: string; programme_id: string }) {
  const full = await trx.selectFrom('wave').selectAll().where('id', '=', wave.id).executeTakeFirstOrThrow();
  const programme = (await findProgramme(trx, wave.programme_id))!;
  const settings = matchSettingsFor(programme, full.settings, full.start_week, full.seed);
  return { programme, settings };
}

/**
 * "Merge" two pods below their minimum. While the wave invites: everyone `fromId` still counts on
 * (accepted or not answered) is invited to `intoId` instead and `fromId` is dissolved (see
 * short-invites.ts). Once pods meet: everyone in `fromId` joins `intoId` (which keeps its
 * weekly time, its calendar series and its group), and `fromId`'s round ends early. Refused, with
 * the reason, when the merged pod would exceed its maximum, hold a manager and their report or an
 * excluded pair, or when its booked time is outside a newcomer's working hours. Audited.
 */
export async function mergeShortPods(deps: WaveDeps, waveId: string, fromId: string, intoId: string, actor: Actor): Promise<string> {
  if (fromId === intoId) throw new WaveControlError('Pick two different pods to merge.');
  return regroupPlan(deps, waveId, fromId, actor, 'wave.pod_merge', async (trx, wave, from, members, now) => {
    const into = await lockPod(trx, waveId, intoId);
    const staying = await seated(trx, into.id);
    if (staying.length + members.length > into.max_size) throw new WaveControlError(`${into.name} and ${from.name} together have ${staying.length + members.length}, above the maximum of ${into.max_size}: re-match ${from.name}'s members instead.`);
    const { programme, settings } = await checker(trx, wave);
    const ids = [...staying, ...members];
    const cards = await personCards(trx, ids);
    const org = await loadOrgContext(trx, ids);
    const [check] = regroup([matchPeopleOf(ids.map((id) => cards.get(id)!), org.idByEmail)], settings, org, now);
    if (!check?.pod) throw new WaveControlError(`${into.name} and ${from.name} cannot be merged: ${check?.why ?? 'no common slot'}.`);
    if (!(await keepsItsTime(trx, into, ids, programme, now))) throw new WaveControlError(`${into.name}'s booked weekly time is outside the working hours of someone in ${from.name}: re-match them instead.`);
    return { into: new Map(members.map((id) => [id, into])), detail: `${from.name} (${members.length}) merged into ${into.name} (${staying.length})` };
  }, mergeInvitesInto(intoId));
}

/**
 * "Re-match its people": each member of a pod below its minimum goes to the meeting pod of the wave
 * (with room) where they fit best, every hard constraint kept; then the pod's round ends early.
 * While the wave invites, the same with invites among the pods still inviting (short-invites.ts).
 * All or nothing: if anyone would be left without a pod, or a receiving pod's booked time does not
 * suit them, nothing changes and the lead is told why. Audited.
 */
export async function rematchShortPod(deps: WaveDeps, waveId: string, fromId: string, actor: Actor): Promise<string> {
  return regroupPlan(deps, waveId, fromId, actor, 'wave.pod_rematch', async (trx, wave, from, members, now) => {
    const others = await trx.selectFrom('pod').selectAll().where('wave_id', '=', waveId).where('id', '!=', from.id).where('status', 'in', [...MEETING]).orderBy('name').forUpdate().execute();
    const seats = await Promise.all(others.map((p) => seated(trx, p.id)));
    const open = others.map((p, k) => ({ pod: p, members: seats[k]! })).filter((o) => o.members.length > 0 && o.members.length < o.pod.max_size);
    if (open.length === 0) throw new WaveControlError('No other pod of this wave that meets has room: merge two short pods instead, or leave it.');
    const { programme, settings } = await checker(trx, wave);
    const ids = [...open.flatMap((o) => o.members), ...members];
    const cards = await personCards(trx, ids);
    const org = await loadOrgContext(trx, ids);
    const people = (list: string[]) => matchPeopleOf(list.map((id) => cards.get(id)!), org.idByEmail);
    const result = rematch(open.map((o) => people(o.members)), people(members), settings, org, now);
    const into = new Map<string, Pod>();
    for (const [k, p] of result.pods.entries()) for (const id of p.added) into.set(id, open[k]!.pod);
    const homeless = members.filter((id) => !into.has(id)).map((id) => cards.get(id)?.name ?? 'someone');
    if (homeless.length) throw new WaveControlError(`Nothing changed: ${homeless.join(', ')} ${homeless.length === 1 ? 'fits' : 'fit'} no pod with room (a common slot, no manager or report): merge with another short pod instead.`);
    for (const pod of new Set(into.values())) {
      const joining = [...into.entries()].filter(([, p]) => p.id === pod.id).map(([id]) => id);
      const all = [...open.find((o) => o.pod.id === pod.id)!.members, ...joining];
      if (!(await keepsItsTime(trx, pod, all, programme, now))) throw new WaveControlError(`Nothing changed: ${pod.name}'s booked weekly time is outside the working hours of someone from ${from.name}.`);
    }
    const where = [...new Set([...into.values()].map((p) => p.name))].join(', ');
    return { into, detail: `${from.name} (${members.length}) re-matched into ${where}` };
  }, rematchInvites);
}
