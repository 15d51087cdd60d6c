/**
 * Writes to stored events, by who is writing. The organiser (or a writer on their calendar)
 * changes the event or one instance (an exception keyed by the instance's original start). A
 * guest answers for themselves (their entry's responseStatus, comment, additionalGuests, which
 * the organiser's copy then shows) and sets their own colour, reminders and show-as; changing
 * shared fields needs guestsCanModify, else 403 forbiddenForNonOrganizer as Google answers.
 */
import type { calendar_v3 } from 'googleapis';
import { badRequest, GoogleApiFailure } from './http.ts';
import { formatDateTime, occurrences, parseEventTime } from './recurrence.ts';
import { emailsOf, guestAnswer, initialAttendees, organiserPatch, type Attendee } from './attendees.ts';
import { mergePatch, PERSONAL_FIELDS, WRITABLE_FIELDS, writableFields } from './event-fields.ts';
import { pendingConference } from './conference.ts';
import { findInstance, viewFor } from './event-view.ts';
import type { CalendarStore, Found } from './calendar-store.ts';

type CalendarEvent = calendar_v3.Schema$Event;

export interface InsertOptions {
  conference: boolean;
  sendUpdates: string | undefined;
  /** Who made the request (the event's creator). */
  actor: string;
  /** Google may not detect a reused id at creation: when set, a second copy is stored. */
  acceptDuplicateId?: boolean;
}

export interface WriteOptions {
  conference: boolean;
  sendUpdates: string | undefined;
}

/** Client-chosen ids: base32hex characters, length 5–1024. */
const EVENT_ID = /^[a-v0-9]{5,1024}$/;

export function checkEventId(id: string | null | undefined): void {
  if (id != null && !EVENT_ID.test(id)) throw badRequest('Invalid resource id value.');
}

/** A new event on `calendar`, from the writable fields of `input`. */
export function newEvent(calendar: string, input: CalendarEvent, options: InsertOptions, now: number): CalendarEvent {
  const id = input.id ?? '';
  const stamp = new Date(now).toISOString();
  const event: CalendarEvent = {
    kind: 'calendar#event',
    id,
    status: 'confirmed',
    htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${calendar}`).toString('base64url')}`,
    created: stamp,
    updated: stamp,
    ...writableFields(input),
    creator: { email: options.actor },
    organizer: { email: calendar },
    start: normaliseTime(input.start ?? undefined, 'start'),
    end: normaliseTime(input.end ?? undefined, 'end'),
    recurrence: input.recurrence ?? null,
    iCalUID: `${id}@google.com`,
    sequence: typeof input.sequence === 'number' ? input.sequence : 0,
    attendees: initialAttendees(input.attendees ?? undefined),
    eventType: 'default',
  };
  event.reminders = input.reminders ?? { useDefault: true };
  if (options.conference && input.conferenceData?.createRequest) event.conferenceData = pendingConference(input.conferenceData.createRequest);
  else if (options.conference && input.conferenceData?.conferenceId) Object.assign(event, existingConference(input.conferenceData));
  validateTimes(event);
  return dropNulls(event);
}

/**
 * An existing conference attached to a new event (conferenceDataVersion=1, no createRequest): Google
 * keeps its id and entry points, so both events share one Meet link. A Meet conference needs a
 * video entry point.
 */
function existingConference(data: calendar_v3.Schema$ConferenceData): Pick<CalendarEvent, 'conferenceData' | 'hangoutLink'> {
  const video = data.entryPoints?.find((e) => e.entryPointType === 'video')?.uri;
  if (!video) throw badRequest('Invalid conference data: a video entry point is required.', 'invalid');
  return {
    conferenceData: { conferenceId: data.conferenceId!, conferenceSolution: { key: { type: data.conferenceSolution?.key?.type ?? 'hangoutsMeet' }, name: 'Google Meet' }, entryPoints: data.entryPoints! },
    ...(data.conferenceSolution?.key?.type === 'hangoutsMeet' ? { hangoutLink: video } : {}),
  };
}

/** The organiser's patch of the series (or single event) or of one instance. */
export function patchAsOrganiser(store: CalendarStore, found: Found, body: CalendarEvent, options: WriteOptions): void {
  const { record, suffix } = found;
  const current = suffix === undefined ? record.event : findInstance(record, suffix)!;
  const changes: Record<string, unknown> = { ...writableFields(body) };
  if (body.start) changes['start'] = normaliseTime(body.start, 'start');
  if (body.end) changes['end'] = normaliseTime(body.end, 'end');
  if (body.attendees) changes['attendees'] = organiserPatch(current.attendees, body.attendees, body.attendeesOmitted === true, record.calendarId);
  if (body.recurrence !== undefined) {
    if (suffix !== undefined) throw badRequest('Recurrence can only be set on the recurring event, not on one instance.');
    changes['recurrence'] = body.recurrence;
  }
  const base = suffix === undefined ? record.event : (record.exceptions.get(suffix) ?? {});
  const next = mergePatch(base as Record<string, unknown>, changes) as CalendarEvent;
  validateTimes({ ...current, ...next, recurrence: suffix === undefined ? next.recurrence : null });
  next.sequence = (current.sequence ?? 0) + 1;
  if (options.conference && body.conferenceData?.createRequest && !current.conferenceData) {
    next.conferenceData = pendingConference(body.conferenceData.createRequest);
    record.conferencePending = true;
  }
  if (suffix === undefined) {
    if (body.attendees) trackGuests(found, emailsOf(record.event.attendees), emailsOf(next.attendees ?? undefined));
    record.event = dropNulls(next);
  } else record.exceptions.set(suffix, dropNulls(next));
  record.sendUpdates = options.sendUpdates;
  store.touch(record, suffix);
}

/** A guest's patch of their copy: their own answer and personal fields; shared fields only with guestsCanModify. */
export function patchAsGuest(store: CalendarStore, found: Found, guest: string, body: CalendarEvent, options: WriteOptions): void {
  const { record, suffix } = found;
  const current = suffix === undefined ? record.event : findInstance(record, suffix)!;
  const own = body.attendees?.find((a) => (a.email ?? '').toLowerCase() === guest);
  const shared = sharedChanges(current, viewFor(record, current, guest), body, guest);
  if (Object.keys(shared).length > 0) {
    if (current.guestsCanModify !== true) throw new GoogleApiFailure(403, 'forbiddenForNonOrganizer', 'Shared properties can only be changed by the organizer of the event.');
    patchAsOrganiser(store, found, shared, options);
  }
  writableFields({ attendees: own ? [own] : [] }); // validates the answer
  const personal = Object.fromEntries(PERSONAL_FIELDS.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
  if (Object.keys(personal).length > 0) record.personal.set(guest, { ...record.personal.get(guest), ...writableFields(personal) });
  if (own) {
    const answered = guestAnswer((suffix === undefined ? record.event : findInstance(record, suffix)!).attendees, guest, own);
    if (suffix === undefined) record.event.attendees = answered;
    else record.exceptions.set(suffix, { ...record.exceptions.get(suffix), attendees: answered });
  }
  store.touch(record, suffix);
}

/** The organiser deletes the event, or cancels one instance (an exception with status cancelled). */
export function cancelAsOrganiser(store: CalendarStore, found: Found): void {
  const { record, suffix } = found;
  const current = suffix === undefined ? record.event : findInstance(record, suffix)!;
  if (current.status === 'cancelled') throw new GoogleApiFailure(410, 'deleted', 'Resource has been deleted');
  if (suffix === undefined) record.event.status = 'cancelled';
  else record.exceptions.set(suffix, { ...record.exceptions.get(suffix), status: 'cancelled' });
  store.touch(record, suffix);
}

/** A guest deletes their copy (or one instance of it): it leaves their calendar and counts as declined. */
export function removeAsGuest(store: CalendarStore, found: Found, guest: string): void {
  const { record, suffix } = found;
  const mark = suffix === undefined ? guest : `${guest} ${suffix}`;
  if (found.standing === 'former' || record.removedBy.has(mark)) throw new GoogleApiFailure(410, 'deleted', 'Resource has been deleted');
  record.removedBy.add(mark);
  const current = suffix === undefined ? record.event : findInstance(record, suffix)!;
  const declined = guestAnswer(current.attendees, guest, { responseStatus: 'declined' });
  if (suffix === undefined) record.event.attendees = declined;
  else record.exceptions.set(suffix, { ...record.exceptions.get(suffix), attendees: declined });
  store.touch(record, suffix);
}

/** Fields of a guest's body that differ from what their copy shows (personal fields and their own entry excluded). */
function sharedChanges(current: CalendarEvent, view: CalendarEvent, body: CalendarEvent, guest: string): CalendarEvent {
  const out: Record<string, unknown> = {};
  const consider = [...WRITABLE_FIELDS, 'start', 'end', 'recurrence'].filter((f) => !(PERSONAL_FIELDS as readonly string[]).includes(f));
  for (const field of consider) {
    const value = (body as Record<string, unknown>)[field];
    if (value !== undefined && !sameValue(field, value, (view as Record<string, unknown>)[field])) out[field] = value;
  }
  if (body.attendees) {
    // Other guests' entries must come back as the guest read them (flags aside); the set too, unless omitted.
    const shown = new Map((view.attendees ?? []).map((a) => [(a.email ?? '').toLowerCase(), entryKey(a)]));
    const others = body.attendees.filter((a) => (a.email ?? '').toLowerCase() !== guest);
    const sameEntries = others.every((a) => shown.get((a.email ?? '').toLowerCase()) === entryKey(a));
    const sameSet = body.attendeesOmitted === true || others.length === [...shown.keys()].filter((e) => e !== guest).length;
    if (!sameEntries || !sameSet) out['attendees'] = body.attendees;
  }
  return out as CalendarEvent;
}

function entryKey(attendee: Attendee): string {
  const { self: _s, organizer: _o, ...rest } = attendee;
  return canonical({ ...rest, email: (attendee.email ?? '').toLowerCase(), responseStatus: attendee.responseStatus ?? 'needsAction' });
}

function sameValue(field: string, a: unknown, b: unknown): boolean {
  if (field === 'start' || field === 'end') {
    const x = a as CalendarEvent['start'];
    const y = b as CalendarEvent['start'];
    return parseEventTime(x ?? undefined, field).toMillis() === parseEventTime(y ?? undefined, field).toMillis();
  }
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${k}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** Guests removed from the list see their copy cancelled; guests added back get it again (a guest who stays keeps their own deletion). */
function trackGuests({ record }: Found, before: string[], after: string[]): void {
  for (const email of before) if (!after.includes(email)) record.formerGuests.add(email);
  for (const email of after) {
    if (before.includes(email)) continue;
    record.formerGuests.delete(email);
    record.removedBy.delete(email);
  }
}

export function validateTimes(event: CalendarEvent): void {
  const start = parseEventTime(event.start ?? undefined, 'start');
  const end = parseEventTime(event.end ?? undefined, 'end');
  if (end.toMillis() < start.toMillis()) throw badRequest('The specified time range is empty.', 'timeRangeEmpty');
  if (event.recurrence?.length) {
    if (!event.start?.date && !event.start?.timeZone) throw badRequest('Missing time zone definition for start time.', 'required');
    if (!event.end?.date && !event.end?.timeZone) throw badRequest('Missing time zone definition for end time.', 'required');
    occurrences(start, end, event.recurrence);
  }
}

function normaliseTime(time: calendar_v3.Schema$EventDateTime | undefined, which: 'start' | 'end'): calendar_v3.Schema$EventDateTime {
  const parsed = parseEventTime(time, which);
  if (time?.date) return { date: time.date, ...(time.timeZone ? { timeZone: time.timeZone } : {}) };
  return { dateTime: formatDateTime(parsed), ...(time?.timeZone ? { timeZone: time.timeZone } : {}) };
}

function dropNulls(event: CalendarEvent): CalendarEvent {
  return Object.fromEntries(Object.entries(event).filter(([, v]) => v !== null && v !== undefined)) as CalendarEvent;
}
