import { calendarSettingsOf } from '../calendar/booking.service.ts';
import { decideRetro, type RetroDecision } from '../core/retro/decision.ts';
import { retroWindowCloses } from '../core/retro/timing.ts';
import type { Tx } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import { cancelNudge } from '../nudges/nudge.service.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import { endPodSeries } from '../calendar/membership.service.ts';
import type { Pod, PodEndReason } from '../pods/pod.table.ts';
import { retroOutcomeBlocks, type RetroOutcomeFor } from '../slack/blocks/retro.blocks.ts';
import { asPayload, loadWaveContext } from '../waves/invite-messages.ts';
import type { WaveDeps } from '../waves/launch.service.ts';
import { refreshLeadHomes } from '../waves/lead-refresh.ts';
import { startNextRound } from './next-round.service.ts';
import { responsesOfPod, roundMembers, roundSessions } from './retro.repository.ts';
import { retroReminderKey } from './retro.service.ts';

export type DecisionOutcome = { kind: 'wait' | 'done' } | { kind: 'continued'; nextPodId: string; members: number } | { kind: 'closed'; reason: PodEndReason };

export const retroOutcomeKey = (podId: string, personId: string) => `pod/${podId}/retro-outcome/${personId}`;

/**
 * Applies the retro decision rule (src/core/retro/decision.ts) to a round in retro: once everyone
 * has answered or the window has closed, the round ends 'continued' (and its next round starts)
 * or 'closed', and every member is told where that leaves them. Idempotent: a decided round is
 * left alone, and the pod row is locked while deciding.
 */
export async function decideRound(deps: WaveDeps, podId: string): Promise<DecisionOutcome> {
  const now = deps.clock.now();
  const outcome = await withOutbox(deps, async (trx, emit): Promise<DecisionOutcome> => {
    const pod = await trx.selectFrom('pod').selectAll().where('id', '=', podId).forUpdate().executeTakeFirst();
    if (!pod || pod.status !== 'retro') return { kind: 'done' };
    // With the calendar settings, as at confirmation: a continued pod's new round books its own series.
    const ctx = { ...(await loadWaveContext(trx, pod.wave_id)), calendar: calendarSettingsOf(deps.config ?? {}) };
    const [members, responses, sessions] = await Promise.all([roundMembers(trx, podId), responsesOfPod(trx, podId), roundSessions(trx, podId)]);
    const decision = decideRetro({
      members: members.map((m) => m.personId),
      answers: responses.map((r) => ({ personId: r.person_id, wantsToContinue: r.wants_to_continue, facilitationNext: r.facilitation_next, cadenceNext: r.cadence_next })),
      minSize: pod.min_size,
      windowClosed: retroWindowCloses(pod.retro_opened_at!).getTime() <= now.getTime(),
      cadenceWeeks: pod.settings.cadenceWeeks ?? ctx.settings.cadenceWeeks,
      lastFacilitatorId: sessions.at(-1)?.facilitator_id ?? null,
    });
    if (decision.kind === 'wait') return { kind: 'wait' };
    // A reminder still held by the respect policy is pointless once the pod has decided.
    for (const m of members) await cancelNudge(trx, retroReminderKey(podId, m.personId), 'the pod has decided');
    const names = new Map(members.map((m) => [m.personId, m.name]));
    if (decision.kind === 'continue') {
      await endRound(trx, emit, pod, 'continued', now);
      const next = await startNextRound(trx, emit, ctx, pod, decision, sessions.at(-1)?.starts_at ?? now, now);
      const stayers = decision.members.map((id) => names.get(id)!);
      for (const m of members) {
        const body: RetroOutcomeFor = decision.members.includes(m.personId)
          ? { kind: 'continuing', podName: pod.name, round: pod.round + 1, members: stayers, cadenceWeeks: decision.cadenceWeeks, startWeek: next.startWeek, firstHost: next.firstHost }
          : { kind: 'not_continuing', podName: pod.name, nextRoundOf: stayers };
        tell(emit, podId, m, body);
      }
      return { kind: 'continued', nextPodId: next.podId, members: decision.members.length };
    }
    // A retro the pod brought forward (before its last session) that closes is an early end.
    const early = decision.reason === 'decided_to_close' && !!sessions.at(-1) && pod.retro_opened_at!.getTime() < sessions.at(-1)!.starts_at.getTime();
    const reason = early ? 'closed_early' : decision.reason;
    await endRound(trx, emit, pod, reason, now);
    for (const m of members) {
      tell(emit, podId, m, { kind: 'closed', podName: pod.name, reason, offeredNextWave: decision.offerNextWave.includes(m.personId) });
    }
    return { kind: 'closed', reason };
  });
  if (outcome.kind === 'continued' || outcome.kind === 'closed') await refreshLeadHomes(deps);
  return outcome;
}

/**
 * A round that has not ended and is left with fewer than two members closes early: its future
 * sessions are cancelled and whoever is left is told (they are invitable to later waves again).
 */
export async function closeShortRound(deps: WaveDeps, podId: string): Promise<'closed' | 'done'> {
  const now = deps.clock.now();
  const outcome = await withOutbox(deps, async (trx, emit) => {
    const pod = await trx.selectFrom('pod').selectAll().where('id', '=', podId).forUpdate().executeTakeFirst();
    if (!pod || !['confirmed', 'scheduled', 'running', 'retro'].includes(pod.status)) return 'done' as const;
    const members = await roundMembers(trx, podId);
    if (members.length >= 2) return 'done' as const;
    await endRound(trx, emit, pod, 'below_two_members', now);
    for (const m of members) tell(emit, podId, m, { kind: 'closed', podName: pod.name, reason: 'below_two_members', offeredNextWave: false });
    return 'closed' as const;
  });
  if (outcome === 'closed') await refreshLeadHomes(deps);
  return outcome;
}

/**
 * Ends the round; sessions still ahead are cancelled (a continued pod meets in its next round), and
 * so are their calendar occurrences: a series with occurrences ahead ends with RRULE UNTIL now, an
 * intent in this same transaction (nobody keeps invitations to a round that is over).
 */
async function endRound(trx: Tx, emit: (intent: Intent) => void, pod: Pod, reason: PodEndReason, now: Date): Promise<void> {
  await trx.updateTable('pod')
    .set({ status: reason === 'continued' ? 'continued' : 'closed', ended_at: now, end_reason: reason })
    .where('id', '=', pod.id).execute();
  await endPodSeries(trx, emit, pod.id, now, now);
  await trx.updateTable('pod_session').set({ status: 'cancelled' }).where('pod_id', '=', pod.id).where('status', '=', 'scheduled').where('starts_at', '>', now).execute();
}

function tell(emit: (intent: Intent) => void, podId: string, m: { personId: string; slackUserId: string | null }, body: RetroOutcomeFor): void {
  if (!m.slackUserId) return;
  emit({ key: retroOutcomeKey(podId, m.personId), kind: 'slack.message', payload: { channel: m.slackUserId, ...asPayload(retroOutcomeBlocks(body)) } });
}

export type { RetroDecision };
