import { offerNewTimes } from '../src/calendar/reschedule-offer.service.ts';
import { defineProcessor } from '../src/queue/processor.ts';

/** Finds and posts new times for one "Find a new time" request; an answered request is a no-op. */
export default defineProcessor('reschedule-offer', async (job, deps) => offerNewTimes(deps, job.data.offerId));
