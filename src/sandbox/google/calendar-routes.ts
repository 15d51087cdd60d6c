/**
 * Calendar v3 routes of the Google emulator: freeBusy.query and events insert/get/patch/delete
 * (list and instances are in list-routes.ts), answering with the shapes and errors Google
 * documents. Event ids may name one instance of a series (`<id>_<yyyymmddThhmmssZ>`).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { calendar_v3 } from 'googleapis';
import { badRequest, isRecord, notFound } from './http.ts';
import { requireAccess, requireEtag } from './access.ts';
import { instantParam, intParam, writeParams } from './params.ts';
import { cancelAsOrganiser, checkEventId, patchAsGuest, patchAsOrganiser, removeAsGuest } from './event-writes.ts';
import { findInstance, viewFor } from './event-view.ts';
import type { CalendarEvent, CalendarStore, Found } from './calendar-store.ts';
import type { GoogleFaultModes } from './google-faults.ts';

export interface RouteResult {
  status: number;
  body: unknown;
}

export interface CalendarRequest {
  store: CalendarStore;
  modes: GoogleFaultModes;
  user: string;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingHttpHeaders;
}

const MAX_FREEBUSY_CALENDARS = 50;
const MAX_FREEBUSY_DAYS = 92;

export function freeBusyQuery({ store, body, user }: CalendarRequest): RouteResult {
  if (!isRecord(body)) throw badRequest('Missing timeMin.', 'required');
  const min = bodyInstant(body['timeMin'], 'timeMin');
  const max = bodyInstant(body['timeMax'], 'timeMax');
  if (max <= min) throw badRequest('The specified time range is empty.', 'timeRangeEmpty');
  if (max - min > MAX_FREEBUSY_DAYS * 86_400_000) throw badRequest('The requested time range is too long.', 'timeRangeTooLong');
  const items = Array.isArray(body['items']) ? (body['items'] as unknown[]) : [];
  if (items.length > MAX_FREEBUSY_CALENDARS) throw badRequest('The number of calendars requested exceeds the limit.', 'tooManyCalendarsRequested');
  const calendars: Record<string, calendar_v3.Schema$FreeBusyCalendar> = {};
  for (const item of items) {
    const id = isRecord(item) && typeof item['id'] === 'string' ? item['id'] : '';
    // Free/busy is visible across the domain (Workspace's default sharing) unless the owner
    // restricted it; a calendar the caller may not see is indistinguishable from a missing one.
    if (!store.freeBusyVisible(user, id)) {
      calendars[id] = { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
      continue;
    }
    const busy = store.busyFor(id, min, max).map((b) => ({ start: new Date(b.start).toISOString(), end: new Date(b.end).toISOString() }));
    calendars[id] = { busy };
  }
  return { status: 200, body: { kind: 'calendar#freeBusy', timeMin: new Date(min).toISOString(), timeMax: new Date(max).toISOString(), calendars } };
}

export function insertEvent(request: CalendarRequest, calendarId: string): RouteResult {
  const { store, modes, query, user } = request;
  const params = writeParams(query);
  requireAccess(store, user, calendarId, 'write');
  if (!isRecord(request.body)) throw badRequest('Missing end time.', 'required');
  const body = request.body as CalendarEvent;
  checkEventId(body.id);
  const duplicateId = body.id != null && store.records(calendarId).some((r) => r.event.id === body.id);
  const record = store.insert(calendarId, body, { ...params, actor: user, acceptDuplicateId: duplicateId && modes.takeUndetectedDuplicate() });
  if (record.conferencePending) record.conferenceOutcome = modes.takeMeetFailure() ? 'failure' : 'success';
  return { status: 200, body: viewFor(record, record.event, calendarId.toLowerCase()) };
}

export function getEvent({ store, user, query, headers }: CalendarRequest, calendarId: string, eventId: string): RouteResult {
  requireAccess(store, user, calendarId, 'read');
  const maxAttendees = intParam(query, 'maxAttendees', 1);
  const found = mustFind(store, calendarId, eventId);
  const view = viewFor(found.record, current(found), calendarId.toLowerCase(), maxAttendees ? { maxAttendees } : {});
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined && noneMatch === view.etag) return { status: 304, body: undefined };
  return { status: 200, body: view };
}

export function patchEvent(request: CalendarRequest, calendarId: string, eventId: string): RouteResult {
  const { store, user, query, headers } = request;
  const params = writeParams(query);
  requireAccess(store, user, calendarId, 'write');
  const found = mustFind(store, calendarId, eventId);
  if (!isRecord(request.body)) throw badRequest('Parse Error', 'parseError');
  requireEtag(headers['if-match'], viewFor(found.record, current(found), calendarId.toLowerCase()).etag);
  if (found.standing === 'former') throw notFound();
  if (found.standing === 'organizer') patchAsOrganiser(store, found, request.body as CalendarEvent, params);
  else patchAsGuest(store, found, calendarId.toLowerCase(), request.body as CalendarEvent, params);
  return { status: 200, body: viewFor(found.record, current(found), calendarId.toLowerCase()) };
}

export function deleteEvent({ store, user, query, headers }: CalendarRequest, calendarId: string, eventId: string): RouteResult {
  writeParams(query);
  requireAccess(store, user, calendarId, 'write');
  const found = mustFind(store, calendarId, eventId);
  requireEtag(headers['if-match'], viewFor(found.record, current(found), calendarId.toLowerCase()).etag);
  if (found.standing === 'organizer') cancelAsOrganiser(store, found);
  else removeAsGuest(store, found, calendarId.toLowerCase());
  return { status: 204, body: undefined };
}

/** The found master, or its instance. */
export function current(found: Found): CalendarEvent {
  return found.suffix === undefined ? found.record.event : findInstance(found.record, found.suffix)!;
}

function mustFind(store: CalendarStore, calendarId: string, eventId: string): Found {
  const found = store.find(calendarId, eventId);
  if (!found) throw notFound();
  return found;
}

function bodyInstant(value: unknown, name: string): number {
  if (typeof value !== 'string' || value === '') throw badRequest(`Missing ${name}.`, 'required');
  const parsed = instantParam(new URLSearchParams({ [name]: value }), name);
  return parsed!;
}
