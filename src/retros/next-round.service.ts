import type { RetroDecision } from '../core/retro/decision.ts';
import { nextRoundStartWeek } from '../core/retro/timing.ts';
import type { Tx } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import { podIntroKey } from '../pods/confirm.service.ts';
import { slotText } from '../core/slots/index.ts';
import { recordPairings } from '../pods/pod.repository.ts';
import { scheduleSessions } from '../pods/session.service.ts';
import { bookSeries } from '../calendar/booking.service.ts';
import type { Pod } from '../pods/pod.table.ts';
import { podIntroBlocks } from '../slack/blocks/pod.blocks.ts';
import { asPayload, type WaveContext } from '../waves/invite-messages.ts';
import { personCards } from '../waves/match-inputs.ts';

/**
 * A continued pod's next round: a new pod row (round + 1, previous_pod_id → this round) with the
 * members who said yes, seated in the new facilitation order (seat 0 hosts first), the rhythm
 * they chose in its settings, its start week, and the pairing history of the new round. Its intro
 * goes to the new group DM (the channel is recorded from the delivery, as for any pod). The new row
 * is confirmed like any pod at its deadline and gets its sessions at once (→ 'scheduled').
 */
export async function startNextRound(
  trx: Tx, emit: (intent: Intent) => void, ctx: WaveContext, pod: Pod,
  decision: Extract<RetroDecision, { kind: 'continue' }>, lastSessionAt: Date, now: Date,
): Promise<{ podId: string; startWeek: string; firstHost: string }> {
  const startWeek = nextRoundStartWeek(lastSessionAt, now, decision.cadenceWeeks);
  const next = await trx.insertInto('pod').values({
    wave_id: pod.wave_id, round: pod.round + 1, previous_pod_id: pod.id, name: pod.name, status: 'confirmed',
    min_size: Math.min(pod.min_size, decision.members.length), max_size: Math.max(pod.max_size, decision.members.length),
    score: pod.score, breakdown: JSON.stringify({ ...pod.breakdown, continuedFrom: pod.id }) as unknown as Record<string, unknown>,
    window_start_minute: pod.window_start_minute, confirmed_at: now, created_at: now,
    settings: JSON.stringify({ ...pod.settings, cadenceWeeks: decision.cadenceWeeks }) as never, round_start_week: startWeek,
  }).returning('id').executeTakeFirstOrThrow();
  await trx.insertInto('pod_member').values(decision.members.map((person_id, seat) => ({ pod_id: next.id, person_id, seat, joined_at: now }))).execute();
  await recordPairings(trx, next.id, decision.members, startWeek);

  // Calendar's seam: the round's sessions (a slot in everyone's hours, facilitators fair across
  // rounds with the new seat order breaking ties), whether or not a calendar is connected.
  const row = await trx.selectFrom('pod').selectAll().where('id', '=', next.id).executeTakeFirstOrThrow();
  const settings = { ...ctx.settings, cadenceWeeks: decision.cadenceWeeks };
  const scheduled = await scheduleSessions(trx, row, { programme: ctx.programme, settings, startWeek }, decision.members, now);
  const occurrences = scheduled.slot.occurrences.map((o) => ({ start: Date.parse(o.start), end: Date.parse(o.end) }));
  const cards = await personCards(trx, decision.members);
  const members = decision.members.map((id) => {
    const c = cards.get(id)!;
    return { name: c.name, team: c.team, slackUserId: c.slackUserId, localStart: slotText(occurrences, c.timezone) };
  });
  const facilitator = members[decision.members.indexOf(scheduled.facilitators[0]!)] ?? members[0]!;
  // A new round is a new time-limited commitment: a new series, booked exactly once (an intent in
  // this transaction, with its own deterministic event id per pod round).
  if (ctx.calendar?.enabled && decision.members.length) {
    await bookSeries(trx, emit, ctx.calendar, {
      podId: next.id, podName: `${pod.name}, round ${pod.round + 1}`, programmeName: ctx.programme.name, guide: ctx.programme.facilitation_guide,
      organizer: ctx.programme.calendar_organizer, slot: scheduled.slot, occurrences: scheduled.slot.occurrences, part: 0, memberIds: decision.members,
    }, now);
  }
  const users = members.map((m) => m.slackUserId).filter((u): u is string => !!u);
  if (users.length >= 2) {
    emit({
      key: podIntroKey(next.id), kind: 'slack.group_message',
      payload: {
        users,
        ...asPayload(podIntroBlocks({
          podName: `${pod.name}, round ${pod.round + 1}`, programmeName: ctx.programme.name, members, facilitator,
          cadenceWeeks: decision.cadenceWeeks, sessionCount: ctx.settings.sessionCount, sessionMinutes: ctx.settings.sessionMinutes,
          startWeek, guide: ctx.programme.facilitation_guide,
          ...(occurrences[0] ? { firstSession: new Date(occurrences[0].start) } : {}), notes: scheduled.notes.map((n) => n.detail),
          calendarFollows: ctx.calendar?.enabled ?? false,
        })),
      },
    });
  }
  return { podId: next.id, startWeek, firstHost: facilitator.name };
}
