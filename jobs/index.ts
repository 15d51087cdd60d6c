import type { JobDeps } from '../src/queue/deps.ts';
import type { ProcessorDefinition } from '../src/queue/processor.ts';
import homeOpen from './home-open.processor.ts';
import homeRefresh from './home-refresh.processor.ts';
import hrDigest from './hr-digest.processor.ts';
import outboxGoogle from './outbox-google.processor.ts';
import outboxSlack from './outbox-slack.processor.ts';
import reconcile from './reconcile.processor.ts';
import rosterSync from './roster-sync.processor.ts';
import inviteReminder from './invite-reminder.processor.ts';
import waveDeadline from './wave-deadline.processor.ts';
import podRound from './pod-round.processor.ts';
import waveLaunch from './wave-launch.processor.ts';
import wavePreview from './wave-preview.processor.ts';
import rescheduleOffer from './reschedule-offer.processor.ts';
import rsvpCheck from './rsvp-check.processor.ts';
import waveAddTeams from './wave-add-teams.processor.ts';

/**
 * Every product processor, one per queue of src/queues.ts. Add yours with one line:
 *   import rosterSync from './roster-sync.processor.ts';   …   rosterSync,
 * startWorkers() refuses to start if a queue in scope has no processor here, or two.
 */
export const processors: ProcessorDefinition<JobDeps>[] = [homeOpen, homeRefresh, outboxSlack, outboxGoogle, reconcile, rosterSync, wavePreview, waveLaunch, waveDeadline, inviteReminder, podRound, hrDigest, rescheduleOffer, rsvpCheck, waveAddTeams];
