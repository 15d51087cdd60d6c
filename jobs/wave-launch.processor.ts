import { defineProcessor } from '../src/queue/processor.ts';
import { refreshLeadHomes } from '../src/waves/lead-refresh.ts';
import { launchWave } from '../src/waves/launch.service.ts';

/** Launches a previewed wave (the lead was authorised by the listener; idempotent on re-runs). */
export default defineProcessor('wave-launch', async (job, deps) => {
  const result = await launchWave(deps, job.data.waveId, { personId: job.data.actorPersonId, slackUserId: job.data.actorSlackId });
  await refreshLeadHomes(deps);
  return result;
});
