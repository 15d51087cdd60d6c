import { sql } from 'kysely';
import type { Executor } from '../db.ts';
import type { NudgeMessage } from '../nudges/nudge.table.ts';
import type { Intent } from '../outbox/effects.ts';
import { findOutboxByKey } from '../outbox/outbox.repository.ts';
import { reminderBlocks } from '../slack/blocks/invite.blocks.ts';
import { nudgeBlocks } from '../slack/blocks/nudge.blocks.ts';
import { asPayload, nudgeKey, reminderKey, type WaveContext } from './invite-messages.ts';

/**
 * A message about an invite that names its deadline (the invite itself, its reminder, a lead's
 * nudge), after the deadline moved: one still held for
 * its reader's hours is rewritten where it waits (and may now arrive until the new deadline); one
 * sent, or on its way, is updated in place through the outbox, keyed by the new deadline so a
 * retry sends nothing twice. Nothing when there is no such message.
 */
export async function rewriteForDeadline(trx: Executor, emit: (intent: Intent) => void, key: string, message: ReturnType<typeof asPayload>, deadline: Date): Promise<void> {
  const held = await trx.updateTable('nudge').set({ message: JSON.stringify(message) as unknown as NudgeMessage, stale_at: deadline })
    .where('key', '=', key).where('state', '=', 'planned').executeTakeFirst();
  if (Number(held.numUpdatedRows) > 0) return;
  const sent = await findOutboxByKey(trx, key);
  if (!sent || sent.state === 'cancelled' || sent.state === 'failed') return;
  emit({ key: `${key}/deadline/${deadline.toISOString()}`, kind: 'slack.update', payload: { messageKey: key, ...message } });
}

/**
 * The reminder and the lead's nudge of every unanswered invite say when it closes: after the
 * deadline moved (ctx carries the new one) they read the new date, as the invites do. A lead's
 * nudge names the lead who sent it: the first `wave.nudge` in the audit log (a later nudge only
 * reaches invites the first did not).
 */
export async function showNewDeadlineOnNotes(trx: Executor, emit: (intent: Intent) => void, ctx: WaveContext): Promise<void> {
  const deadline = ctx.wave.invite_deadline;
  const open = await trx.selectFrom('invite').innerJoin('person', 'person.id', 'invite.person_id')
    .select(['invite.id', 'person.timezone']).where('invite.wave_id', '=', ctx.wave.id).where('invite.status', '=', 'pending').execute();
  if (open.length === 0) return;
  const nudger = await trx.selectFrom('audit_log').innerJoin('person', 'person.id', 'audit_log.actor_id').select('person.name')
    .where('audit_log.action', '=', 'wave.nudge').where('audit_log.allowed', '=', true)
    .where(sql<string>`audit_log.subject->>'waveId'`, '=', ctx.wave.id).orderBy('audit_log.at').executeTakeFirst();
  for (const invite of open) {
    const about = { inviteId: invite.id, programmeName: ctx.programme.name, startWeek: ctx.wave.start_week, deadline, ...(invite.timezone ? { timezone: invite.timezone } : {}) };
    await rewriteForDeadline(trx, emit, reminderKey(invite.id), asPayload(reminderBlocks(about)), deadline);
    if (nudger) await rewriteForDeadline(trx, emit, nudgeKey(invite.id), asPayload(nudgeBlocks({ ...about, leadName: nudger.name })), deadline);
  }
}
