import { checkRsvps } from '../src/calendar/rsvp.service.ts';
import { defineProcessor } from '../src/queue/processor.ts';

/** Reads attendees' answers for booked pods (one, or all) and tells whom it concerns, once. */
export default defineProcessor('rsvp-check', async (job, deps) => checkRsvps(deps, job.data.podId ? [job.data.podId] : undefined));
