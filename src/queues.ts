import { z } from 'zod';
import { defineQueue, type Payload, type PayloadInput } from './queue/registry.ts';

/** Database ids are UUIDs. */
const id = z.string().uuid('a database id (UUID)');

/**
 * The queue contract: every queue the app uses, its payload and its retry policy.
 * Add a queue with one entry here and one processor in jobs/ (start-up fails until both exist).
 * Payloads carry ids, not state: processors re-read Postgres, which is the truth (DESIGN §5).
 */
export const queues = {
  'outbox-slack': defineQueue({
    purpose: 'deliver one Slack side effect (DM, group DM, message update) from the outbox by id',
    payload: z.object({ outboxId: id }),
    // Delivery outlives short outages: ~8 attempts over roughly 20 minutes with jitter.
    defaults: { attempts: 8, backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 } },
    // No queue limiter: the workers' Slack client paces every call to Slack's published limits
    // per method and per channel (src/outbox/slack-pace.ts), which a job count cannot (a group
    // message is two calls, a retry after an uncertain send three). A 429 that still comes pauses
    // this queue for its Retry-After (and never stalls calendar work, which has its own queue).
    // Enough deliveries at once to keep Slack's budget busy while each waits on Postgres, Redis
    // and the network: 300 a minute is one post every 200 ms, and one delivery takes ~10 round
    // trips; the client's pacing, not this number, keeps them inside the limits.
    concurrency: 16,
  }),
  'outbox-google': defineQueue({
    purpose: 'deliver one calendar write (google.* effect: book, Meet link, attendees, end) from the outbox by id',
    payload: z.object({ outboxId: id }),
    // 5xx and timeouts count as attempts; quota answers pause the queue and count none.
    defaults: { attempts: 8, backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 } },
    // Calendar allows ~600 requests/min per user (the organiser) and 10,000/min per project:
    // 10/s is the per-user budget; a quota answer pauses the queue with jittered backoff.
    limiter: { max: 10, duration: 1_000 },
    concurrency: 8,
  }),
  'home-refresh': defineQueue({
    purpose: "re-render and publish one person's app home (views.publish)",
    payload: z.object({ slackUserId: z.string().min(1) }),
    // views.publish is Slack Tier 4 (~100/min); a refresh is cheap to lose, so few attempts.
    defaults: { attempts: 3, removeOnComplete: { age: 3600, count: 1_000 } },
    limiter: { max: 100, duration: 60_000 },
    concurrency: 4,
  }),
  'home-open': defineQueue({
    purpose: "render and publish the home tab of someone who just opened it (app_home_opened)",
    payload: z.object({ slackUserId: z.string().min(1) }),
    // The person is looking at the tab: no limiter (a 429 pauses the queue for its Retry-After)
    // and one attempt (opening the tab again asks again; failures are logged). The app only acks
    // and enqueues, so a burst of opens costs the app one Redis call each, not five queries and
    // a Slack call.
    defaults: { attempts: 1, removeOnComplete: { age: 3600, count: 1_000 }, removeOnFail: { age: 3600, count: 1_000 } },
    concurrency: 8,
    // Opens within 20 ms reach Redis in one round trip: Bolt acknowledged them before the
    // listener ran, so the wait costs the person nothing, and a write to Redis was a quarter of
    // the app's CPU per open under load.
    batchMs: 20,
  }),
  'roster-sync': defineQueue({
    purpose: 'import people and teams from the Slack/Google directory',
    payload: z.object({
      source: z.enum(['slack_directory', 'csv']).default('slack_directory'),
      trigger: z.enum(['schedule', 'manual']),
      requestedBy: z.string().optional(),
      /** An admin confirmed on the home tab that up to this many people may be marked departed. */
      confirmRemovals: z.number().int().min(0).optional(),
    }),
    // A whole directory walk: a failed attempt is expensive, so fewer, slower retries.
    defaults: { attempts: 3, backoff: { type: 'exponential', delay: 60_000, jitter: 0.5 } },
  }),
  'wave-preview': defineQueue({
    purpose: "match a draft wave's pool and show the proposed pods in the lead's open modal (views.update)",
    payload: z.object({ waveId: id, viewId: z.string().min(1), slackUserId: z.string().min(1) }),
    // The lead is waiting on the modal: a quick retry, then give up (they can preview again).
    defaults: { attempts: 2, backoff: { type: 'fixed', delay: 1_000 } },
    concurrency: 2,
  }),
  'wave-launch': defineQueue({
    purpose: 'launch a previewed wave: pods to inviting, invites and their DMs written through the outbox',
    payload: z.object({ waveId: id, actorPersonId: id.nullable(), actorSlackId: z.string().min(1) }),
  }),
  'wave-add-teams': defineQueue({
    purpose: 'match the people of teams a lead added to a wave in flight into new pods and invite them',
    payload: z.object({ additionId: id }),
  }),
  'wave-deadline': defineQueue({
    purpose: "close a wave's invitation round at its deadline: confirm, merge or dissolve pods",
    payload: z.object({ waveId: id }),
  }),
  'invite-reminder': defineQueue({
    purpose: 'remind one person of an unanswered invite, inside their working hours',
    payload: z.object({ inviteId: id }),
    concurrency: 2,
  }),
  'pod-round': defineQueue({
    purpose: "move one pod round through its end: open the retro, remind, decide (continue or close), or close it early",
    payload: z.object({ podId: id, step: z.enum(['retro', 'remind', 'decide', 'close-short']) }),
    concurrency: 2,
  }),
  'hr-digest': defineQueue({
    purpose: "post the week's HR digest (chart + headline figures) to HR_DIGEST_CHANNEL, once per ISO week",
    payload: z.object({ week: z.string().regex(/^[0-9]{4}-W[0-9]{2}$/, 'an ISO week such as 2026-W49').optional() }),
    // Rendering and uploading a chart is a few seconds at most; a missed week can wait an hour.
    defaults: { attempts: 5, backoff: { type: 'exponential', delay: 60_000, jitter: 0.5 } },
  }),
  'reschedule-offer': defineQueue({
    purpose: "find the three best new weekly slots for a pod's remaining sessions (free/busy) and post them in its group DM",
    payload: z.object({ offerId: id }),
    // A member is waiting in the chat: quick retries; the reconciler redoes a lost request.
    defaults: { attempts: 3, backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 } },
    concurrency: 2,
  }),
  'rsvp-check': defineQueue({
    purpose: "read attendees' answers (events.instances) for booked pods' upcoming sessions; tell facilitators of declines",
    payload: z.object({ podId: id.optional() }),
    // One events.instances call per live series; a quota answer retries the whole (idempotent) pass later.
    defaults: { attempts: 3, backoff: { type: 'exponential', delay: 60_000, jitter: 0.5 } },
  }),
  reconcile: defineQueue({
    purpose: 'rebuild missing jobs (outbox, deadlines, reminders) from Postgres state',
    payload: z.object({ reason: z.enum(['schedule', 'startup', 'manual', 'restore']).default('schedule') }),
    defaults: { attempts: 2 },
  }),
};

export type Queues = typeof queues;
export type QueueName = keyof Queues & string;
export type JobPayloadInput<N extends QueueName> = PayloadInput<Queues, N>;
export type JobPayload<N extends QueueName> = Payload<Queues, N>;
export const queueNames = Object.keys(queues) as QueueName[];
