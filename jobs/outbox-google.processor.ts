import { deliverOutbox } from '../src/outbox/outbox.service.ts';
import { defineProcessor } from '../src/queue/processor.ts';

/** Delivers one calendar write; a no-op for rows already sent, so re-runs are harmless. */
export default defineProcessor('outbox-google', async (job, deps) =>
  deliverOutbox(deps, job.data.outboxId, { finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
);
