import type { Db, Tx } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import { podIntroBlocks } from '../slack/blocks/pod.blocks.ts';
import { asPayload, type WaveContext } from '../waves/invite-messages.ts';
import { personCards } from '../waves/match-inputs.ts';
import { recordPairings } from './pod.repository.ts';
import { scheduleSessions } from './session.service.ts';
import { bookSeries } from '../calendar/booking.service.ts';
import { slotText } from '../core/slots/index.ts';
import { sql } from 'kysely';
import { nudge } from '../nudges/nudge.service.ts';

export const podIntroKey = (podId: string) => `pod/${podId}/intro`;

/**
 * Confirms a pod from its accepted invites: seats in acceptance order (the first to accept
 * facilitates session 1; the rotation follows the seats), pairing history, its sessions (slot and
 * facilitators, with or without a calendar: see scheduleSessions) and the group DM naming the slot.
 *
 * Pairs count as having met at confirmation, dated the wave's start week: by then everyone has
 * committed and shares the group chat, which is what "not the same people as last time" is about.
 */
export async function confirmPod(trx: Tx, emit: (intent: Intent) => void, ctx: WaveContext, podId: string, now: Date): Promise<string[]> {
  const accepted = await trx.selectFrom('invite').select(['person_id', 'answered_at']).where('pod_id', '=', podId).where('status', '=', 'accepted')
    .orderBy('answered_at').orderBy('person_id').execute();
  const ids = accepted.map((a) => a.person_id);
  if (ids.length) {
    await trx.insertInto('pod_member').values(ids.map((person_id, seat) => ({ pod_id: podId, person_id, seat, joined_at: now })))
      .onConflict((oc) => oc.columns(['pod_id', 'person_id']).doNothing()).execute();
  }
  const pod = await trx.updateTable('pod').set({ status: 'confirmed', confirmed_at: now }).where('id', '=', podId).returningAll().executeTakeFirstOrThrow();
  await recordPairings(trx, podId, ids, ctx.wave.start_week);
  const scheduled = await scheduleSessions(trx, pod, { programme: ctx.programme, settings: ctx.settings, startWeek: ctx.wave.start_week }, ids, now);
  const cards = await personCards(trx, ids);
  const members = ids.map((id) => {
    const card = cards.get(id)!;
    return { name: card.name, team: card.team, slackUserId: card.slackUserId, localStart: slotText(scheduled.slot.occurrences.map((o) => ({ start: Date.parse(o.start), end: Date.parse(o.end) })), card.timezone) };
  });
  const facilitator = members[ids.indexOf(scheduled.facilitators[0]!)] ?? members[0]!;
  // The booking is an intent in this same transaction: the series is booked exactly once, later.
  if (ctx.calendar?.enabled && ids.length) {
    await bookSeries(trx, emit, ctx.calendar, {
      podId, podName: pod.name, programmeName: ctx.programme.name, guide: ctx.programme.facilitation_guide, organizer: ctx.programme.calendar_organizer,
      slot: scheduled.slot, occurrences: scheduled.slot.occurrences, part: 0, memberIds: ids,
    }, now);
  }
  const users = members.map((m) => m.slackUserId).filter((u): u is string => !!u);
  if (users.length >= 2) {
    // Through the respect policy: a group message goes at the first moment inside every active
    // member's hours (pods are matched on a common slot inside everyone's hours, so one comes
    // each working week); paused members are left out; once the first session has begun the
    // intro is stale and dropped, its reason in the nudge ledger (the reminders carry the slot).
    await nudge(trx, emit, {
      key: podIntroKey(podId), kind: 'pod_intro', to: ids, group: true, programmeId: ctx.programme.id, podId,
      staleAt: new Date(scheduled.slot.occurrences[0]!.start),
      message: {
        ...asPayload(podIntroBlocks({
          podName: pod.name, programmeName: ctx.programme.name, members, facilitator,
          cadenceWeeks: ctx.settings.cadenceWeeks, sessionCount: ctx.settings.sessionCount, sessionMinutes: ctx.settings.sessionMinutes,
          startWeek: ctx.wave.start_week, guide: ctx.programme.facilitation_guide,
          firstSession: new Date(scheduled.slot.occurrences[0]!.start), notes: scheduled.notes.map((n) => n.detail),
          calendarFollows: ctx.calendar?.enabled ?? false, podId,
        })),
      },
    }, now);
  }
  return ids;
}

/**
 * Stores each confirmed pod's group DM channel once its intro has been delivered (the channel id
 * comes back from conversations.open in the outbox result). A reconciler entry: cheap, idempotent.
 */
export async function recordPodChannels(db: Db): Promise<number> {
  const result = await sql`
    UPDATE pod SET slack_channel_id = outbox.result->>'channel'
    FROM outbox
    WHERE pod.slack_channel_id IS NULL AND pod.status <> 'dissolved'
      AND outbox.idempotency_key = 'pod/' || pod.id::text || '/intro' AND outbox.state = 'sent'
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
