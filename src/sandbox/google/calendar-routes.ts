/**
 * Calendar v3 routes of the Google emulator: freeBusy.query and events insert/get/patch/list/
 * delete, answering with the shapes and errors Google documents.
 */
import { DateTime } from 'luxon';
import type { calendar_v3 } from 'googleapis';
import { badRequest, decodePageToken, encodePageToken, GoogleApiFailure, isRecord, notFound } from './http.ts';
import { formatDateTime, instanceSuffix } from './recurrence.ts';
import { occurrencesOf, type CalendarEvent, type CalendarStore, type StoredEvent } from './calendar-store.ts';

export interface RouteResult {
  status: number;
  body: unknown;
}

export interface CalendarRequest {
  store: CalendarStore;
  user: string;
  query: URLSearchParams;
  body: unknown;
}

const MAX_FREEBUSY_CALENDARS = 50;
const MAX_FREEBUSY_DAYS = 92;

export function freeBusyQuery({ store, body }: CalendarRequest): RouteResult {
  if (!isRecord(body)) throw badRequest('Missing timeMin.', 'required');
  const min = parseInstant(body['timeMin'], 'timeMin');
  const max = parseInstant(body['timeMax'], 'timeMax');
  if (max <= min) throw badRequest('The specified time range is empty.', 'timeRangeEmpty');
  if (max - min > MAX_FREEBUSY_DAYS * 86_400_000) throw badRequest('The requested time range is too long.', 'timeRangeTooLong');
  const items = Array.isArray(body['items']) ? (body['items'] as unknown[]) : [];
  if (items.length > MAX_FREEBUSY_CALENDARS) throw badRequest('The number of calendars requested exceeds the limit.', 'tooManyCalendarsRequested');
  const calendars: Record<string, calendar_v3.Schema$FreeBusyCalendar> = {};
  for (const item of items) {
    const id = isRecord(item) && typeof item['id'] === 'string' ? item['id'] : '';
    if (!store.exists(id)) {
      calendars[id] = { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
      continue;
    }
    const busy = store.busyFor(id, min, max).map((b) => ({ start: new Date(b.start).toISOString(), end: new Date(b.end).toISOString() }));
    calendars[id] = { busy };
  }
  return { status: 200, body: { kind: 'calendar#freeBusy', timeMin: new Date(min).toISOString(), timeMax: new Date(max).toISOString(), calendars } };
}

export function insertEvent(request: CalendarRequest, calendarId: string): RouteResult {
  if (!isRecord(request.body)) throw badRequest('Missing end time.', 'required');
  const record = request.store.insert(calendarId, request.body as CalendarEvent, {
    conference: request.query.get('conferenceDataVersion') === '1',
    sendUpdates: request.query.get('sendUpdates') ?? undefined,
    organizer: request.user,
  });
  return { status: 200, body: record.event };
}

export function getEvent({ store }: CalendarRequest, calendarId: string, eventId: string): RouteResult {
  const record = store.find(calendarId, eventId);
  if (record) return { status: 200, body: record.event };
  const instance = findInstance(store, calendarId, eventId);
  if (instance) return { status: 200, body: instance };
  throw notFound();
}

export function patchEvent(request: CalendarRequest, calendarId: string, eventId: string): RouteResult {
  const record = request.store.find(calendarId, eventId);
  if (!record) throw notFound();
  if (!isRecord(request.body)) throw badRequest('Parse Error', 'parseError');
  request.store.patch(record, request.body as CalendarEvent, {
    conference: request.query.get('conferenceDataVersion') === '1',
    sendUpdates: request.query.get('sendUpdates') ?? undefined,
  });
  return { status: 200, body: record.event };
}

export function deleteEvent({ store }: CalendarRequest, calendarId: string, eventId: string): RouteResult {
  const record = store.find(calendarId, eventId);
  if (!record) throw notFound();
  store.cancel(record);
  return { status: 204, body: undefined };
}

export function listEvents({ store, query }: CalendarRequest, calendarId: string): RouteResult {
  if (!store.exists(calendarId)) throw notFound();
  const min = query.has('timeMin') ? parseInstant(query.get('timeMin'), 'timeMin') : -Infinity;
  const max = query.has('timeMax') ? parseInstant(query.get('timeMax'), 'timeMax') : Infinity;
  const singleEvents = query.get('singleEvents') === 'true';
  if (query.get('orderBy') === 'startTime' && !singleEvents) throw badRequest('The requested ordering is not available for the particular query.', 'invalid');
  const maxResults = Math.min(Number(query.get('maxResults') ?? '250') || 250, 2500);
  const showDeleted = query.get('showDeleted') === 'true';
  const items: CalendarEvent[] = [];
  for (const record of store.records(calendarId)) {
    if (record.event.status === 'cancelled' && !showDeleted) continue;
    store.find(calendarId, record.event.id ?? ''); // a read completes any pending Meet creation
    const inWindow = occurrencesOf(record.event).filter((o) => o.end.toMillis() > min && o.start.toMillis() < max);
    if (inWindow.length === 0) continue;
    if (singleEvents && record.event.recurrence?.length) items.push(...inWindow.map((o) => instanceOf(record, o.start, o.end)));
    else items.push(structuredClone(record.event));
  }
  if (singleEvents) items.sort((a, b) => startMillis(a) - startMillis(b));
  const offset = decodePageToken(query.get('pageToken') ?? undefined);
  const page = items.slice(offset, offset + maxResults);
  const more = offset + maxResults < items.length;
  return {
    status: 200,
    body: { kind: 'calendar#events', summary: calendarId, items: page, ...(more ? { nextPageToken: encodePageToken(offset + maxResults) } : {}) },
  };
}

function instanceOf(record: StoredEvent, start: DateTime, end: DateTime): CalendarEvent {
  const { recurrence: _recurrence, ...master } = structuredClone(record.event);
  const zone = master.start?.timeZone ?? 'UTC';
  const originalStart = { dateTime: formatDateTime(start.setZone(zone)), timeZone: zone };
  return {
    ...master,
    id: `${master.id}_${instanceSuffix(start)}`,
    recurringEventId: master.id ?? null,
    originalStartTime: originalStart,
    start: originalStart,
    end: { dateTime: formatDateTime(end.setZone(master.end?.timeZone ?? zone)), timeZone: master.end?.timeZone ?? zone },
  };
}

function findInstance(store: CalendarStore, calendarId: string, instanceId: string): CalendarEvent | undefined {
  const cut = instanceId.lastIndexOf('_');
  if (cut < 0) return undefined;
  const master = store.find(calendarId, instanceId.slice(0, cut));
  if (!master) return undefined;
  const suffix = instanceId.slice(cut + 1);
  const hit = occurrencesOf(master.event).find((o) => instanceSuffix(o.start) === suffix);
  return hit ? instanceOf(master, hit.start, hit.end) : undefined;
}

function startMillis(event: CalendarEvent): number {
  return DateTime.fromISO(event.start?.dateTime ?? event.start?.date ?? '').toMillis();
}

function parseInstant(value: unknown, name: string): number {
  if (typeof value !== 'string' || value === '') throw badRequest(`Missing ${name}.`, 'required');
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) throw new GoogleApiFailure(400, 'badRequest', `Bad Request: invalid ${name}`);
  return parsed.toMillis();
}
