/**
 * How a stored event looks from one calendar. An event lives once, on its organiser's calendar;
 * every guest's calendar shows a copy under the same id (Google's model: one event, many
 * calendars), with `self` on the viewer's own entries, the viewer's personal fields (colour,
 * reminders, show-as), and status 'cancelled' for someone removed from the guest list or who
 * deleted their copy. Instances of a series are `<id>_<yyyymmddThhmmssZ>` (`<id>_<yyyymmdd>` all
 * day), the series' values overlaid with the exception stored for that original start.
 */
import type { calendar_v3 } from 'googleapis';
import { attendeesFor, emailsOf, entryOf } from './attendees.ts';
import { formatDateTime, instanceSuffix, occurrences, parseEventTime, type Occurrence } from './recurrence.ts';
import type { StoredEvent } from './calendar-store.ts';

type CalendarEvent = calendar_v3.Schema$Event;

export type Standing = 'organizer' | 'guest' | 'former';

export interface ViewOptions {
  /** events.get/list `maxAttendees`: above it only the viewer's own entry is shown. */
  maxAttendees?: number;
}

export function isAllDay(event: CalendarEvent): boolean {
  return Boolean(event.start?.date);
}

// Expanding a rule is the costly part of free/busy at scale; a stored event object is replaced
// (never edited in place) when its times or rule change, so its identity keys the expansion.
const expanded = new WeakMap<CalendarEvent, Occurrence[]>();

/** All occurrences of a stored event's series (one for a single event), original times. */
export function occurrencesOf(event: CalendarEvent): Occurrence[] {
  const known = expanded.get(event);
  if (known) return known;
  const list = occurrences(parseEventTime(event.start ?? undefined, 'start'), parseEventTime(event.end ?? undefined, 'end'), event.recurrence ?? undefined);
  expanded.set(event, list);
  return list;
}

/** How `calendar` relates to the event, or undefined when it is not on that calendar. */
export function standingOf(record: StoredEvent, calendar: string): Standing | undefined {
  if (record.calendarId === calendar) return 'organizer';
  if (emailsOf(record.event.attendees).includes(calendar)) return record.removedBy.has(calendar) ? 'former' : 'guest';
  return record.formerGuests.has(calendar) ? 'former' : undefined;
}

/** One instance of a series (organiser's values, no viewer flags), exception applied. */
export function instanceAt(record: StoredEvent, occurrence: Occurrence): CalendarEvent {
  const { recurrence: _recurrence, ...master } = structuredClone(record.event);
  const allDay = isAllDay(master);
  const suffix = instanceSuffix(occurrence.start, allDay);
  const zone = master.start?.timeZone ?? undefined;
  const at = (value: Occurrence['start'], tz: string | undefined): CalendarEvent['start'] =>
    allDay ? { date: value.toISODate() } : { dateTime: formatDateTime(value), ...(tz ? { timeZone: tz } : {}) };
  const base: CalendarEvent = {
    ...master,
    id: `${master.id}_${suffix}`,
    recurringEventId: master.id ?? null,
    originalStartTime: at(occurrence.start, zone),
    start: at(occurrence.start, zone),
    end: at(occurrence.end, master.end?.timeZone ?? zone),
  };
  return { ...base, ...structuredClone(record.exceptions.get(suffix) ?? {}) };
}

/** Every instance of a recurring record, cancelled ones included, in original order. */
export function instancesOf(record: StoredEvent): Array<{ suffix: string; event: CalendarEvent }> {
  if (!record.event.recurrence?.length) return [];
  const allDay = isAllDay(record.event);
  return occurrencesOf(record.event).map((o) => ({ suffix: instanceSuffix(o.start, allDay), event: instanceAt(record, o) }));
}

/** The instance whose original start has `suffix`, if the series has one. */
export function findInstance(record: StoredEvent, suffix: string): CalendarEvent | undefined {
  if (!record.event.recurrence?.length) return undefined;
  const allDay = isAllDay(record.event);
  const hit = occurrencesOf(record.event).find((o) => instanceSuffix(o.start, allDay) === suffix);
  return hit ? instanceAt(record, hit) : undefined;
}

/** `event` (the master or an instance of `record`) as calendar `viewer` sees it. */
export function viewFor(record: StoredEvent, event: CalendarEvent, viewer: string, options: ViewOptions = {}): CalendarEvent {
  const standing = standingOf(record, viewer);
  const organiser = record.calendarId;
  const view: CalendarEvent = { ...structuredClone(event), ...structuredClone(record.personal.get(viewer) ?? {}) };
  view.organizer = { ...event.organizer, email: organiser, ...(viewer === organiser ? { self: true } : {}) };
  const suffix = event.recurringEventId ? event.id?.slice(event.id.lastIndexOf('_') + 1) : undefined;
  if (standing === 'former' || (suffix !== undefined && record.removedBy.has(`${viewer} ${suffix}`))) view.status = 'cancelled';
  const hideOthers = standing !== 'organizer' && event.guestsCanSeeOtherGuests === false;
  const tooMany = options.maxAttendees !== undefined && (event.attendees?.length ?? 0) > options.maxAttendees;
  const attendees = attendeesFor(event.attendees ?? undefined, viewer, organiser, hideOthers || tooMany);
  if (attendees) view.attendees = attendees;
  if (hideOthers || tooMany) view.attendeesOmitted = true;
  if (standing !== 'organizer') delete view.source; // "can only be seen or modified by the creator"
  return view;
}

/**
 * The times the event blocks on `viewer`'s calendar: each occurrence that is live, opaque for
 * them and not declined by them. Reads exceptions directly instead of building full instance
 * views: free/busy over thousands of calendars is the hot path of slot finding.
 */
export function busyTimes(record: StoredEvent, viewer: string): Array<{ start: number; end: number }> {
  const standing = standingOf(record, viewer);
  if (standing === undefined || standing === 'former' || record.event.status === 'cancelled') return [];
  const personal = record.personal.get(viewer)?.transparency;
  const master = record.event;
  const blocks = (event: CalendarEvent): boolean =>
    event.status !== 'cancelled' && (personal ?? event.transparency) !== 'transparent' && entryOf(event.attendees ?? undefined, viewer)?.responseStatus !== 'declined';
  if (!master.recurrence?.length) return blocks(master) ? [{ start: occurrencesOf(master)[0]!.start.toMillis(), end: occurrencesOf(master)[0]!.end.toMillis() }] : [];
  const allDay = isAllDay(master);
  const out: Array<{ start: number; end: number }> = [];
  for (const o of occurrencesOf(master)) {
    const suffix = instanceSuffix(o.start, allDay);
    const exception = record.exceptions.get(suffix);
    if (record.removedBy.has(`${viewer} ${suffix}`) || !blocks(exception ? { ...master, ...exception } : master)) continue;
    const start = exception?.start ? parseEventTime(exception.start, 'start').toMillis() : o.start.toMillis();
    const end = exception?.end ? parseEventTime(exception.end, 'end').toMillis() : o.end.toMillis();
    out.push({ start, end });
  }
  return out;
}
