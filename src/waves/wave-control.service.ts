import { sql } from 'kysely';
import { recordAudit } from '../audit/audit.repository.ts';
import { nudge } from '../nudges/nudge.service.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import { nudgeBlocks } from '../slack/blocks/nudge.blocks.ts';
import type { Executor } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import { inviteBlocks } from '../slack/blocks/invite.blocks.ts';
import { rewriteForDeadline, showNewDeadlineOnNotes, type DeadlineRewrite } from './deadline-notes.ts';
import { asPayload, inviteMessageKey, loadWaveContext, nudgeKey, podInviteMessages, type WaveContext } from './invite-messages.ts';
import { deadlineInstant } from './launch-input.ts';
import type { Actor, WaveDeps } from './launch.service.ts';
import { refreshLeadHomes } from './lead-refresh.ts';
import { invitesOfWave, lockWave, podsOfWave } from './wave.repository.ts';

/** A wave control the lead tried on a wave that is past that point (e.g. extending a closed wave). */
export class WaveControlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WaveControlError';
  }
}

/**
 * Moves an inviting wave's deadline to a later day (17:00 UTC, as at launch) and updates every
 * live invite message so nobody reads the old date. Audited. The new day must be after the old
 * one and before the start week.
 */
export async function extendDeadline(deps: WaveDeps, waveId: string, day: string, actor: Actor): Promise<Date> {
  const now = deps.clock.now();
  const deadline = deadlineInstant(day);
  const result = await withOutbox(deps, async (trx, emit) => {
    const wave = await lockWave(trx, waveId);
    if (!wave || wave.status !== 'inviting') throw new WaveControlError(`This wave is ${wave?.status ?? 'gone'}: only a wave that is still inviting can get a later deadline.`);
    if (Number.isNaN(deadline.getTime())) throw new WaveControlError('Pick a valid date.');
    if (deadline.getTime() <= Math.max(now.getTime(), wave.invite_deadline.getTime())) throw new WaveControlError('Pick a day after the current deadline.');
    if (deadline.getTime() >= new Date(`${wave.start_week}T00:00:00Z`).getTime()) throw new WaveControlError('Invites must close before the start week.');
    await trx.updateTable('wave').set({ invite_deadline: deadline }).where('id', '=', waveId).execute();
    await showNewDeadline(trx, emit, await loadWaveContext(trx, waveId, { ...wave, invite_deadline: deadline }));
    await recordAudit(trx, { actorId: actor.personId, actorSlackId: actor.slackUserId, action: 'wave.extend', allowed: true, subject: { waveId }, detail: `deadline ${wave.invite_deadline.toISOString()} → ${deadline.toISOString()}` }, now);
    return deadline;
  });
  await refreshLeadHomes(deps);
  return result;
}

/**
 * After the wave's deadline moved (ctx carries the new one): every live invite reads the new
 * date. A DM already sent (or on its way) is updated in place through the outbox; one still held
 * for the invitee's working hours is rewritten where it waits, and may now arrive until the new
 * deadline, so the update has nothing to wait for and the invitee never sees the old date. Their
 * reminders and the lead's nudges follow (deadline-notes.ts).
 */
export async function showNewDeadline(trx: Executor, emit: (intent: Intent) => void, ctx: WaveContext): Promise<void> {
  const deadline = ctx.wave.invite_deadline;
  const live = new Set((await invitesOfWave(trx, ctx.wave.id, ['pending', 'accepted'])).map((i) => i.id));
  const rewrites: DeadlineRewrite[] = [];
  for (const pod of await podsOfWave(trx, ctx.wave.id)) {
    const { messages } = await podInviteMessages(trx, ctx, pod);
    for (const [inviteId, message] of messages) {
      if (live.has(inviteId)) rewrites.push({ key: inviteMessageKey(inviteId), message: asPayload(inviteBlocks(message)) });
    }
  }
  await rewriteForDeadline(trx, emit, rewrites, deadline);
  await showNewDeadlineOnNotes(trx, emit, ctx);
}

/**
 * A lead's nudge to everyone who has not answered: one DM per invite, ever (its key is the
 * invite's), through the respect policy every nudge uses (src/nudges/: the invitee's zone and
 * hours, weekends, the weekly cap, nobody paused or gone), dropped if it could only arrive after the
 * deadline. Returns how many were new.
 */
export async function nudgeNonResponders(deps: WaveDeps, waveId: string, actor: Actor & { name: string }): Promise<number> {
  const now = deps.clock.now();
  return withOutbox(deps, async (trx, emit) => {
    const wave = await lockWave(trx, waveId);
    if (!wave || wave.status !== 'inviting') throw new WaveControlError(`This wave is ${wave?.status ?? 'gone'}: there is nobody left to nudge.`);
    const ctx = await loadWaveContext(trx, waveId, wave);
    // Invites never nudged before (a nudge's key is its invite's, so the ledger says who was).
    const pending = await trx.selectFrom('invite').innerJoin('person', 'person.id', 'invite.person_id')
      .select(['invite.id', 'invite.person_id', 'person.timezone'])
      .where('invite.wave_id', '=', waveId).where('invite.status', '=', 'pending')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('nudge').select('nudge.key').where('nudge.key', '=', sql<string>`'invite/' || invite.id::text || '/nudge'`))))
      .execute();
    let sent = 0;
    for (const invite of pending) {
      const message = asPayload(nudgeBlocks({ inviteId: invite.id, programmeName: ctx.programme.name, startWeek: wave.start_week, deadline: wave.invite_deadline, timezone: invite.timezone, leadName: actor.name }));
      const outcome = await nudge(trx, emit, {
        key: nudgeKey(invite.id), kind: 'lead_nudge', to: [invite.person_id], message, programmeId: ctx.programme.id, staleAt: wave.invite_deadline,
      }, now);
      if (outcome.state !== 'dropped') sent++;
    }
    await recordAudit(trx, { actorId: actor.personId, actorSlackId: actor.slackUserId, action: 'wave.nudge', allowed: true, subject: { waveId }, detail: `${sent} nudged` }, now);
    return sent;
  });
}
