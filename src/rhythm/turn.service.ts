import { nextFacilitator } from '../core/rhythm/timing.ts';
import { cancelNudge, nudge, updateNudge } from '../nudges/nudge.service.ts';
import { promptDoneMessage, promptMessage, skipNoticeMessage } from '../slack/blocks/rhythm.blocks.ts';
import { asPayload } from '../waves/invite-messages.ts';
import { refreshLeadHomes } from '../waves/lead-refresh.ts';
import { evaluateAttention } from './attention.service.ts';
import type { RhythmDeps } from './beat.service.ts';
import { sessionAction } from './checkin.service.ts';
import { SessionClosedError } from './errors.ts';
import { sessionFacts, who } from './facts.ts';
import { sessionKeys } from './keys.ts';
import { setCheckin, turnMessagesOf } from './rhythm.repository.ts';
import { reminderAt } from '../core/rhythm/timing.ts';

/**
 * "Swap my turn": the facilitator hands this session to the next active member in seat order,
 * who is told at once (inside their own quiet hours); the prompt is edited to say so.
 * Facilitator only; the session must still be ahead.
 */
export async function swapTurn(deps: RhythmDeps, input: { sessionId: string; slackUserId: string }): Promise<{ to: string }> {
  return sessionAction(deps, 'rhythm.swap', input, 'facilitator', async (trx, emit, s, members, me, now) => {
    if (s.status !== 'scheduled' || now >= s.starts_at) throw new SessionClosedError('That session has already started or been settled.');
    const next = nextFacilitator(members, me.personId);
    if (!next) throw new SessionClosedError('Nobody else in the pod can take this turn right now: keep it, or skip this week.');
    await trx.updateTable('pod_session').set({ facilitator_id: next.personId }).where('id', '=', s.id).execute();
    await setCheckin(trx, s.id, { swaps: s.checkin.swaps + 1, swapped_from: me.personId });
    const keys = sessionKeys(s.id, s.checkin.version);
    const facts = sessionFacts(s, members, next.personId);
    await nudge(trx, emit, {
      key: keys.handover(next.personId), kind: 'turn_handover', to: [next.personId], message: asPayload(promptMessage(facts, next.zone, who(me))),
      staleAt: s.starts_at, programmeId: s.programmeId, podId: s.pod_id,
    }, now);
    const done = asPayload(promptDoneMessage(facts, { swappedTo: who(next) }));
    for (const { key } of await turnMessagesOf(trx, s.id, me.personId)) await updateNudge(trx, emit, key, done, `swapped/${s.checkin.swaps + 1}`);
    return { to: next.personId };
  });
}

/**
 * "We'll skip this week": the session is skipped ahead of time; the pod's reminder is replaced by
 * a short notice in its group DM, and two misses in a row raise the attention flag.
 */
export async function skipAhead(deps: RhythmDeps, input: { sessionId: string; slackUserId: string }): Promise<'skipped' | 'unchanged'> {
  let flagged = false;
  const result = await sessionAction(deps, 'rhythm.skip', input, 'facilitator', async (trx, emit, s, members, me, now) => {
    if (s.status === 'skipped') return 'unchanged' as const;
    if (s.status !== 'scheduled' || now >= s.starts_at) throw new SessionClosedError('That session has already started or been settled; use the check-in after it instead.');
    await trx.updateTable('pod_session').set({ status: 'skipped' }).where('id', '=', s.id).execute();
    await setCheckin(trx, s.id, { outcome: 'skipped', answered_by: me.personId, answered_at: now });
    const keys = sessionKeys(s.id, s.checkin.version);
    const reminderStillAhead = await cancelNudge(trx, keys.reminder, 'session skipped');
    const facts = sessionFacts(s, members, s.facilitator_id);
    if (reminderStillAhead) {
      await nudge(trx, emit, {
        key: keys.skipNotice, kind: 'reminder', to: members.map((m) => m.personId), group: members.length > 1,
        message: asPayload(skipNoticeMessage(facts, who(me))), staleAt: s.starts_at, programmeId: s.programmeId, podId: s.pod_id,
        // Told as early as quiet hours allow, but no later than when the reminder would have come.
        plannedAt: now < reminderAt(s.starts_at) ? now : reminderAt(s.starts_at),
      }, now);
    }
    const done = asPayload(promptDoneMessage(facts, { skipped: true }));
    for (const { key } of await turnMessagesOf(trx, s.id, me.personId)) await updateNudge(trx, emit, key, done, 'skipped');
    flagged = await evaluateAttention(trx, emit, { ...s, status: 'skipped' }, now);
    return 'skipped' as const;
  });
  if (flagged) await refreshLeadHomes(deps);
  return result;
}
