import type { WebClient } from '@slack/web-api';
import { deliverOutbox } from '../src/outbox/outbox.service.ts';
import { defineProcessor } from '../src/queue/processor.ts';

declare module '../src/queue/deps.ts' {
  interface JobDeps {
    /** The bot's Web API client (the emulator in the sandbox); no SDK retries: the queue retries. */
    slack: WebClient;
  }
}

/** Delivers one Slack side effect; a no-op for rows already sent, so re-runs are harmless. */
export default defineProcessor('outbox-slack', async (job, deps) =>
  deliverOutbox(deps, job.data.outboxId, { finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
);
