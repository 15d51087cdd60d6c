import type { Config } from '../config.ts';
import type { QueueBackend } from '../queue/backend.ts';

/**
 * Recurring work, as BullMQ job schedulers (upserted, so every process may call this at start
 * without creating duplicates). Time-based product work (deadlines, reminders, deliveries due
 * later) is found by the reconcile tick from Postgres state and the service clock.
 */
export async function installSchedules(backend: QueueBackend, config: Config): Promise<void> {
  await backend.queue('reconcile').upsertJobScheduler(
    'reconcile-tick',
    { every: 60_000 },
    { name: 'reconcile', data: { reason: 'schedule' } },
  );
  {
    await backend.queue('roster-sync').upsertJobScheduler(
      'roster-sync-daily',
      { pattern: config.ROSTER_SYNC_CRON, tz: config.ROSTER_SYNC_TZ },
      { name: 'roster-sync', data: { source: 'slack_directory', trigger: 'schedule' } },
    );
  }
  if (config.HR_DIGEST_CHANNEL) {
    // The job keys itself by ISO week: a late or repeated run posts nothing twice.
    await backend.queue('hr-digest').upsertJobScheduler(
      'hr-digest-weekly',
      { pattern: config.HR_DIGEST_CRON, tz: config.ROSTER_SYNC_TZ },
      { name: 'hr-digest', data: {} },
    );
  }
}
