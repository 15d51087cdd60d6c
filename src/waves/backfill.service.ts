import { findBackfill } from '../core/matching/backfill.ts';
import type { Tx } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import { matchSettingsFor } from '../programmes/programme.service.ts';
import { slotMembersOf } from '../pods/session.service.ts';
import { slotForChangedPod } from '../pods/slot.service.ts';
import type { PodSlot } from '../pods/pod.table.ts';
import { nudge } from '../nudges/nudge.service.ts';
import { inviteNudge, inviteUpdateIntent, podInviteMessages, type WaveContext } from './invite-messages.ts';
import { loadOrgContext, matchPeopleOf, personCards } from './match-inputs.ts';
import { backfillCandidates, insertInvites, invitesOfPod, upsertWaveMembers } from './wave.repository.ts';

export type BackfillOutcome = { invited: string } | { invited: null; reason: string };

/**
 * Offers a freed place in an inviting pod to the best fitting person from the wave's unplaced
 * pool (findBackfill keeps every hard constraint: size, managers, exclusions, a common slot).
 * The caller holds the wave lock, so two declines never offer the same person two places.
 */
export async function backfillPod(trx: Tx, emit: (intent: Intent) => void, ctx: WaveContext, podId: string, now: Date): Promise<BackfillOutcome> {
  const pod = await trx.selectFrom('pod').selectAll().where('id', '=', podId).forUpdate().executeTakeFirst();
  if (!pod || pod.status !== 'inviting') return { invited: null, reason: 'the pod is no longer inviting' };
  const live = await invitesOfPod(trx, podId, ['pending', 'accepted']);
  const candidates = await backfillCandidates(trx, ctx.wave.id, now);
  if (candidates.length === 0) return { invited: null, reason: 'no unplaced people left in the wave' };
  const memberIds = live.map((i) => i.person_id);
  const cards = await personCards(trx, [...memberIds, ...candidates]);
  const org = await loadOrgContext(trx, [...memberIds, ...candidates]);
  const people = (ids: string[]) => matchPeopleOf(ids.map((id) => cards.get(id)!).filter(Boolean), org.idByEmail);
  const settings = matchSettingsFor(ctx.programme, ctx.wave.settings, ctx.wave.start_week, ctx.wave.seed);
  const found = findBackfill(people(memberIds), people(candidates), { ...settings, maxSize: pod.max_size }, org, now);
  if (found.personId === null) return { invited: null, reason: found.reason };

  const [invite] = await insertInvites(trx, [{ pod_id: podId, wave_id: ctx.wave.id, person_id: found.personId, created_at: now }]);
  await upsertWaveMembers(trx, [{ wave_id: ctx.wave.id, person_id: found.personId, state: 'placed', reason: null, suggestion: null, updated_at: now }]);
  await trx.updateTable('pod').set({
    score: found.pod.score,
    breakdown: JSON.stringify({ ...found.pod.breakdown, members: found.pod.members, window: found.pod.window, backfilled: true }) as unknown as Record<string, unknown>,
    // The slot that fits the newcomer too (booking reads this column).
    window_start_minute: found.pod.window.utcStartMinuteOfWeek,
  }).where('id', '=', podId).execute();
  // The time the others were told stays when it suits the newcomer; otherwise everyone's invite
  // is updated with the new one.
  const members = await slotMembersOf(trx, [...memberIds, found.personId]);
  const { slot, changed } = slotForChangedPod(pod.slot, { programme: ctx.programme, settings: ctx.settings, startWeek: ctx.wave.start_week }, members, ctx.wave.invite_deadline);
  await trx.updateTable('pod').set({ slot: slot ? (JSON.stringify(slot) as unknown as PodSlot) : null, recurrence_zone: slot?.zone ?? null }).where('id', '=', podId).execute();
  const { messages, slackIds } = await podInviteMessages(trx, ctx, { ...pod, slot });
  const message = messages.get(invite!.id)!;
  if (slackIds.get(invite!.id)) await nudge(trx, emit, inviteNudge(message, found.personId, ctx.programme.id, podId, ctx.wave.invite_deadline), now);
  if (changed) {
    for (const other of live) {
      const m = messages.get(other.id);
      if (m) emit(inviteUpdateIntent(m, `slot-for-${found.personId}`));
    }
  }
  return { invited: found.personId };
}
