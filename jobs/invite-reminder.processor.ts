import { defineProcessor } from '../src/queue/processor.ts';
import { remindInvite } from '../src/waves/reminder.service.ts';

/** The one reminder of an unanswered invite; a no-op once sent or answered. */
export default defineProcessor('invite-reminder', async (job, deps) => remindInvite(deps, job.data.inviteId));
