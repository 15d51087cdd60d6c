import type { Db } from '../db.ts';
import { releaseDueNudges } from '../nudges/nudge.service.ts';
import { tickRhythm } from '../rhythm/beat.service.ts';
import { sendLeadDigests } from '../rhythm/digest.service.ts';
import { reconcileOutbox } from '../outbox/outbox.service.ts';
import type { Clock } from '../platform/clock.ts';
import type { Enqueue } from '../queue/enqueue.ts';
import type { LiveJobs } from '../queue/live-jobs.ts';
import type { Queues } from '../queues.ts';
import { endExpiredPauses } from '../roster/membership.service.ts';
import { recordPodChannels } from '../pods/confirm.service.ts';
import { advanceRounds } from '../pods/lifecycle.service.ts';
import { scheduleRequestedOffers } from '../calendar/reschedule-offer.service.ts';
import { scheduleDueDeadlines, scheduleDueReminders } from '../waves/reminder.service.ts';
import { scheduleRequestedLaunches, scheduleRequestedPreviews } from '../waves/wave-requests.ts';
import { scheduleOpenAdditions } from '../waves/add-teams.service.ts';

export interface ReconcileDeps {
  db: Db;
  clock: Clock;
  enqueue: Enqueue<Queues>;
  /** Lets the outbox skip rows whose job is still queued (without it, every due row is enqueued). */
  liveJobs?: LiveJobs;
}

/**
 * Finds work that Postgres says is due and makes sure a job exists for it. Redis holds only
 * work in flight: after a flush, or for anything timed by the service clock (deadlines,
 * reminders, deliveries due later), this is what puts the jobs back. Each entry is idempotent
 * because every job it enqueues has a deterministic id.
 */
export const reconcilers: Record<string, (deps: ReconcileDeps) => Promise<number>> = {
  // Rhythm first, then held nudges, then the outbox: what falls due now is delivered by this tick.
  rhythm: (deps) => tickRhythm(deps),
  'lead-digests': sendLeadDigests,
  nudges: releaseDueNudges,
  outbox: reconcileOutbox,
  'roster-pauses': endExpiredPauses,
  'wave-previews': scheduleRequestedPreviews,
  'wave-launches': scheduleRequestedLaunches,
  'wave-additions': scheduleOpenAdditions,
  'wave-deadlines': scheduleDueDeadlines,
  'invite-reminders': scheduleDueReminders,
  'pod-channels': (deps) => recordPodChannels(deps.db),
  'pod-rounds': advanceRounds,
  'reschedule-offers': scheduleRequestedOffers,
};

export async function reconcile(deps: ReconcileDeps): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, run] of Object.entries(reconcilers)) counts[name] = await run(deps);
  return counts;
}
