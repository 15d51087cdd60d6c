import { recordAudit } from '../audit/audit.repository.ts';
import { retroReminderDue, retroWindowCloses } from '../core/retro/timing.ts';
import type { Tx } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import type { Pod } from '../pods/pod.table.ts';
import { nudge } from '../nudges/nudge.service.ts';
import { jobId } from '../queue/job-id.ts';
import { findPersonBySlackId } from '../roster/person.repository.ts';
import { retroAskBlocks, retroReminderBlocks } from '../slack/blocks/retro.blocks.ts';
import { asPayload, loadWaveContext } from '../waves/invite-messages.ts';
import type { WaveDeps } from '../waves/launch.service.ts';
import { refreshLeadHomes } from '../waves/lead-refresh.ts';
import type { RetroAnswer } from './retro-answer.ts';
import { responsesOfPod, roundMembers, roundSessions, upsertRetroResponse } from './retro.repository.ts';

export const retroAskKey = (podId: string, personId: string) => `pod/${podId}/retro/${personId}/ask`;
export const retroReminderKey = (podId: string, personId: string) => `pod/${podId}/retro/${personId}/reminder`;

/** The clicker is not a current member of that pod round (a forwarded button, a forged payload, someone who left). */
export class NotInThisPodError extends Error {
  constructor() {
    super("This retro belongs to a pod you're not a member of, so you can't answer it. Your own retro arrives as a DM from peerpods.");
    this.name = 'NotInThisPodError';
  }
}

/** The round has decided (or never reached its retro): answers are closed. */
export class RetroClosedError extends Error {
  constructor(readonly status: string) {
    super(status === 'continued' || status === 'closed'
      ? `Your pod has already decided (${status}), so the retro is closed. Thank you!`
      : "Your pod's retro isn't open yet: it opens at the round's last session.");
    this.name = 'RetroClosedError';
  }
}

const LIVE = ['confirmed', 'scheduled', 'running'];

/**
 * Opens a round's retro: the pod moves to 'retro' and each member gets a DM with the form's
 * button. Due when the round's last session has started; `early` (a member holding the retro
 * now) skips that check. Idempotent: a pod already past 'running' is left alone.
 */
export async function openRetro(deps: WaveDeps, podId: string, options: { early?: boolean } = {}): Promise<'opened' | 'not due' | 'done'> {
  const now = deps.clock.now();
  const outcome = await withOutbox(deps, async (trx, emit) => {
    const pod = await trx.selectFrom('pod').selectAll().where('id', '=', podId).forUpdate().executeTakeFirst();
    if (!pod || !LIVE.includes(pod.status)) return 'done' as const;
    const sessions = await roundSessions(trx, podId);
    const last = sessions.at(-1);
    if (!options.early && (!last || last.starts_at.getTime() > now.getTime())) return 'not due' as const;
    await trx.updateTable('pod').set({ status: 'retro', retro_opened_at: now, started_at: pod.started_at ?? sessions[0]?.starts_at ?? now }).where('id', '=', podId).execute();
    await askMembers(trx, emit, pod, now, 'ask');
    return 'opened' as const;
  });
  if (outcome === 'opened') await refreshLeadHomes(deps);
  return outcome;
}

/** The one reminder, to members who have not answered, two days after the retro opened. */
export async function remindRetro(deps: WaveDeps, podId: string): Promise<'sent' | 'not due' | 'done'> {
  const now = deps.clock.now();
  return withOutbox(deps, async (trx, emit) => {
    const pod = await trx.selectFrom('pod').selectAll().where('id', '=', podId).forUpdate().executeTakeFirst();
    if (!pod || pod.status !== 'retro' || pod.retro_reminded_at) return 'done' as const;
    if (retroReminderDue(pod.retro_opened_at!).getTime() > now.getTime()) return 'not due' as const;
    await trx.updateTable('pod').set({ retro_reminded_at: now }).where('id', '=', podId).execute();
    await askMembers(trx, emit, pod, now, 'reminder');
    return 'sent' as const;
  });
}

/**
 * DMs each current member who should hear about the retro (everyone for the ask, those without an
 * answer for the reminder) through the respect policy (src/nudges/): inside their own waking
 * hours and working days, within the weekly cap, nothing to paused people; a nudge the policy
 * would deliver after the retro window has closed is dropped.
 */
async function askMembers(trx: Tx, emit: (intent: Intent) => void, pod: Pod, now: Date, kind: 'ask' | 'reminder'): Promise<void> {
  const ctx = await loadWaveContext(trx, pod.wave_id);
  const answered = new Set((await responsesOfPod(trx, pod.id)).map((r) => r.person_id));
  const closesAt = retroWindowCloses(pod.retro_opened_at ?? now);
  for (const m of await roundMembers(trx, pod.id)) {
    if (kind === 'reminder' && answered.has(m.personId)) continue;
    const ask = { podId: pod.id, podName: pod.name, round: pod.round, programmeName: ctx.programme.name, closesAt, timezone: m.timezone };
    const message = asPayload(kind === 'ask' ? retroAskBlocks(ask) : retroReminderBlocks(ask));
    await nudge(trx, emit, {
      key: kind === 'ask' ? retroAskKey(pod.id, m.personId) : retroReminderKey(pod.id, m.personId),
      kind: kind === 'ask' ? 'retro' : 'retro_reminder', to: [m.personId], message,
      plannedAt: now, staleAt: closesAt, programmeId: ctx.programme.id, podId: pod.id,
    }, now);
  }
}

export interface RecordedAnswer {
  podId: string;
  podName: string;
  /** Every current member has answered: the decision is queued now. */
  everyoneAnswered: boolean;
}

/**
 * Stores a member's retro answer (replacing an earlier one until the pod decides). Re-checks on
 * the server that the clicker is a current member of THAT round and that its retro is open; a
 * refusal is audited and changes nothing.
 */
export async function recordRetroAnswer(deps: WaveDeps, input: { podId: string; slackUserId: string; answer: RetroAnswer }): Promise<RecordedAnswer> {
  const now = deps.clock.now();
  const person = await findPersonBySlackId(deps.db, input.slackUserId);
  const result = await deps.db.transaction().execute(async (trx) => {
    const pod = await trx.selectFrom('pod').selectAll().where('id', '=', input.podId).forShare().executeTakeFirst();
    const members = pod ? await roundMembers(trx, pod.id) : [];
    if (!pod || !person || !members.some((m) => m.personId === person.id)) return { refused: 'not a member' as const };
    if (pod.status !== 'retro') return { refused: pod.status };
    const a = input.answer;
    await upsertRetroResponse(trx, {
      pod_id: pod.id, person_id: person.id, wants_to_continue: a.wantsToContinue, rating: a.rating, celebrate: a.celebrate, change: a.change,
      facilitation_next: a.facilitationNext, cadence_next: a.cadenceNext, recommend: a.recommend, share_with_leads: a.share, submitted_at: now,
    });
    const answered = new Set((await responsesOfPod(trx, pod.id)).map((r) => r.person_id));
    return { pod, everyoneAnswered: members.every((m) => answered.has(m.personId)) };
  });
  if ('refused' in result) {
    await recordAudit(deps.db, {
      actorId: person?.id ?? null, actorSlackId: input.slackUserId, action: 'retro.answer', allowed: false,
      subject: { podId: input.podId }, detail: `refused: ${result.refused}`,
    }, now);
    if (result.refused === 'not a member') throw new NotInThisPodError();
    throw new RetroClosedError(String(result.refused));
  }
  if (result.everyoneAnswered) {
    await deps.enqueue('pod-round', { podId: input.podId, step: 'decide' }, { jobId: jobId('pod-round', input.podId, 'decide-all') });
  }
  await refreshLeadHomes(deps);
  return { podId: result.pod.id, podName: result.pod.name, everyoneAnswered: result.everyoneAnswered };
}

/**
 * What the retro form needs for one member: the round, its rhythm, and their saved answer (the
 * form re-opens with it). Refuses, audited, anyone who is not a current member of that round or
 * whose round is not in retro.
 */
export async function retroFormFor(deps: WaveDeps, input: { podId: string; slackUserId: string }) {
  const now = deps.clock.now();
  const person = await findPersonBySlackId(deps.db, input.slackUserId);
  const pod = await deps.db.selectFrom('pod').selectAll().where('id', '=', input.podId).executeTakeFirst();
  const members = pod ? await roundMembers(deps.db, pod.id) : [];
  const refused = !pod || !person || !members.some((m) => m.personId === person.id) ? 'not a member' : pod.status !== 'retro' ? pod.status : undefined;
  if (refused) {
    await recordAudit(deps.db, { actorId: person?.id ?? null, actorSlackId: input.slackUserId, action: 'retro.open', allowed: false, subject: { podId: input.podId }, detail: `refused: ${refused}` }, now);
    if (refused === 'not a member') throw new NotInThisPodError();
    throw new RetroClosedError(refused);
  }
  const ctx = await loadWaveContext(deps.db, pod!.wave_id);
  const saved = await deps.db.selectFrom('retro_response').selectAll().where('pod_id', '=', pod!.id).where('person_id', '=', person!.id).executeTakeFirst();
  return { pod: pod!, cadenceWeeks: pod!.settings.cadenceWeeks ?? ctx.settings.cadenceWeeks, saved };
}

/**
 * A member brings their round's retro forward (the round ends early if the pod then decides to
 * close). Only a current member of that round may; a refusal is audited and changes nothing.
 */
export async function holdRetroNow(deps: WaveDeps, input: { podId: string; slackUserId: string }): Promise<'opened' | 'not due' | 'done'> {
  const now = deps.clock.now();
  const person = await findPersonBySlackId(deps.db, input.slackUserId);
  const members = await roundMembers(deps.db, input.podId);
  const allowed = !!person && members.some((m) => m.personId === person.id);
  await recordAudit(deps.db, {
    actorId: person?.id ?? null, actorSlackId: input.slackUserId, action: 'retro.hold_now', allowed,
    subject: { podId: input.podId }, detail: allowed ? 'retro brought forward' : 'refused: not a member',
  }, now);
  if (!allowed) throw new NotInThisPodError();
  return openRetro(deps, input.podId, { early: true });
}
