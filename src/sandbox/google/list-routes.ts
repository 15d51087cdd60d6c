/**
 * events.list and events.instances for the Calendar emulator, with Google's filters: a time
 * window (timeMin < timeMax), singleEvents expansion with exceptions, showDeleted, iCalUID, q,
 * private/sharedExtendedProperty, updatedMin, maxAttendees, paging, and incremental sync
 * (nextSyncToken on the last page; syncToken returns changes since, deletions included).
 */
import { badRequest, decodePageToken, encodePageToken, notFound } from './http.ts';
import { requireAccess } from './access.ts';
import { boolParam, enumParam, instantParam, intParam } from './params.ts';
import { instancesOf, occurrencesOf, viewFor } from './event-view.ts';
import { parseEventTime } from './recurrence.ts';
import { decodeSyncToken, encodeSyncToken, NOT_WITH_SYNC_TOKEN } from './sync-token.ts';
import type { CalendarEvent, StoredEvent } from './calendar-store.ts';
import type { CalendarRequest, RouteResult } from './calendar-routes.ts';

const DEFAULT_PAGE = 250;
const MAX_PAGE = 2500;

export function listEvents({ store, user, query }: CalendarRequest, calendarId: string): RouteResult {
  requireAccess(store, user, calendarId, 'read');
  const calendar = calendarId.toLowerCase();
  const syncToken = query.get('syncToken');
  if (syncToken !== null) {
    const clash = NOT_WITH_SYNC_TOKEN.find((p) => query.has(p));
    if (clash) throw badRequest(`The parameter ${clash} cannot be used together with syncToken.`, 'invalid');
  }
  const since = syncToken !== null ? decodeSyncToken(syncToken, calendar, store.syncEpoch).seq : undefined;
  const window = timeWindow(query);
  const singleEvents = boolParam(query, 'singleEvents');
  const orderBy = enumParam(query, 'orderBy', ['startTime', 'updated']);
  if (orderBy === 'startTime' && !singleEvents) throw badRequest('The requested ordering is not available for the particular query.', 'invalid');
  const updatedMin = instantParam(query, 'updatedMin');
  // Deleted entries always come back on incremental sync and with updatedMin.
  const showDeleted = boolParam(query, 'showDeleted') || since !== undefined || updatedMin !== undefined;
  const maxAttendees = intParam(query, 'maxAttendees', 1);
  const matches = filters(query);
  const items: CalendarEvent[] = [];
  for (const { record } of store.visibleOn(calendar)) {
    if (since !== undefined && record.changeSeq <= since) continue;
    if (!matches(record.event)) continue;
    const view = (event: CalendarEvent): CalendarEvent => viewFor(record, event, calendar, maxAttendees ? { maxAttendees } : {});
    for (const event of pieces(record, singleEvents).map(view)) {
      if (event.status === 'cancelled' && !showDeleted && !(event.recurringEventId && !singleEvents && view(record.event).status !== 'cancelled')) continue;
      if (updatedMin !== undefined && Date.parse(event.updated ?? '') < updatedMin) continue;
      if (!overlaps(record, event, window)) continue;
      items.push(event);
    }
  }
  if (orderBy === 'startTime' || (singleEvents && !orderBy)) items.sort((a, b) => startMillis(a) - startMillis(b));
  if (orderBy === 'updated') items.sort((a, b) => Date.parse(a.updated ?? '') - Date.parse(b.updated ?? ''));
  return page(query, items, head(calendar, store.roleOf(user, calendar) ?? 'reader', store.now()), encodeSyncToken({ calendar, seq: store.changeCounter }, store.syncEpoch));
}

export function listInstances({ store, user, query }: CalendarRequest, calendarId: string, eventId: string): RouteResult {
  requireAccess(store, user, calendarId, 'read');
  const calendar = calendarId.toLowerCase();
  const found = store.find(calendar, eventId);
  if (!found || found.suffix !== undefined) throw notFound();
  const window = timeWindow(query);
  const showDeleted = boolParam(query, 'showDeleted');
  const maxAttendees = intParam(query, 'maxAttendees', 1);
  const originalStart = query.get('originalStart');
  const { record } = found;
  const all = record.event.recurrence?.length ? instancesOf(record).map((i) => i.event) : [record.event];
  const items = all
    .map((event) => viewFor(record, event, calendar, maxAttendees ? { maxAttendees } : {}))
    .filter((event) => showDeleted || event.status !== 'cancelled')
    .filter((event) => overlaps(record, event, window))
    .filter((event) => originalStart === null || sameInstant(event.originalStartTime, originalStart));
  return page(query, items, head(calendar, store.roleOf(user, calendar) ?? 'reader', store.now()));
}

/** What a record contributes to a list: the master and its changed instances, or every instance. */
function pieces(record: StoredEvent, singleEvents: boolean): CalendarEvent[] {
  if (!record.event.recurrence?.length) return [record.event];
  const instances = instancesOf(record);
  if (singleEvents) return record.event.status === 'cancelled' ? [] : instances.map((i) => i.event);
  return [record.event, ...instances.filter((i) => record.exceptions.has(i.suffix)).map((i) => i.event)];
}

function timeWindow(query: URLSearchParams): { min: number; max: number } {
  const min = instantParam(query, 'timeMin') ?? -Infinity;
  const max = instantParam(query, 'timeMax') ?? Infinity;
  if (min >= max) throw badRequest('The specified time range is empty.', 'timeRangeEmpty');
  return { min, max };
}

/** A master overlaps when any occurrence does; an instance or single event by its own times. */
function overlaps(record: StoredEvent, event: CalendarEvent, { min, max }: { min: number; max: number }): boolean {
  if (min === -Infinity && max === Infinity) return true;
  const spans = event.recurrence?.length
    ? occurrencesOf(record.event).map((o) => [o.start.toMillis(), o.end.toMillis()] as const)
    : [[startMillis(event), parseEventTime(event.end ?? undefined, 'end').toMillis()] as const];
  return spans.some(([start, end]) => end > min && start < max);
}

/** iCalUID, q and extended-property filters (all must hold). */
function filters(query: URLSearchParams): (event: CalendarEvent) => boolean {
  const iCalUID = query.get('iCalUID');
  const terms = (query.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const constraint = (raw: string): [string, string] => {
    const cut = raw.indexOf('=');
    if (cut <= 0) throw badRequest(`Invalid extended property constraint: ${raw}`, 'invalid');
    return [raw.slice(0, cut), raw.slice(cut + 1)];
  };
  const priv = query.getAll('privateExtendedProperty').map(constraint);
  const shared = query.getAll('sharedExtendedProperty').map(constraint);
  return (event) => {
    if (iCalUID !== null && event.iCalUID !== iCalUID) return false;
    if (priv.some(([k, v]) => event.extendedProperties?.private?.[k] !== v)) return false;
    if (shared.some(([k, v]) => event.extendedProperties?.shared?.[k] !== v)) return false;
    if (terms.length === 0) return true;
    const text = [event.summary, event.description, event.location, event.organizer?.email, ...(event.attendees ?? []).flatMap((a) => [a.email, a.displayName])]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    return terms.every((t) => text.includes(t));
  };
}

/** The Events resource's own fields, as Google sends them with every page. */
function head(calendar: string, accessRole: string, now: number): Record<string, unknown> {
  return {
    kind: 'calendar#events',
    etag: `"${now}"`,
    summary: calendar,
    updated: new Date(now).toISOString(),
    timeZone: 'UTC',
    accessRole,
    defaultReminders: [],
  };
}

function page(query: URLSearchParams, items: CalendarEvent[], head: Record<string, unknown>, syncToken?: string): RouteResult {
  const maxResults = Math.min(intParam(query, 'maxResults', 1) ?? DEFAULT_PAGE, MAX_PAGE);
  const offset = decodePageToken(query.get('pageToken') ?? undefined);
  const more = offset + maxResults < items.length;
  const tail = more ? { nextPageToken: encodePageToken(offset + maxResults) } : syncToken ? { nextSyncToken: syncToken } : {};
  return { status: 200, body: { ...head, items: items.slice(offset, offset + maxResults), ...tail } };
}

function startMillis(event: CalendarEvent): number {
  return parseEventTime(event.start ?? undefined, 'start').toMillis();
}

function sameInstant(time: CalendarEvent['start'], text: string): boolean {
  return time != null && parseEventTime(time, 'start').toMillis() === parseEventTime({ dateTime: text }, 'start').toMillis();
}
