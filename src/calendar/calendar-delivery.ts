import type { calendar_v3 } from 'googleapis';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../db.ts';
import { calendarApi, type GoogleConnection } from '../google/auth.ts';
import { deleteEvent, getEvent, insertEvent, patchRecurrenceUntil } from '../google/calendar.ts';
import { backoffDelayMs, classifyGoogleError, GooglePermanentError, GoogleRateLimitedError } from '../google/errors.ts';
import type { Intent } from '../outbox/effects.ts';
import { RateLimitedError, RetryLaterError } from '../queue/errors.ts';
import { googleEffectSchemas, type GoogleEffectKind } from './effects.ts';
import { meetLinkBlocks } from '../slack/blocks/calendar.blocks.ts';

/** Google has not made the Meet link yet: look again shortly (no attempt counted). */
export class MeetPendingError extends RetryLaterError {
  constructor(eventId: string) {
    super(3_000, `Meet link for ${eventId} is still being created`);
    this.name = 'MeetPendingError';
  }
}

/** A change to a series whose insert is not delivered yet: wait for it (no attempt counted). */
export class SeriesNotBookedYetError extends RetryLaterError {
  constructor(eventId: string) {
    super(2_000, `series ${eventId} is not booked yet`);
    this.name = 'SeriesNotBookedYetError';
  }
}

export interface CalendarDeliveryDeps {
  google: GoogleConnection;
  now: Date;
  /** The outbox row's commit order: a newer attendee list for the same series wins. */
  seq?: string;
  /** Writes follow-up intents (e.g. the Meet link DM) in the delivery's connection. */
  emit: (intent: Intent) => void;
}

// Consecutive quota answers in this process: the wait grows (with full jitter) until one call
// goes through, so a storm backs off exponentially without counting attempts.
let quotaStreak = 0;

/**
 * Performs one calendar effect. Quota answers become a queue pause that counts no attempt;
 * permanent refusals (bad request, no access) fail the row; 5xx and timeouts are retried.
 * An uncertain earlier attempt ("did the write, lost the answer") is resolved by reading the
 * deterministic id before writing again.
 */
export async function performCalendarEffect(db: Executor, deps: CalendarDeliveryDeps, kind: GoogleEffectKind, payload: unknown, uncertain: boolean): Promise<Record<string, unknown>> {
  try {
    const result = await perform(db, deps, kind, payload, uncertain);
    quotaStreak = 0;
    return result;
  } catch (error) {
    const classified = error instanceof RetryLaterError ? error : classifyGoogleError(error, kind);
    if (classified instanceof GoogleRateLimitedError) {
      const wait = Math.max(classified.retryAfterMs, backoffDelayMs(quotaStreak++, { baseMs: 1_000, maxMs: 64_000 }));
      throw new RateLimitedError(wait, `google:${classified.reason ?? 'quota'}`);
    }
    throw classified;
  }
}

async function perform(db: Executor, deps: CalendarDeliveryDeps, kind: GoogleEffectKind, raw: unknown, uncertain: boolean): Promise<Record<string, unknown>> {
  switch (kind) {
    case 'google.series.insert':
      return insertSeries(db, deps, googleEffectSchemas[kind].parse(raw), uncertain);
    case 'google.series.meet':
      return waitForMeet(db, deps, googleEffectSchemas[kind].parse(raw));
    case 'google.series.attendees': {
      const p = googleEffectSchemas[kind].parse(raw);
      // An insert that failed for good fails its changes too (an operator retries them together).
      if ((await seriesInsert(db, p.eventId)) === 'never') throw new GooglePermanentError('calendar.events.patch', undefined, 'notBooked', `series ${p.eventId} was never booked (its insert failed)`, null);
      if (deps.seq && await newerAttendeeList(db, p.eventId, deps.seq)) return { eventId: p.eventId, superseded: true };
      const calendar = calendarApi(deps.google, p.calendarId);
      const event = await getEvent(calendar, p.calendarId, p.eventId);
      if (!event) throw new GooglePermanentError('calendar.events.patch', 404, 'notFound', `series ${p.eventId} is not on ${p.calendarId}`, null);
      // Keep the answers of people who stay; newcomers start with needsAction.
      const before = new Map((event.attendees ?? []).map((a) => [a.email?.toLowerCase(), a]));
      const attendees = p.attendees.map((email) => before.get(email) ?? { email });
      await calendar.events.patch({ calendarId: p.calendarId, eventId: p.eventId, sendUpdates: 'all', requestBody: { attendees } });
      return { eventId: p.eventId, attendees: p.attendees.length };
    }
    case 'google.series.end': {
      const p = googleEffectSchemas[kind].parse(raw);
      // Ending or deleting a series that was never booked leaves nothing to end.
      if ((await seriesInsert(db, p.eventId)) === 'never') return { eventId: p.eventId, skipped: 'never booked' };
      const calendar = calendarApi(deps.google, p.calendarId);
      await patchRecurrenceUntil(calendar, p.calendarId, p.eventId, new Date(p.until));
      await db.updateTable('calendar_series').set({ state: 'ended', until_at: new Date(p.until), updated_at: deps.now }).where('event_id', '=', p.eventId).execute();
      return { eventId: p.eventId, until: p.until };
    }
    case 'google.series.cancel': {
      const p = googleEffectSchemas[kind].parse(raw);
      // Ending or deleting a series that was never booked leaves nothing to end.
      if ((await seriesInsert(db, p.eventId)) === 'never') return { eventId: p.eventId, skipped: 'never booked' };
      // Already deleted (410, e.g. a retry after a lost answer) counts as done.
      await deleteEvent(calendarApi(deps.google, p.calendarId), p.calendarId, p.eventId);
      const series = await db.selectFrom('calendar_series').select('starts_at').where('event_id', '=', p.eventId).executeTakeFirst();
      if (series) await db.updateTable('calendar_series').set({ state: 'ended', until_at: series.starts_at, updated_at: deps.now }).where('event_id', '=', p.eventId).execute();
      return { eventId: p.eventId, cancelled: true };
    }
  }
}

/**
 * Changes to a series go after its insert, whatever order the queue runs them in: the outbox
 * delivers rows independently, and a patch that reached Google before the event would be a 404.
 * 'booked' once the insert was sent (or the series predates outbox inserts); 'never' when it
 * failed for good or was cancelled; still pending: "look again shortly" (no attempt used).
 */
async function seriesInsert(db: Executor, eventId: string): Promise<'booked' | 'never'> {
  const series = await db.selectFrom('calendar_series').select(['pod_id', 'part']).where('event_id', '=', eventId).executeTakeFirst();
  if (!series) return 'booked';
  const insert = await db.selectFrom('outbox').select('state').where('idempotency_key', '=', `pod/${series.pod_id}/series/${series.part}/insert`).executeTakeFirst();
  if (!insert || insert.state === 'sent') return 'booked';
  if (insert.state === 'failed' || insert.state === 'cancelled') return 'never';
  throw new SeriesNotBookedYetError(eventId);
}

/** A later attendee list for the same series was written (sent or still to send): this one is stale. */
async function newerAttendeeList(db: Executor, eventId: string, seq: string): Promise<boolean> {
  const row = await db.selectFrom('outbox').select('id').where('kind', '=', 'google.series.attendees')
    .where(sql<string>`payload->>'eventId'`, '=', eventId).where('seq', '>', seq).where('state', 'in', ['pending', 'sent']).executeTakeFirst();
  return row !== undefined;
}

type InsertPayload = z.infer<(typeof googleEffectSchemas)['google.series.insert']>;

async function insertSeries(db: Executor, deps: CalendarDeliveryDeps, p: InsertPayload, uncertain: boolean): Promise<Record<string, unknown>> {
  const calendar = calendarApi(deps.google, p.calendarId);
  const e = p.event;
  // A write that may have happened is looked up first: Google may not refuse a duplicate id.
  let event = uncertain ? await getEvent(calendar, p.calendarId, e.eventId) : undefined;
  if (event?.status === 'cancelled') throw new GooglePermanentError('calendar.events.insert', 409, 'cancelled', `series ${e.eventId} was deleted in Google`, null);
  if (!event) {
    ({ event } = await insertEvent(calendar, p.calendarId, {
      id: e.eventId, summary: e.summary, description: e.description, start: e.start, end: e.end, recurrence: e.recurrence,
      attendees: e.attendees, meetRequestId: e.meetRequestId, ...(e.meetUrl ? { meetUrl: e.meetUrl } : {}), sendUpdates: 'all',
    }));
  }
  // Occurrences moved off the rule so they stay inside everyone's hours (idempotent patches).
  for (const x of e.exceptions) await moveInstance(calendar, p.calendarId, x, e.start.timeZone);
  await db.updateTable('calendar_series').set({ state: 'booked', updated_at: deps.now }).where('event_id', '=', e.eventId).where('state', '=', 'pending').execute();
  // Only the pod's current series moves its state: an older part delivered late (after a split
  // was written) must not point the pod back at itself.
  await db.updateTable('pod').set({ calendar_state: 'booked' }).where('id', '=', p.podId).where('calendar_event_id', '=', e.eventId).where('calendar_state', 'in', ['pending', 'none']).execute();
  if (e.meetUrl) {
    // A split's continuation keeps the pod's Meet link: nothing to wait for, nothing new to post.
    await db.updateTable('calendar_series').set({ meet_url: e.meetUrl, updated_at: deps.now }).where('event_id', '=', e.eventId).execute();
    return { eventId: e.eventId, htmlLink: event.htmlLink ?? null, meet: e.meetUrl };
  }
  deps.emit({ key: `pod/${p.podId}/series/${p.part}/meet`, kind: 'google.series.meet', payload: { podId: p.podId, part: p.part, calendarId: p.calendarId, eventId: e.eventId, users: p.users } });
  return { eventId: e.eventId, htmlLink: event.htmlLink ?? null };
}

async function moveInstance(calendar: calendar_v3.Calendar, calendarId: string, x: { instanceId: string; start: string; end: string }, timeZone: string): Promise<void> {
  await calendar.events.patch({
    calendarId, eventId: x.instanceId, sendUpdates: 'all',
    requestBody: { start: { dateTime: x.start, timeZone }, end: { dateTime: x.end, timeZone } },
  });
}

async function waitForMeet(db: Executor, deps: CalendarDeliveryDeps, p: z.infer<(typeof googleEffectSchemas)['google.series.meet']>): Promise<Record<string, unknown>> {
  const event = await getEvent(calendarApi(deps.google, p.calendarId), p.calendarId, p.eventId);
  if (!event) throw new GooglePermanentError('calendar.events.get', 404, 'notFound', `series ${p.eventId} is not on ${p.calendarId}`, null);
  const status = event.conferenceData?.createRequest?.status?.statusCode;
  if (status === 'pending') throw new MeetPendingError(p.eventId);
  const link = event.hangoutLink ?? event.conferenceData?.entryPoints?.find((x) => x.entryPointType === 'video')?.uri ?? null;
  if (!link) {
    await db.updateTable('pod').set({ calendar_notes: (await notesWith(db, p.podId, 'Google could not create a Meet link; add one to the calendar event.')) as never }).where('id', '=', p.podId).execute();
    return { eventId: p.eventId, meet: null };
  }
  await db.updateTable('calendar_series').set({ meet_url: link, updated_at: deps.now }).where('event_id', '=', p.eventId).execute();
  await db.updateTable('pod').set({ meet_url: link }).where('id', '=', p.podId).execute();
  if (p.users.length >= 2) {
    const body = meetLinkBlocks({ link, part: p.part });
    deps.emit({ key: `pod/${p.podId}/series/${p.part}/meet-link`, kind: 'slack.group_message', payload: { users: p.users, text: body.text, blocks: body.blocks as unknown as Record<string, unknown>[] } });
  }
  return { eventId: p.eventId, meet: link };
}

async function notesWith(db: Executor, podId: string, detail: string): Promise<string> {
  const pod = await db.selectFrom('pod').select('calendar_notes').where('id', '=', podId).executeTakeFirst();
  const notes = [...(pod?.calendar_notes ?? []).filter((n) => n.detail !== detail), { kind: 'booking-failed', detail }];
  return JSON.stringify(notes);
}

