import { sql } from 'kysely';
import type { Executor } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import { reminderBlocks } from '../slack/blocks/invite.blocks.ts';
import { nudgeBlocks } from '../slack/blocks/nudge.blocks.ts';
import { asPayload, nudgeKey, reminderKey, type WaveContext } from './invite-messages.ts';

/** A message about an invite that names its deadline, as it should now read. */
export interface DeadlineRewrite {
  key: string;
  message: ReturnType<typeof asPayload>;
}

/** Two parameters a row: slices keep a statement well under Postgres' 65,535. */
const SLICE = 5_000;

/**
 * Messages about invites that name their deadline (the invite itself, its reminder, a lead's
 * nudge), after the deadline moved: one still held for its reader's hours is rewritten where it
 * waits (and may now arrive until the new deadline); one sent, or on its way, is updated in place
 * through the outbox, keyed by the new deadline so a retry sends nothing twice. Nothing when
 * there is no such message. Two statements per slice, not per message: the lead's submission
 * waits for this, and a wave of 2,000 people has some 6,000 such messages.
 */
export async function rewriteForDeadline(trx: Executor, emit: (intent: Intent) => void, rewrites: DeadlineRewrite[], deadline: Date): Promise<void> {
  for (let i = 0; i < rewrites.length; i += SLICE) {
    const slice = rewrites.slice(i, i + SLICE);
    const held = await sql<{ key: string }>`
      UPDATE nudge SET message = v.message, stale_at = ${deadline}
      FROM (VALUES ${sql.join(slice.map((r) => sql`(${r.key}, ${JSON.stringify(r.message)}::jsonb)`))}) AS v(key, message)
      WHERE nudge.key = v.key AND nudge.state = 'planned'
      RETURNING nudge.key`.execute(trx);
    const rewritten = new Set(held.rows.map((row) => row.key));
    const rest = slice.filter((r) => !rewritten.has(r.key));
    if (rest.length === 0) continue;
    const sent = await trx.selectFrom('outbox').select(['idempotency_key', 'state']).where('idempotency_key', 'in', rest.map((r) => r.key)).execute();
    const live = new Set(sent.filter((row) => row.state !== 'cancelled' && row.state !== 'failed').map((row) => row.idempotency_key));
    for (const { key, message } of rest) {
      if (live.has(key)) emit({ key: `${key}/deadline/${deadline.toISOString()}`, kind: 'slack.update', payload: { messageKey: key, ...message } });
    }
  }
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
  const rewrites = open.flatMap((invite) => {
    const about = { inviteId: invite.id, programmeName: ctx.programme.name, startWeek: ctx.wave.start_week, deadline, ...(invite.timezone ? { timezone: invite.timezone } : {}) };
    return [
      { key: reminderKey(invite.id), message: asPayload(reminderBlocks(about)) },
      ...(nudger ? [{ key: nudgeKey(invite.id), message: asPayload(nudgeBlocks({ ...about, leadName: nudger.name })) }] : []),
    ];
  });
  await rewriteForDeadline(trx, emit, rewrites, deadline);
}
