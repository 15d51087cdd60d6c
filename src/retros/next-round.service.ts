import type { RetroDecision } from '../core/retro/decision.ts';
import { nextRoundStartWeek } from '../core/retro/timing.ts';
import type { Tx } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import { podIntroKey } from '../pods/confirm.service.ts';
import { recordPairings } from '../pods/pod.repository.ts';
import type { Pod } from '../pods/pod.table.ts';
import { podIntroBlocks } from '../slack/blocks/pod.blocks.ts';
import { asPayload, type WaveContext } from '../waves/invite-messages.ts';
import { personCards } from '../waves/match-inputs.ts';

/**
 * A continued pod's next round: a new pod row (round + 1, previous_pod_id → this round) with the
 * members who said yes, seated in the new facilitation order (seat 0 hosts first), the rhythm
 * they chose in its settings, its start week, and the pairing history of the new round. Its intro
 * goes to the new group DM (the channel is recorded from the delivery, as for any pod). The new row
 * starts 'confirmed', like any pod at its deadline: sessions and the calendar series follow from
 * there (src/pods/lifecycle.ts).
 */
export async function startNextRound(
  trx: Tx, emit: (intent: Intent) => void, ctx: WaveContext, pod: Pod,
  decision: Extract<RetroDecision, { kind: 'continue' }>, lastSessionAt: Date, now: Date,
): Promise<{ podId: string; startWeek: string }> {
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

  const cards = await personCards(trx, decision.members);
  const members = decision.members.map((id) => {
    const c = cards.get(id)!;
    return { name: c.name, team: c.team, slackUserId: c.slackUserId };
  });
  const users = members.map((m) => m.slackUserId).filter((u): u is string => !!u);
  if (users.length >= 2) {
    emit({
      key: podIntroKey(next.id), kind: 'slack.group_message',
      payload: {
        users,
        ...asPayload(podIntroBlocks({
          podName: `${pod.name}, round ${pod.round + 1}`, programmeName: ctx.programme.name, members, facilitator: members[0]!,
          cadenceWeeks: decision.cadenceWeeks, sessionCount: ctx.settings.sessionCount, sessionMinutes: ctx.settings.sessionMinutes,
          startWeek, guide: ctx.programme.facilitation_guide,
        })),
      },
    });
  }
  return { podId: next.id, startWeek };
}
