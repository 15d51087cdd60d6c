import { reminderDueAt } from '../core/reminders/working-hours.ts';
import type { Db } from '../db.ts';
import { sql } from 'kysely';
import { nudge } from '../nudges/nudge.service.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import { jobId } from '../queue/job-id.ts';
import { reminderBlocks } from '../slack/blocks/invite.blocks.ts';
import { reminderKey } from './answer.service.ts';
import { asPayload } from './invite-messages.ts';
import type { WaveDeps } from './launch.service.ts';

/** Pending, never reminded invites of inviting waves, with what their due time depends on. */
async function unremindedInvites(db: Db, inviteId?: string) {
  let q = db
    .selectFrom('invite')
    .innerJoin('wave', 'wave.id', 'invite.wave_id')
    .innerJoin('programme', 'programme.id', 'wave.programme_id')
    .innerJoin('person', 'person.id', 'invite.person_id')
    // The invite reached them when the respect policy let it (its nudge), not at launch.
    .leftJoin('nudge', (j) => j.on('nudge.key', '=', sql<string>`'invite/' || invite.id::text || '/message'`))
    .select([
      'invite.id', 'invite.person_id', sql<Date>`coalesce(nudge.send_at, invite.created_at)`.as('arrived_at'), 'programme.id as programmeId', 'person.timezone', 'person.slack_user_id', 'wave.invite_deadline', 'wave.start_week',
      'programme.name as programmeName', 'programme.work_start_minute', 'programme.work_end_minute', 'programme.work_days',
    ])
    .where('invite.status', '=', 'pending')
    .where('invite.reminded_at', 'is', null)
    .where('wave.status', '=', 'inviting');
  if (inviteId) q = q.where('invite.id', '=', inviteId);
  return q.execute();
}

type Row = Awaited<ReturnType<typeof unremindedInvites>>[number];

function dueAt(row: Row): Date {
  return reminderDueAt(row.arrived_at, row.timezone, { startMinute: row.work_start_minute, endMinute: row.work_end_minute, days: row.work_days });
}

/** Reconciler entry: enqueues a reminder job for each invite whose reminder time has come. */
export async function scheduleDueReminders(deps: WaveDeps): Promise<number> {
  const now = deps.clock.now();
  let n = 0;
  for (const row of await unremindedInvites(deps.db)) {
    const due = dueAt(row);
    // A reminder after the deadline is pointless: the invite is about to expire.
    if (due.getTime() > now.getTime() || due.getTime() >= row.invite_deadline.getTime()) continue;
    await deps.enqueue('invite-reminder', { inviteId: row.id }, { jobId: jobId('invite-reminder', row.id) });
    n++;
  }
  return n;
}

/** Sends the one reminder of an invite; reminded_at is set in the same transaction, so never twice. */
export async function remindInvite(deps: WaveDeps, inviteId: string): Promise<'sent' | 'not due' | 'done'> {
  const now = deps.clock.now();
  return withOutbox(deps, async (trx, emit) => {
    const locked = await trx.selectFrom('invite').select(['id', 'status', 'reminded_at']).where('id', '=', inviteId).forUpdate().executeTakeFirst();
    if (!locked || locked.status !== 'pending' || locked.reminded_at) return 'done';
    const [row] = await unremindedInvites(deps.db, inviteId);
    if (!row || !row.slack_user_id) return 'done';
    const due = dueAt(row);
    if (due.getTime() > now.getTime()) return 'not due';
    await trx.updateTable('invite').set({ reminded_at: now }).where('id', '=', inviteId).execute();
    // Through the respect policy like every nudge (it counts toward the weekly cap); pointless
    // once the invite has closed.
    const outcome = await nudge(trx, emit, {
      key: reminderKey(inviteId), kind: 'invite_reminder', to: [row.person_id], programmeId: row.programmeId, plannedAt: due, staleAt: row.invite_deadline,
      message: asPayload(reminderBlocks({ inviteId, programmeName: row.programmeName, startWeek: row.start_week, deadline: row.invite_deadline, timezone: row.timezone })),
    }, now);
    return outcome.state === 'dropped' ? 'done' : 'sent';
  });
}

/** Reconciler entry: waves past their invite deadline get their closing job. */
export async function scheduleDueDeadlines(deps: WaveDeps): Promise<number> {
  const due = await deps.db.selectFrom('wave').select('id').where('status', '=', 'inviting').where('invite_deadline', '<=', deps.clock.now()).execute();
  for (const w of due) await deps.enqueue('wave-deadline', { waveId: w.id }, { jobId: jobId('wave-deadline', w.id) });
  return due.length;
}
