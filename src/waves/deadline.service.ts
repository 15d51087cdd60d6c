import { rematch } from '../core/matching/backfill.ts';
import type { Tx } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import { cancelPending } from '../outbox/outbox.repository.ts';
import type { OutboxState } from '../outbox/outbox.table.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import { confirmPod } from '../pods/confirm.service.ts';
import { calendarSettingsOf } from '../calendar/booking.service.ts';
import type { Pod } from '../pods/pod.table.ts';
import { matchSettingsFor } from '../programmes/programme.service.ts';
import { podOutcomeBlocks } from '../slack/blocks/pod.blocks.ts';
import { reminderKey } from './answer.service.ts';
import { dropHeldNudges } from '../nudges/nudge.repository.ts';
import { nudge } from '../nudges/nudge.service.ts';
import { asPayload, inviteMessageKey, inviteUpdateIntent, loadWaveContext, podInviteMessages, type WaveContext } from './invite-messages.ts';
import type { WaveDeps } from './launch.service.ts';
import { refreshLeadHomes } from './lead-refresh.ts';
import { loadOrgContext, matchPeopleOf, personCards } from './match-inputs.ts';
import { closedInviteIntents } from './deadline-invites.ts';
import { podName } from './preview.service.ts';
import { invitesOfWave, lockWave, podsOfWave, setWaveStatus, upsertWaveMembers } from './wave.repository.ts';

export interface DeadlineOutcome {
  closed: boolean;
  expired: number;
  confirmed: number;
  dissolved: number;
  moved: number;
  newPods: number;
  unplaced: number;
}

/**
 * Closes a wave's invitations at its deadline, in one transaction: pending invites expire; a pod
 * with at least its minimum accepted is confirmed; below the minimum, its accepted members are
 * merged into other pods (up to the maximum) or re-matched among themselves (rematch keeps every
 * hard constraint), the short pod is dissolved, and each of them is told what happened. Anyone
 * rematch cannot place is told why and recorded as unplaced. Every invite DM is then rewritten to
 * read as it ended (see closedInviteIntents). Idempotent: a closed wave is left alone.
 */
export async function closeInvitations(deps: WaveDeps, waveId: string): Promise<DeadlineOutcome> {
  const now = deps.clock.now();
  const none: DeadlineOutcome = { closed: false, expired: 0, confirmed: 0, dissolved: 0, moved: 0, newPods: 0, unplaced: 0 };
  const outcome = await withOutbox(deps, async (trx, emit) => {
    const wave = await lockWave(trx, waveId);
    if (!wave || wave.status !== 'inviting' || wave.invite_deadline.getTime() > now.getTime()) return none;
    const ctx = { ...(await loadWaveContext(trx, waveId, wave)), calendar: calendarSettingsOf(deps.config ?? {}) };
    const out: DeadlineOutcome = { ...none, closed: true };

    const pending = await invitesOfWave(trx, waveId, ['pending']);
    // Each expired invite's reminder: withdrawn if unsent, else its state says it needs closing.
    let reminders: ReadonlyMap<string, OutboxState> = new Map();
    if (pending.length) {
      await trx.updateTable('invite').set({ status: 'expired' }).where('id', 'in', pending.map((i) => i.id)).execute();
      reminders = await cancelPending(trx, pending.map((i) => reminderKey(i.id)));
      await dropHeldNudges(trx, pending.map((i) => inviteMessageKey(i.id)), 'invite expired');
      await upsertWaveMembers(trx, pending.map((i) => ({ wave_id: waveId, person_id: i.person_id, state: 'withdrawn' as const, reason: 'no answer by the deadline', suggestion: 'invite them again in a later wave', updated_at: now })));
      out.expired = pending.length;
    }
    const pods = await podsOfWave(trx, waveId, ['inviting']);
    for (const pod of pods) {
      const { messages } = await podInviteMessages(trx, ctx, pod);
      for (const i of pending.filter((p) => p.pod_id === pod.id)) emit(inviteUpdateIntent(messages.get(i.id)!, 'expired'));
    }
    const accepted = await invitesOfWave(trx, waveId, ['accepted']);
    const acceptedOf = (pod: Pod) => accepted.filter((i) => i.pod_id === pod.id).map((i) => i.person_id);
    const good = pods.filter((p) => acceptedOf(p).length >= p.min_size);
    const short = pods.filter((p) => acceptedOf(p).length < p.min_size);
    const orphans = short.flatMap(acceptedOf);
    const homes = await rehome(trx, emit, ctx, good, short, orphans, acceptedOf, pods.length, now);
    Object.assign(out, homes.counts);
    for (const pod of short) {
      const n = acceptedOf(pod).length;
      await trx.updateTable('pod').set({ status: 'dissolved', dissolved_reason: `only ${n} accepted by the deadline (minimum ${pod.min_size})` }).where('id', '=', pod.id).execute();
      out.dissolved++;
    }
    const goingAhead = [...good.map((p) => p.id), ...homes.newPodIds];
    for (const podId of goingAhead) {
      await confirmPod(trx, emit, ctx, podId, now);
      out.confirmed++;
    }
    const origins = new Map(short.flatMap((from) => accepted.filter((i) => i.pod_id === from.id)
      .map((i) => [i.person_id, { inviteId: i.id, from, accepted: acceptedOf(from).length }] as const)));
    for (const intent of await closedInviteIntents(trx, ctx, goingAhead, origins, homes.unplaced, pending, reminders)) emit(intent);
    await setWaveStatus(trx, waveId, 'forming', now);
    return out;
  });
  if (outcome.closed) await refreshLeadHomes(deps);
  return outcome;
}

/** Moves the accepted members of short pods into pods with room, or new pods among themselves. */
async function rehome(
  trx: Tx, emit: (intent: Intent) => void, ctx: WaveContext, good: Pod[], short: Pod[], orphans: string[],
  acceptedOf: (pod: Pod) => string[], podCount: number, now: Date,
): Promise<{ newPodIds: string[]; unplaced: { personId: string; detail: string }[]; counts: Pick<DeadlineOutcome, 'moved' | 'newPods' | 'unplaced'> }> {
  const counts = { moved: 0, newPods: 0, unplaced: 0 };
  if (orphans.length === 0) return { newPodIds: [], unplaced: [], counts };
  const members = good.map(acceptedOf);
  const everyone = [...members.flat(), ...orphans];
  const cards = await personCards(trx, everyone);
  const org = await loadOrgContext(trx, everyone);
  const people = (ids: string[]) => matchPeopleOf(ids.map((id) => cards.get(id)!), org.idByEmail);
  const settings = matchSettingsFor(ctx.programme, ctx.wave.settings, ctx.wave.start_week, ctx.wave.seed);
  const result = rematch(members.map(people), people(orphans), settings, org, now);
  const fromPod = new Map(short.flatMap((p) => acceptedOf(p).map((id) => [id, p] as const)));

  const moveInvite = async (personId: string, podId: string) => {
    const from = fromPod.get(personId)!;
    await trx.updateTable('invite').set({ status: 'withdrawn' }).where('pod_id', '=', from.id).where('person_id', '=', personId).execute();
    await trx.insertInto('invite').values({ pod_id: podId, wave_id: ctx.wave.id, person_id: personId, status: 'accepted', answered_at: now, created_at: now }).execute();
  };
  // Through the respect policy, inside the person's own hours (uncounted: it answers their Accept).
  const tell = async (personId: string, kind: 'moved' | 'new' | 'unplaced', toPod?: string, detail?: string) => {
    const from = fromPod.get(personId)!;
    if (!cards.get(personId)?.slackUserId) return;
    const body = podOutcomeBlocks({ kind, fromPod: from.name, accepted: acceptedOf(from).length, minSize: from.min_size, ...(toPod ? { toPod } : {}), ...(detail ? { detail } : {}) });
    await nudge(trx, emit, { key: `pod/${from.id}/outcome/${personId}`, kind: 'pod_outcome', to: [personId], programmeId: ctx.programme.id, podId: from.id, message: asPayload(body) }, now);
  };

  for (const [k, pod] of result.pods.entries()) {
    // A pod that grew has a new common slot: store it, so the intro gives everyone (the newcomers
    // too) their local time and booking uses the slot that fits them all.
    if (pod.pod) {
      await trx.updateTable('pod').set({
        score: pod.pod.score,
        breakdown: JSON.stringify({ ...(good[k]!.breakdown ?? {}), ...pod.pod.breakdown, members: pod.pod.members, window: pod.pod.window, merged: true }) as unknown as Record<string, unknown>,
        window_start_minute: pod.pod.window.utcStartMinuteOfWeek,
      }).where('id', '=', good[k]!.id).execute();
    }
    for (const personId of pod.added) {
      await moveInvite(personId, good[k]!.id);
      await tell(personId, 'moved', good[k]!.name);
      counts.moved++;
    }
  }
  const newPodIds: string[] = [];
  for (const [k, matched] of result.newPods.entries()) {
    const name = podName(podCount + k);
    const row = await trx.insertInto('pod').values({
      wave_id: ctx.wave.id, name, status: 'inviting', min_size: Math.max(2, Math.min(settings.minSize, matched.members.length)),
      max_size: Math.min(8, Math.max(settings.maxSize, matched.members.length)), score: matched.score,
      breakdown: JSON.stringify({ ...matched.breakdown, members: matched.members, window: matched.window, rematched: true }) as unknown as Record<string, unknown>,
      window_start_minute: matched.window.utcStartMinuteOfWeek, created_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    for (const personId of matched.members) {
      await moveInvite(personId, row.id);
      await tell(personId, 'new', name);
    }
    newPodIds.push(row.id);
    counts.newPods++;
  }
  for (const u of result.unplaced) {
    const from = fromPod.get(u.personId)!;
    await trx.updateTable('invite').set({ status: 'withdrawn' }).where('pod_id', '=', from.id).where('person_id', '=', u.personId).execute();
    await upsertWaveMembers(trx, [{ wave_id: ctx.wave.id, person_id: u.personId, state: 'unplaced', reason: `accepted, but ${u.detail}`, suggestion: u.suggestion, updated_at: now }]);
    await tell(u.personId, 'unplaced', undefined, u.detail);
    counts.unplaced++;
  }
  return { newPodIds, unplaced: result.unplaced.map((u) => ({ personId: u.personId, detail: u.detail })), counts };
}
