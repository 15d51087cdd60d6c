import type { calendar_v3 } from 'googleapis';
import type { Db } from '../db.ts';
import { calendarApi, type GoogleConnection } from '../google/auth.ts';
import { classifyGoogleError, GoogleRateLimitedError, statusOf } from '../google/errors.ts';
import { nudge } from '../nudges/nudge.service.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import type { Clock } from '../platform/clock.ts';
import type { Enqueue } from '../queue/enqueue.ts';
import type { Queues } from '../queues.ts';
import { declinedAllMessage, declinedNextMessage } from '../slack/blocks/reschedule.blocks.ts';
import { hostDeclinedMessage } from '../slack/blocks/rhythm.blocks.ts';
import { asPayload } from '../waves/invite-messages.ts';
import { currentMembers, MOVABLE_POD } from './reschedule.repository.ts';

export interface RsvpDeps {
  db: Db;
  clock: Clock;
  enqueue: Enqueue<Queues>;
  google: GoogleConnection;
}

/** Each occurrence's answers: instance id → attendee email → responseStatus. */
type Answers = Map<string, Map<string, string>>;

export const declinedNextKey = (sessionId: string, personId: string) => `session/${sessionId}/declined/${personId}`;
export const hostDeclinedKey = (sessionId: string, personId: string) => `session/${sessionId}/host-declined/${personId}`;
export const declinedAllKey = (podId: string, personId: string) => `pod/${podId}/rsvp/declined-all/${personId}`;

/** Every occurrence of a series with its attendees' answers (events.instances on the organiser's calendar). */
async function instanceAnswers(calendar: calendar_v3.Calendar, calendarId: string, eventId: string, into: Answers): Promise<void> {
  let pageToken: string | undefined;
  do {
    const page = (await calendar.events.instances({ calendarId, eventId, maxResults: 250, ...(pageToken ? { pageToken } : {}) })).data;
    for (const item of page.items ?? []) {
      if (!item.id || item.status === 'cancelled') continue;
      into.set(item.id, new Map((item.attendees ?? []).map((a) => [(a.email ?? '').toLowerCase(), a.responseStatus ?? 'needsAction'])));
    }
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken);
}

/**
 * The RSVP pass (job `rsvp-check`, hourly): for each booked pod, reads its series' occurrences and
 * who answered what. Someone who declined the pod's next session is shown to that session's
 * facilitator (a facilitator who declined it themselves is offered "Swap my turn", so the turn
 * is handed over rather than left empty); someone who declined every session so far gets one DM asking whether the time works
 * for them, with "Find a new time". Both go through the respect policy (nudge()), keyed per session
 * and person / pod and person, so each is said once however often the pass runs.
 */
export async function checkRsvps(deps: RsvpDeps, podIds?: string[]): Promise<{ pods: number; declinedNext: number; hostDeclined: number; declinedAll: number; unreadable: number }> {
  const now = deps.clock.now();
  let query = deps.db.selectFrom('pod').innerJoin('wave', 'wave.id', 'pod.wave_id')
    .select(['pod.id', 'pod.name', 'wave.programme_id as programmeId'])
    .where('pod.status', 'in', [...MOVABLE_POD]).where('pod.calendar_state', 'in', ['pending', 'booked']);
  if (podIds) query = query.where('pod.id', 'in', podIds);
  const pods = await query.orderBy('pod.id').execute();
  const totals = { pods: 0, declinedNext: 0, hostDeclined: 0, declinedAll: 0, unreadable: 0 };
  for (const pod of pods) {
    // The series its sessions belong to (after a reschedule: the old one for the sessions kept, the new one for the rest).
    const series = await deps.db.selectFrom('calendar_series').select(['event_id', 'organizer']).where('pod_id', '=', pod.id).where('state', 'in', ['booked', 'ended'])
      .where('event_id', 'in', (eb) => eb.selectFrom('pod_session').select('calendar_event_id').where('pod_id', '=', pod.id).where('status', '<>', 'cancelled')
        .where('calendar_event_id', 'is not', null).$narrowType<{ calendar_event_id: string }>())
      .execute();
    if (series.length === 0) continue;
    const answers: Answers = new Map();
    let read = 0;
    for (const s of series) {
      try {
        await instanceAnswers(calendarApi(deps.google, s.organizer), s.organizer, s.event_id, answers);
        read++;
      } catch (error) {
        const classified = classifyGoogleError(error, 'calendar.events.instances');
        // Quota: the whole pass is retried later. Gone or not ours to read: that series says nothing.
        if (classified instanceof GoogleRateLimitedError || ![403, 404, 410].includes(statusOf(error) ?? 0)) throw classified;
        totals.unreadable++;
      }
    }
    if (read === 0) continue;
    totals.pods++;
    const sessions = await deps.db.selectFrom('pod_session').select(['id', 'index', 'starts_at', 'status', 'facilitator_id', 'calendar_instance_id'])
      .where('pod_id', '=', pod.id).where('status', '<>', 'cancelled').orderBy('index').execute();
    const members = await currentMembers(deps.db, pod.id);
    const answerOf = (instance: string | null, email: string) => (instance ? answers.get(instance)?.get(email.toLowerCase()) : undefined);
    const next = sessions.find((s) => s.status === 'scheduled' && s.starts_at > now);
    const known = sessions.filter((s) => s.calendar_instance_id && answers.has(s.calendar_instance_id));
    const common = { programmeId: pod.programmeId, podId: pod.id };
    await withOutbox(deps, async (trx, emit) => {
      for (const m of members) {
        const host = next && members.find((x) => x.id === next.facilitator_id);
        // The facilitator declined their own session: the turn needs handing over, so they are
        // offered "Swap my turn" (once per session and person, through the respect policy).
        if (next && host && host.id === m.id && answerOf(next.calendar_instance_id, m.email) === 'declined') {
          const sent = await nudge(trx, emit, {
            key: hostDeclinedKey(next.id, m.id), kind: 'attention', to: [m.id], staleAt: next.starts_at, ...common,
            message: asPayload(hostDeclinedMessage({ sessionId: next.id, podName: pod.name, index: next.index, count: sessions.length, startsAt: next.starts_at, zone: m.zone })),
          }, now);
          if (sent.state !== 'dropped') totals.hostDeclined++;
        }
        if (next && host && host.id !== m.id && answerOf(next.calendar_instance_id, m.email) === 'declined') {
          const sent = await nudge(trx, emit, {
            key: declinedNextKey(next.id, m.id), kind: 'attention', to: [host.id], staleAt: next.starts_at, ...common,
            message: asPayload(declinedNextMessage({ podName: pod.name, index: next.index, startsAt: next.starts_at, zone: host.zone, who: { name: m.name, slackUserId: m.slackUserId } })),
          }, now);
          if (sent.state !== 'dropped') totals.declinedNext++;
        }
        if (next && known.length > 0 && known.every((s) => answerOf(s.calendar_instance_id, m.email) === 'declined')) {
          const sent = await nudge(trx, emit, {
            key: declinedAllKey(pod.id, m.id), kind: 'attention', to: [m.id], staleAt: sessions.at(-1)!.starts_at, ...common,
            message: asPayload(declinedAllMessage({ podName: pod.name, podId: pod.id, firstAt: next.starts_at, zone: m.zone })),
          }, now);
          if (sent.state !== 'dropped') totals.declinedAll++;
        }
      }
    });
  }
  return totals;
}
