import { defineProcessor } from '../src/queue/processor.ts';
import { addTeamsToWave } from '../src/waves/add-teams.service.ts';

/**
 * Matches and invites the people of teams a lead added to a wave in flight (the listener checked
 * the role and stored the request; the reconciler re-enqueues it if this job is lost). Idempotent.
 */
export default defineProcessor('wave-add-teams', async (job, deps) => addTeamsToWave(deps, job.data.additionId));
