import { defineProcessor } from '../src/queue/processor.ts';
import { closeInvitations } from '../src/waves/deadline.service.ts';

/** A wave's invite deadline has passed: confirm, merge or dissolve its pods (idempotent). */
export default defineProcessor('wave-deadline', async (job, deps) => closeInvitations(deps, job.data.waveId));
