import { defineProcessor } from '../src/queue/processor.ts';
import { refreshLeadHomes } from '../src/waves/lead-refresh.ts';
import { launchWave, WaveNotPreviewedError } from '../src/waves/launch.service.ts';
import { dropLaunchRequest } from '../src/waves/wave-requests.ts';

/**
 * Launches a previewed wave (the lead was authorised by the listener, which recorded the request
 * on the wave; the reconciler re-enqueues it if this job is lost). Idempotent on re-runs.
 */
export default defineProcessor('wave-launch', async (job, deps) => {
  try {
    const result = await launchWave(deps, job.data.waveId, { personId: job.data.actorPersonId, slackUserId: job.data.actorSlackId });
    await refreshLeadHomes(deps);
    return result;
  } catch (error) {
    // Nothing to launch will never become something: close the request instead of retrying it.
    if (!(error instanceof WaveNotPreviewedError)) throw error;
    await dropLaunchRequest(deps.db, job.data.waveId);
    return { failed: error.message };
  }
});
