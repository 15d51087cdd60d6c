import { recordAudit } from '../audit/audit.repository.ts';
import { cancelPending } from '../outbox/outbox.repository.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import { findPersonBySlackId } from '../roster/person.repository.ts';
import { backfillPod, type BackfillOutcome } from './backfill.service.ts';
import { inviteUpdateIntent, loadWaveContext, podInviteMessages, reminderClose, reminderKey } from './invite-messages.ts';
import type { Wave } from './wave.table.ts';
import type { Tx } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import type { WaveDeps } from './launch.service.ts';
import { refreshLeadHomes } from './lead-refresh.ts';
import { upsertWaveMembers } from './wave.repository.ts';
import { isUuid } from '../core/ids.ts';

export type Answer = 'accept' | 'decline' | 'not_this_time';

/** Someone clicked a button on an invite that is not theirs (a forwarded or crafted payload). */
export class NotYourInviteError extends Error {
  constructor() {
    super("That invite belongs to someone else, so you can't answer it. Your own invites arrive as a DM from peerpods.");
    this.name = 'NotYourInviteError';
  }
}

/** The invite was already answered, expired, or withdrawn, or its wave is no longer inviting. */
export class InviteClosedError extends Error {
  constructor(readonly state: string) {
    super(`This invite is ${state}, so it can't be answered any more. If that's wrong, ask your programme lead.`);
    this.name = 'InviteClosedError';
  }
}

export interface AnswerOutcome {
  inviteId: string;
  status: 'accepted' | 'declined';
  /** True when the same answer was already recorded (a double click): nothing changed. */
  repeated: boolean;
  backfill?: BackfillOutcome;
}

export { reminderKey };

/**
 * Records a person's answer to their OWN invite; updates their DM in place and, on accept, the
 * other members' messages with the pod's progress (bounded by the pod size). A decline or "not
 * this time" frees the place, which is offered to the best fitting unplaced person of the wave.
 */
export async function answerInvite(
  deps: WaveDeps,
  input: { inviteId: string; slackUserId: string; answer: Answer; reason?: string },
  /** Called once the answer is committed (the listener acks there: stored, then acknowledged). */
  committed?: () => Promise<void>,
): Promise<AnswerOutcome> {
  const now = deps.clock.now();
  const outcome = await withOutbox(deps, (trx, emit) => recordAnswer(trx, emit, input, now), committed).catch(async (error: unknown) => {
    if (!(error instanceof Refused)) throw error;
    // Rolled back and not acknowledged yet: the refusal is in the audit log before the ack.
    await auditRefusal(deps, input, now);
    throw new NotYourInviteError();
  });
  if (!outcome.repeated) await refreshLeadHomes(deps);
  return outcome;
}

/** The answer inside its transaction: checks, the invite's new status, and the messages it changes. */
async function recordAnswer(trx: Tx, emit: (intent: Intent) => void, input: { inviteId: string; slackUserId: string; answer: Answer; reason?: string }, now: Date): Promise<AnswerOutcome> {
  // The invite, its pod and its wave in one statement (an answer's ack waits on every round
  // trip), only if the clicker is the invitee, locked in the order every writer takes them:
  // wave, invite, pod (PostgreSQL locks in the order of the locking clauses). The wave must
  // stay inviting until this commits: whatever closes, cancels or reshapes it takes it FOR
  // UPDATE (lockWave), which both modes wait for. Declines may hand the place to someone
  // else, so they go one at a time per wave (FOR NO KEY UPDATE excludes its own kind);
  // accepts only need the wave to stay as it is (FOR KEY SHARE). The two modes do not
  // conflict: a decline used to take FOR UPDATE, and every accept of the wave then queued
  // behind it and behind every accept the decline itself waited for (under load, seconds).
  // Answers in one pod go one at a time (the pod FOR UPDATE), so each sees the others' and
  // renders the true count (two accepts at once must not both say "1 of 5").
  // A mangled or forged value names no invite: refused like one that does not exist.
  const locked = !isUuid(input.inviteId) ? undefined : await lockForAnswer(trx, input.inviteId, input.slackUserId, input.answer);
  if (!locked) throw new Refused();
  const { wave, invite, pod } = locked;
  const wanted = input.answer === 'accept' ? 'accepted' : 'declined';
  if (invite.status === wanted) return { inviteId: invite.id, status: wanted, repeated: true } as AnswerOutcome;
  // An acceptance may still become a decline while the wave is inviting: nobody is held to a
  // yes they gave before knowing their week. A decline is final for this pod.
  const changing = invite.status === 'accepted' && wanted === 'declined';
  if (invite.status !== 'pending' && !changing) throw new InviteClosedError(invite.status);
  if (wave.status !== 'inviting') throw new InviteClosedError(`closed (the wave is ${wave.status})`);
  // The deadline job may not have run yet (a busy queue, a restart): the deadline itself decides.
  if (now.getTime() >= new Date(wave.invite_deadline).getTime()) throw new InviteClosedError('closed (its answer deadline has passed)');

  await trx.updateTable('invite').set({
    status: wanted,
    answered_at: now,
    decline_kind: input.answer === 'accept' ? null : input.answer,
    decline_reason: input.answer === 'accept' ? null : (input.reason?.trim().slice(0, 500) || null),
  }).where('id', '=', invite.id).execute();
  // An unsent reminder is withdrawn; one already sent is closed in place (its state comes back).
  const reminder = (await cancelPending(trx, [reminderKey(invite.id)])).get(reminderKey(invite.id));
  const ctx = await loadWaveContext(trx, wave.id, wave);
  const closeReminder = reminderClose(reminder, invite.id, wanted, ctx.programme.name);
  if (closeReminder) emit(closeReminder);
  let backfill: BackfillOutcome | undefined;
  if (wanted === 'declined') {
    await upsertWaveMembers(trx, [{ wave_id: wave.id, person_id: invite.person_id, state: 'withdrawn', reason: input.answer === 'not_this_time' ? 'not this time' : 'declined', suggestion: null, updated_at: now }]);
    backfill = await backfillPod(trx, emit, ctx, pod.id, now);
  }
  const { invites, messages } = await podInviteMessages(trx, ctx, pod);
  emit(inviteUpdateIntent(messages.get(invite.id)!, changing ? 'answer/changed' : 'answer'));
  if (wanted === 'accepted' || changing) {
    // Keyed by the answer that caused it (unique: an invite is accepted once); the outbox shows
    // the latest of a message's updates whatever order they are delivered in.
    for (const other of invites) {
      if (other.id === invite.id || other.status !== 'accepted') continue;
      emit(inviteUpdateIntent(messages.get(other.id)!, `after/${invite.id}/${wanted}`));
    }
  }
  return { inviteId: invite.id, status: wanted, repeated: false, ...(backfill ? { backfill } : {}) } as AnswerOutcome;
}

/** Inside the answer's transaction: no invite of the clicker's by that id (rolls it back). */
class Refused extends Error {}

/** The invite, its pod's fields the messages need and its wave, locked for an answer (see recordAnswer). */
async function lockForAnswer(trx: Tx, inviteId: string, slackUserId: string, answer: Answer) {
  const query = trx.selectFrom('wave')
    .innerJoin('invite', 'invite.wave_id', 'wave.id')
    .innerJoin('pod', 'pod.id', 'invite.pod_id')
    .selectAll('wave')
    .select(['invite.id as invite_id', 'invite.status as invite_status', 'invite.person_id as invite_person_id',
      'pod.id as pod_id', 'pod.name as pod_name', 'pod.slot as pod_slot', 'pod.min_size as pod_min_size'])
    .where('invite.id', '=', inviteId)
    .where((eb) => eb.exists(eb.selectFrom('person').select('person.id').whereRef('person.id', '=', 'invite.person_id').where('person.slack_user_id', '=', slackUserId)));
  const row = await (answer === 'accept' ? query.forKeyShare('wave') : query.forNoKeyUpdate('wave')).forUpdate(['invite', 'pod']).executeTakeFirst();
  if (!row) return undefined;
  const { invite_id, invite_status, invite_person_id, pod_id, pod_name, pod_slot, pod_min_size, ...wave } = row;
  return {
    wave: wave as Wave,
    invite: { id: invite_id, status: invite_status, person_id: invite_person_id },
    pod: { id: pod_id, name: pod_name, slot: pod_slot, min_size: pod_min_size },
  };
}

/** A refused answer, audited: whether the invite exists says which refusal it was. */
async function auditRefusal(deps: WaveDeps, input: { inviteId: string; slackUserId: string }, now: Date): Promise<void> {
  const exists = isUuid(input.inviteId) && !!(await deps.db.selectFrom('invite').select('id').where('id', '=', input.inviteId).executeTakeFirst());
  const person = await findPersonBySlackId(deps.db, input.slackUserId);
  await recordAudit(deps.db, {
    actorId: person?.id ?? null, actorSlackId: input.slackUserId, action: 'invite.answer', allowed: false,
    subject: { inviteId: typeof input.inviteId === 'string' ? input.inviteId.slice(0, 100) : String(input.inviteId) }, detail: exists ? 'refused: not the invitee' : 'refused: no such invite',
  }, now);
}
