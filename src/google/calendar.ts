/**
 * Thin typed Calendar v3 calls for slot finding and pod booking. Each call is one request (or
 * one per 50 calendars for free/busy) and throws our classified errors (errors.ts). Inserts are
 * idempotent by a deterministic event id: a 409 means "already booked", answered with the event.
 */
import type { calendar_v3 } from 'googleapis';
import { classifyGoogleError, reasonOf, statusOf } from './errors.ts';

export type CalendarEvent = calendar_v3.Schema$Event;
export type SendUpdates = 'all' | 'externalOnly' | 'none';

export interface BusyInterval {
  start: Date;
  end: Date;
}

/** A person's busy blocks, or why Google could not tell (e.g. 'notFound' for an unknown calendar). */
export type FreeBusy = { busy: BusyInterval[] } | { error: string };

export interface NewCalendarEvent {
  /** Deterministic id (see calendarEventId) so a retried insert cannot book twice. */
  id: string;
  summary: string;
  description?: string;
  /** Local wall time or RFC 3339 instant, with the IANA zone the series recurs in. */
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  /** e.g. ['RRULE:FREQ=WEEKLY;COUNT=6'] */
  recurrence?: string[];
  attendees: string[];
  /** Ask for a Google Meet link; its creation is asynchronous (pending until a later get). */
  meetRequestId?: string;
  /** Attach this existing Meet conference instead (a series continued by a split keeps its link). */
  meetUrl?: string;
  sendUpdates?: SendUpdates;
}

/** conferenceData naming an existing Meet conference (Google reuses it with conferenceDataVersion=1). */
function existingMeet(uri: string): calendar_v3.Schema$ConferenceData {
  return {
    conferenceId: uri.replace(/^https:\/\/meet\.google\.com\//, ''),
    conferenceSolution: { key: { type: 'hangoutsMeet' } },
    entryPoints: [{ entryPointType: 'video', uri }],
  };
}

export const FREEBUSY_CALENDARS_PER_REQUEST = 50;

/** Free/busy for any number of people, 50 calendars per request, in order. */
export async function queryFreeBusy(calendar: calendar_v3.Calendar, emails: readonly string[], timeMin: Date, timeMax: Date): Promise<Map<string, FreeBusy>> {
  const result = new Map<string, FreeBusy>();
  for (let i = 0; i < emails.length; i += FREEBUSY_CALENDARS_PER_REQUEST) {
    for (const [email, fb] of await queryFreeBusyOnce(calendar, emails.slice(i, i + FREEBUSY_CALENDARS_PER_REQUEST), timeMin, timeMax)) result.set(email, fb);
  }
  return result;
}

/** One freeBusy.query request: at most 50 calendars, one window (Google allows about 90 days). */
export async function queryFreeBusyOnce(calendar: calendar_v3.Calendar, emails: readonly string[], timeMin: Date, timeMax: Date): Promise<Map<string, FreeBusy>> {
  const result = new Map<string, FreeBusy>();
  const response = await call('calendar.freebusy.query', () =>
    calendar.freebusy.query({ requestBody: { timeMin: timeMin.toISOString(), timeMax: timeMax.toISOString(), items: emails.map((id) => ({ id })) } }),
  );
  const calendars = response.data.calendars ?? {};
  for (const email of emails) {
    const entry = calendars[email];
    const error = entry?.errors?.[0]?.reason;
    if (!entry || error) result.set(email, { error: error ?? 'missing' });
    else result.set(email, { busy: (entry.busy ?? []).map((b) => ({ start: new Date(b.start ?? 0), end: new Date(b.end ?? 0) })) });
  }
  return result;
}

/** Inserts the event; when its id already exists (409), returns the stored event instead. */
export async function insertEvent(calendar: calendar_v3.Calendar, calendarId: string, input: NewCalendarEvent): Promise<{ event: CalendarEvent; created: boolean }> {
  const requestBody: CalendarEvent = {
    id: input.id,
    summary: input.summary,
    ...(input.description ? { description: input.description } : {}),
    start: input.start,
    end: input.end,
    ...(input.recurrence ? { recurrence: input.recurrence } : {}),
    attendees: input.attendees.map((email) => ({ email })),
    ...(input.meetUrl
      ? { conferenceData: existingMeet(input.meetUrl) }
      : input.meetRequestId ? { conferenceData: { createRequest: { requestId: input.meetRequestId, conferenceSolutionKey: { type: 'hangoutsMeet' } } } } : {}),
  };
  try {
    const response = await calendar.events.insert({
      calendarId,
      requestBody,
      sendUpdates: input.sendUpdates ?? 'all',
      ...(input.meetRequestId || input.meetUrl ? { conferenceDataVersion: 1 } : {}),
    });
    return { event: response.data, created: true };
  } catch (error) {
    if (statusOf(error) !== 409 && reasonOf(error) !== 'duplicate') throw classifyGoogleError(error, 'calendar.events.insert');
  }
  const existing = await getEvent(calendar, calendarId, input.id);
  if (!existing) throw classifyGoogleError(new Error(`event ${input.id} answered 409 but cannot be read`), 'calendar.events.get');
  return { event: existing, created: false };
}

/** The event, or undefined when Google does not know it (404). A deleted one comes back with status 'cancelled'. */
export async function getEvent(calendar: calendar_v3.Calendar, calendarId: string, eventId: string): Promise<CalendarEvent | undefined> {
  try {
    return (await calendar.events.get({ calendarId, eventId })).data;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw classifyGoogleError(error, 'calendar.events.get');
  }
}

/** Ends a series early: rewrites the master's RRULE to stop at `until` (COUNT dropped), nothing else. */
export async function patchRecurrenceUntil(calendar: calendar_v3.Calendar, calendarId: string, eventId: string, until: Date, sendUpdates: SendUpdates = 'all'): Promise<CalendarEvent> {
  const event = await getEvent(calendar, calendarId, eventId);
  if (!event) throw classifyGoogleError(Object.assign(new Error(`event ${eventId} not found`), { status: 404 }), 'calendar.events.patch');
  const recurrence = withUntil(event.recurrence ?? [], until);
  const response = await call('calendar.events.patch', () => calendar.events.patch({ calendarId, eventId, sendUpdates, requestBody: { recurrence } }));
  return response.data;
}

/**
 * Cancels an event or one instance (`<id>_<yyyymmddThhmmssZ>`); one already deleted (410, e.g. a
 * retry after a lost answer) counts as done. A 404 does not: the event or occurrence we meant to
 * cancel is not there (wrong id, wrong calendar, no access), so nothing changed and the caller must know.
 */
export async function deleteEvent(calendar: calendar_v3.Calendar, calendarId: string, eventId: string, sendUpdates: SendUpdates = 'all'): Promise<void> {
  try {
    await calendar.events.delete({ calendarId, eventId, sendUpdates });
  } catch (error) {
    if (statusOf(error) === 410) return;
    throw classifyGoogleError(error, 'calendar.events.delete');
  }
}

/** RRULE lines with COUNT/UNTIL replaced by UNTIL=<until, UTC>. */
export function withUntil(recurrence: readonly string[], until: Date): string[] {
  const stamp = until.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return recurrence.map((line) => {
    if (!line.startsWith('RRULE:')) return line;
    const parts = line.slice(6).split(';').filter((p) => !/^(COUNT|UNTIL)=/i.test(p));
    return `RRULE:${[...parts, `UNTIL=${stamp}`].join(';')}`;
  });
}

/** A valid client event id (base32hex, lowercase) derived from a stable key such as pod + round. */
export function calendarEventId(key: string): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    value = ((value << 8) | byte) & 0xfff; // at most 12 pending bits matter
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out.padEnd(5, '0');
}

async function call<T>(method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw classifyGoogleError(error, method);
  }
}
