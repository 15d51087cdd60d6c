import type { Config } from '../config.ts';
import type { QueueBackend } from '../queue/backend.ts';
import { jobId } from '../queue/job-id.ts';
import type { Logger } from './logger.ts';

export const RECONCILE_SCHEDULER = 'reconcile-tick';
export const ROSTER_SYNC_SCHEDULER = 'roster-sync-daily';
export const HR_DIGEST_SCHEDULER = 'hr-digest-weekly';
export const RSVP_CHECK_SCHEDULER = 'rsvp-check-hourly';

/**
 * Recurring work, as BullMQ job schedulers (upserted, so every process may call this at start
 * without creating duplicates). Time-based product work (deadlines, reminders, deliveries due
 * later) is found by the reconcile tick from Postgres state and the service clock.
 */
export async function installSchedules(backend: QueueBackend, config: Config): Promise<void> {
  await backend.queue('reconcile').upsertJobScheduler(
    RECONCILE_SCHEDULER,
    { every: 60_000 },
    { name: 'reconcile', data: { reason: 'schedule' } },
  );
  await backend.queue('roster-sync').upsertJobScheduler(
    ROSTER_SYNC_SCHEDULER,
    { pattern: config.ROSTER_SYNC_CRON, tz: config.ROSTER_SYNC_TZ },
    { name: 'roster-sync', data: { source: 'slack_directory', trigger: 'schedule' } },
  );
  // Attendees' calendar answers: who declined the next session, who declined them all (issue 8).
  await backend.queue('rsvp-check').upsertJobScheduler(RSVP_CHECK_SCHEDULER, { every: 3_600_000 }, { name: 'rsvp-check', data: {} });
  if (config.HR_DIGEST_CHANNEL) {
    // The job keys itself by ISO week: a late or repeated run posts nothing twice.
    await backend.queue('hr-digest').upsertJobScheduler(
      HR_DIGEST_SCHEDULER,
      { pattern: config.HR_DIGEST_CRON, tz: config.ROSTER_SYNC_TZ },
      { name: 'hr-digest', data: {} },
    );
  }
}

export interface ScheduleKeeper {
  stop(): void;
  /** One check now (tests); resolves to true when the schedules had to be put back. */
  check(): Promise<boolean>;
}

/**
 * The schedules live in Redis, so a flush with processes running deletes them, and without this
 * waves would never close and reminders never go out until someone restarted a worker. Every
 * `everyMs` this process looks for them and, when one is missing, installs them again and asks
 * for a reconcile at once, which rebuilds from Postgres whatever else the flush took.
 */
export function keepSchedules(backend: QueueBackend, config: Config, log: Logger, everyMs = 30_000): ScheduleKeeper {
  let busy = false;
  const check = async (): Promise<boolean> => {
    if (busy) return false;
    busy = true;
    try {
      const [tick, sync, digest, rsvp] = await Promise.all([
        backend.queue('reconcile').getJobScheduler(RECONCILE_SCHEDULER),
        backend.queue('roster-sync').getJobScheduler(ROSTER_SYNC_SCHEDULER),
        config.HR_DIGEST_CHANNEL ? backend.queue('hr-digest').getJobScheduler(HR_DIGEST_SCHEDULER) : true,
        backend.queue('rsvp-check').getJobScheduler(RSVP_CHECK_SCHEDULER),
      ]);
      if (tick && sync && digest && rsvp) return false;
      log.warn('job schedules were missing (queue store flushed?): installing them again and reconciling', { tick: !!tick, sync: !!sync, digest: !!digest, rsvp: !!rsvp });
      await installSchedules(backend, config);
      await backend.queue('reconcile').add('reconcile', { reason: 'restore' }, { jobId: jobId('reconcile-restore', Date.now()) });
      return true;
    } catch (error) {
      // The store may be down right now; the next check tries again.
      log.warn('could not check the job schedules', { error: error instanceof Error ? error.message : String(error) });
      return false;
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), check };
}
