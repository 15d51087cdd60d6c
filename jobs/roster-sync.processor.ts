import { UnrecoverableError } from '../src/queue/errors.ts';
import { defineProcessor } from '../src/queue/processor.ts';
import { jobId } from '../src/queue/job-id.ts';
import { MassRemovalError, syncRoster } from '../src/roster/sync.service.ts';
import { refreshLeadHomes } from '../src/waves/lead-refresh.ts';

/**
 * Daily (job scheduler) and on demand: sync people and teams from Slack + the Directory. Rate
 * limits are slept through inside the walk; other failures retry the whole sync (3 attempts).
 * The CSV source is imported from the CLI, where a person can read the errors.
 */
export default defineProcessor('roster-sync', async (job, deps) => {
  if (job.data.source === 'csv') throw new UnrecoverableError('CSV imports run from the CLI: npx peerpods roster import FILE.csv');
  let synced;
  try {
    synced = await syncRoster({ ...deps, ...(job.data.confirmRemovals !== undefined ? { confirmRemovals: job.data.confirmRemovals } : {}) });
  } catch (error) {
    if (!(error instanceof MassRemovalError)) throw error;
    // Not retried: it waits for an admin. Their home tab shows the confirmation.
    deps.log.warn('roster sync refused: too many departures to apply unconfirmed', { wouldRemove: error.wouldRemove, known: error.known });
    await refreshLeadHomes(deps);
    return { refused: error.wouldRemove };
  }
  const { runId, stats } = synced;
  deps.log.info('roster synced', { runId, trigger: job.data.trigger, ...stats });
  if (job.data.requestedBy) {
    // Show the admin who asked the outcome on their home tab.
    await deps.enqueue('home-refresh', { slackUserId: job.data.requestedBy }, { jobId: jobId('home', job.data.requestedBy, 'sync', runId) });
  }
  return stats;
});
