import { defineProcessor } from '../src/queue/processor.ts';
import { sendHrDigest } from '../src/reports/hr-digest.service.ts';

/** Weekly (job scheduler): the HR digest, once per ISO week whatever re-runs it. */
export default defineProcessor('hr-digest', async (job, deps) => sendHrDigest(deps, job.data.week));
