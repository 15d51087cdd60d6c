/**
 * The Calendar emulator's state: which calendars exist, busy times seeded per person, and the
 * events inserted through the API. Events live on their organizer's calendar; free/busy for a
 * person also counts events where they are a (not declining) attendee, as Google's does.
 */
import { randomBytes } from 'node:crypto';
import type { DateTime } from 'luxon';
import type { calendar_v3 } from 'googleapis';
import { badRequest, GoogleApiFailure, notFound } from './http.ts';
import { formatDateTime, occurrences, parseEventTime, type Occurrence } from './recurrence.ts';
import { pendingConference, resolveConference } from './conference.ts';

export type CalendarEvent = calendar_v3.Schema$Event;

export interface StoredEvent {
  calendarId: string;
  event: CalendarEvent;
  sendUpdates: string | undefined;
  conferencePending: boolean;
}

export interface BusyInterval {
  start: number;
  end: number;
}

export interface DuplicateBooking {
  summary: string;
  start: string;
  attendees: string[];
  ids: string[];
}

/** Client-chosen ids: base32hex characters, length 5–1024. */
const EVENT_ID = /^[a-v0-9]{5,1024}$/;

export class CalendarStore {
  private readonly known = new Set<string>();
  private readonly busy = new Map<string, BusyInterval[]>();
  private readonly stored = new Map<string, Map<string, StoredEvent>>();

  constructor(
    private readonly now: () => number,
    private readonly knownElsewhere: (email: string) => boolean = () => false,
  ) {}

  /** Makes a calendar exist (a person's primary calendar) without any busy time. */
  ensureCalendar(email: string): void {
    this.known.add(email.toLowerCase());
  }

  exists(email: string): boolean {
    const key = email.toLowerCase();
    return this.known.has(key) || this.knownElsewhere(key);
  }

  /** Seeds busy blocks for a person (their calendar then exists). */
  seedBusy(email: string, intervals: ReadonlyArray<{ start: string | Date; end: string | Date }>): void {
    const key = email.toLowerCase();
    this.ensureCalendar(key);
    const list = this.busy.get(key) ?? [];
    for (const { start, end } of intervals) list.push({ start: new Date(start).getTime(), end: new Date(end).getTime() });
    this.busy.set(key, list);
  }

  /** Events stored on a calendar, as the API would show them (cancelled ones included). */
  events(email: string): CalendarEvent[] {
    return [...(this.stored.get(email.toLowerCase())?.values() ?? [])].map((s) => structuredClone(s.event));
  }

  /** Stored records with the emulator's bookkeeping (sendUpdates) for tests. */
  records(email?: string): StoredEvent[] {
    const calendars = email === undefined ? [...this.stored.values()] : [this.stored.get(email.toLowerCase()) ?? new Map<string, StoredEvent>()];
    return calendars.flatMap((m) => [...m.values()]);
  }

  find(calendarId: string, eventId: string): StoredEvent | undefined {
    const found = this.stored.get(calendarId.toLowerCase())?.get(eventId);
    if (found?.conferencePending) resolveConference(found);
    return found;
  }

  insert(calendarId: string, input: CalendarEvent, options: { conference: boolean; sendUpdates: string | undefined; organizer: string }): StoredEvent {
    const key = calendarId.toLowerCase();
    if (!this.exists(key)) throw notFound();
    if (input.id != null && !EVENT_ID.test(input.id)) throw badRequest('Invalid resource id value.');
    const id = input.id ?? randomBytes(16).toString('hex') // hex digits are base32hex too;
    const calendar = this.stored.get(key) ?? new Map<string, StoredEvent>();
    if (calendar.has(id)) throw new GoogleApiFailure(409, 'duplicate', 'The requested identifier already exists.');
    validateTimes(input);
    const stamp = new Date(this.now()).toISOString();
    const event: CalendarEvent = {
      kind: 'calendar#event',
      etag: `"${this.now()}"`,
      id,
      status: 'confirmed',
      htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${key}`).toString('base64url')}`,
      created: stamp,
      updated: stamp,
      summary: input.summary ?? null,
      description: input.description ?? null,
      location: input.location ?? null,
      creator: { email: options.organizer },
      organizer: { email: key, self: true },
      start: normaliseTime(input.start, 'start'),
      end: normaliseTime(input.end, 'end'),
      recurrence: input.recurrence ?? null,
      iCalUID: `${id}@google.com`,
      sequence: 0,
      attendees: input.attendees?.map((a) => ({ email: a.email ?? null, responseStatus: a.responseStatus ?? 'needsAction', optional: a.optional ?? null })),
      reminders: input.reminders ?? { useDefault: true },
    };
    const createRequest = input.conferenceData?.createRequest;
    const conferencePending = options.conference && createRequest != null;
    if (conferencePending) {
      event.conferenceData = pendingConference(createRequest);
    }
    const record: StoredEvent = { calendarId: key, event: dropNulls(event), sendUpdates: options.sendUpdates, conferencePending };
    calendar.set(id, record);
    this.stored.set(key, calendar);
    return record;
  }

  /** Patch semantics: fields present in the body replace the stored ones. */
  patch(record: StoredEvent, changes: CalendarEvent, options: { conference: boolean; sendUpdates: string | undefined }): StoredEvent {
    const { id: _id, conferenceData, ...rest } = changes;
    const next: CalendarEvent = { ...record.event, ...rest };
    if (changes.start) next.start = normaliseTime(changes.start, 'start');
    if (changes.end) next.end = normaliseTime(changes.end, 'end');
    validateTimes(next);
    if (options.conference && conferenceData?.createRequest && !record.event.conferenceData) {
      next.conferenceData = pendingConference(conferenceData.createRequest);
      record.conferencePending = true;
    }
    next.sequence = (record.event.sequence ?? 0) + 1;
    next.updated = new Date(this.now()).toISOString();
    next.etag = `"${this.now()}"`;
    record.event = dropNulls(next);
    record.sendUpdates = options.sendUpdates;
    return record;
  }

  cancel(record: StoredEvent): void {
    if (record.event.status === 'cancelled') throw new GoogleApiFailure(410, 'deleted', 'Resource has been deleted');
    record.event.status = 'cancelled';
    record.event.updated = new Date(this.now()).toISOString();
  }

  /** Merged busy intervals of a person within [min, max): seeded blocks plus their live events. */
  busyFor(email: string, min: number, max: number): BusyInterval[] {
    const key = email.toLowerCase();
    const raw = [...(this.busy.get(key) ?? [])];
    for (const record of this.records()) {
      const { event } = record;
      if (event.status === 'cancelled' || event.transparency === 'transparent') continue;
      const mine = record.calendarId === key || event.attendees?.some((a) => a.email?.toLowerCase() === key && a.responseStatus !== 'declined');
      if (!mine) continue;
      for (const o of occurrencesOf(event)) raw.push({ start: o.start.toMillis(), end: o.end.toMillis() });
    }
    const clipped = raw
      .map((b) => ({ start: Math.max(b.start, min), end: Math.min(b.end, max) }))
      .filter((b) => b.end > b.start)
      .sort((a, b) => a.start - b.start);
    const merged: BusyInterval[] = [];
    for (const block of clipped) {
      const last = merged[merged.length - 1];
      if (last && block.start <= last.end) last.end = Math.max(last.end, block.end);
      else merged.push({ ...block });
    }
    return merged;
  }

  /** Live events booked twice under different ids: same summary, attendees and start. */
  duplicates(): DuplicateBooking[] {
    const groups = new Map<string, DuplicateBooking>();
    for (const { event } of this.records()) {
      if (event.status === 'cancelled' || !event.start) continue;
      const start = new Date(parseEventTime(event.start, 'start').toMillis()).toISOString();
      const attendees = (event.attendees ?? []).map((a) => (a.email ?? '').toLowerCase()).sort();
      const summary = event.summary ?? '';
      const key = JSON.stringify([summary, start, attendees]);
      const group = groups.get(key) ?? { summary, start, attendees, ids: [] };
      group.ids.push(event.id ?? '');
      groups.set(key, group);
    }
    return [...groups.values()].filter((g) => g.ids.length > 1);
  }
}

/** All occurrences of a stored event (single or recurring). */
export function occurrencesOf(event: CalendarEvent): Occurrence[] {
  return occurrences(parseEventTime(event.start ?? undefined, 'start'), parseEventTime(event.end ?? undefined, 'end'), event.recurrence ?? undefined);
}

function validateTimes(event: CalendarEvent): void {
  const start = parseEventTime(event.start ?? undefined, 'start');
  const end = parseEventTime(event.end ?? undefined, 'end');
  if (end.toMillis() < start.toMillis()) throw badRequest('The specified time range is empty.', 'timeRangeEmpty');
  if (event.recurrence?.length) {
    if (!event.start?.timeZone) throw badRequest('Missing time zone definition for start time.', 'required');
    if (!event.end?.timeZone) throw badRequest('Missing time zone definition for end time.', 'required');
    occurrences(start, end, event.recurrence);
  }
}

function normaliseTime(time: calendar_v3.Schema$EventDateTime | undefined, which: 'start' | 'end'): calendar_v3.Schema$EventDateTime {
  const parsed: DateTime = parseEventTime(time, which);
  if (time?.date) return { date: time.date, ...(time.timeZone ? { timeZone: time.timeZone } : {}) };
  return { dateTime: formatDateTime(parsed), ...(time?.timeZone ? { timeZone: time.timeZone } : {}) };
}

function dropNulls(event: CalendarEvent): CalendarEvent {
  return Object.fromEntries(Object.entries(event).filter(([, v]) => v !== null && v !== undefined)) as CalendarEvent;
}
