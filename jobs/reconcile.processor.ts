import { defineProcessor } from '../src/queue/processor.ts';
import { reconcile } from '../src/reconcile/reconcile.service.ts';

/** Every minute (job scheduler) and at start-up: rebuild due jobs from Postgres. */
export default defineProcessor('reconcile', async (_job, deps) => reconcile(deps));
