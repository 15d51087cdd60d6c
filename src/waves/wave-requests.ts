import type { Db, Executor } from '../db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Enqueue } from '../queue/enqueue.ts';
import { jobId } from '../queue/job-id.ts';
import type { Queues } from '../queues.ts';

/**
 * A lead's Preview and Launch live in Postgres before Slack is acknowledged: the job that does
 * the work is only a messenger. If it is lost (a crash right after the ack, a Redis flush), the
 * reconcile tick finds the request still open and enqueues it again under the same job id.
 */

/** A preview the lead is still waiting for is only worth redoing while their modal may be open. */
export const PREVIEW_REQUEST_TTL_MS = 60 * 60 * 1000;

export const previewJobId = (waveId: string, requestedAt: Date) => jobId('wave-preview', waveId, requestedAt.getTime());
export const launchJobId = (waveId: string) => jobId('wave-launch', waveId);

/**
 * Records the lead's Launch on a draft wave (first request wins; a double click changes nothing).
 * Returns false when the wave is not a draft any more.
 */
export async function recordLaunchRequest(db: Executor, waveId: string, actor: { personId: string | null; slackUserId: string }, now: Date): Promise<boolean> {
  const updated = await db.updateTable('wave')
    .set((eb) => ({
      launch_requested_at: eb.fn.coalesce('launch_requested_at', eb.val(now)),
      launch_requested_by: eb.fn.coalesce('launch_requested_by', eb.val(actor.personId)),
      launch_requested_by_slack: eb.fn.coalesce('launch_requested_by_slack', eb.val(actor.slackUserId)),
    }))
    .where('id', '=', waveId).where('status', '=', 'draft')
    .returning('id').executeTakeFirst();
  return !!updated;
}

/** A launch that cannot happen (e.g. nothing previewed) is closed, so the reconciler stops retrying it. */
export async function dropLaunchRequest(db: Executor, waveId: string): Promise<void> {
  await db.updateTable('wave').set({ launch_requested_at: null, launch_requested_by: null, launch_requested_by_slack: null })
    .where('id', '=', waveId).where('status', '=', 'draft').execute();
}

/** The preview job answered the lead's modal (with pods or with what went wrong). */
export async function markPreviewAnswered(db: Executor, waveId: string, now: Date): Promise<void> {
  await db.updateTable('wave').set({ preview_answered_at: now }).where('id', '=', waveId).execute();
}

type Deps = { db: Db; clock: Clock; enqueue: Enqueue<Queues> };

/** Reconciler entry: launches requested but not done (the wave is still a draft). */
export async function scheduleRequestedLaunches(deps: Deps): Promise<number> {
  const due = await deps.db.selectFrom('wave')
    .select(['id', 'launch_requested_by', 'launch_requested_by_slack'])
    .where('status', '=', 'draft').where('launch_requested_at', 'is not', null)
    .execute();
  for (const w of due) {
    await deps.enqueue('wave-launch', { waveId: w.id, actorPersonId: w.launch_requested_by, actorSlackId: w.launch_requested_by_slack ?? 'unknown' }, { jobId: launchJobId(w.id) });
  }
  return due.length;
}

/** Reconciler entry: previews requested recently and never answered. */
export async function scheduleRequestedPreviews(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db.selectFrom('wave')
    .select(['id', 'preview_requested_at', 'preview_view_id', 'preview_requested_by_slack'])
    .where('status', '=', 'draft')
    .where('preview_requested_at', '>', new Date(now.getTime() - PREVIEW_REQUEST_TTL_MS))
    .where('preview_view_id', 'is not', null)
    .where((eb) => eb.or([eb('preview_answered_at', 'is', null), eb('preview_answered_at', '<', eb.ref('preview_requested_at'))]))
    .execute();
  for (const w of due) {
    await deps.enqueue('wave-preview', { waveId: w.id, viewId: w.preview_view_id!, slackUserId: w.preview_requested_by_slack ?? 'unknown' }, { jobId: previewJobId(w.id, w.preview_requested_at!) });
  }
  return due.length;
}
