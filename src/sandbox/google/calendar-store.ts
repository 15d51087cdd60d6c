/**
 * The Calendar emulator's state: which calendars exist and who may use them, busy times seeded
 * per person, and the events inserted through the API. Each event is stored once, on its
 * organiser's calendar, with the exceptions of its series; guests see it on their own calendars
 * (event-view.ts). Free/busy for a person counts every event on their calendar that is live,
 * opaque and not declined by them, instance by instance.
 */
import { randomBytes } from 'node:crypto';
import type { calendar_v3 } from 'googleapis';
import { GoogleApiFailure, notFound } from './http.ts';
import { parseEventTime } from './recurrence.ts';
import { busyTimes, findInstance, occurrencesOf, standingOf, viewFor, type Standing } from './event-view.ts';
import { resolveConference } from './conference.ts';
import { checkEventId, newEvent, type InsertOptions } from './event-writes.ts';

export type CalendarEvent = calendar_v3.Schema$Event;
export type AccessRole = 'owner' | 'writer' | 'reader' | 'freeBusyReader';

export interface StoredEvent {
  /** Internal key; equals the event id except for a second copy made under an undetected duplicate id. */
  key: string;
  /** Insertion order, so every listing is stable. */
  ordinal: number;
  /** The organiser's calendar, where the event lives. */
  calendarId: string;
  /** The event as its organiser stores it (no viewer flags). */
  event: CalendarEvent;
  /** Per instance (by id suffix): the fields changed on that one occurrence, or its cancellation. */
  exceptions: Map<string, CalendarEvent>;
  /** Guests taken off the list: their copy shows as cancelled. */
  formerGuests: Set<string>;
  /** Guests who deleted their copy (`email`) or one instance of it (`email suffix`). */
  removedBy: Set<string>;
  /** A guest's own colour, reminders and show-as, kept off the organiser's event. */
  personal: Map<string, CalendarEvent>;
  sendUpdates: string | undefined;
  conferencePending: boolean;
  /** How a pending Meet creation ends (a fault mode can make it fail). */
  conferenceOutcome?: 'success' | 'failure';
  /** Store-wide change counter at the last write (sync tokens compare against it). */
  changeSeq: number;
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

/** An event (or one instance) found on a calendar, and how that calendar relates to it. */
export interface Found {
  record: StoredEvent;
  standing: Standing;
  /** Set for an instance id: the instance's suffix. */
  suffix?: string;
}

export class CalendarStore {
  private readonly known = new Set<string>();
  private readonly acl = new Map<string, Map<string, AccessRole>>();
  /** Calendars whose free/busy is not shared with the domain. */
  private readonly private = new Set<string>();
  private readonly busy = new Map<string, BusyInterval[]>();
  private readonly stored: StoredEvent[] = [];
  /** Records by every calendar they have ever been on (organiser, guests, former guests), and by id. */
  private readonly byCalendar = new Map<string, Set<StoredEvent>>();
  private readonly byId = new Map<string, StoredEvent[]>();
  private seq = 0;
  /** Bumped by expireSyncTokens(): tokens from an older epoch answer 410. */
  syncEpoch = 1;

  constructor(
    readonly now: () => number,
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

  /** Shares `calendarId` with `email` (as Google's ACL does); the owner always has 'owner'. */
  share(calendarId: string, email: string, role: AccessRole): void {
    const key = calendarId.toLowerCase();
    this.ensureCalendar(key);
    const rules = this.acl.get(key) ?? new Map<string, AccessRole>();
    rules.set(email.toLowerCase(), role);
    this.acl.set(key, rules);
  }

  /**
   * The owner turns off sharing free/busy with the domain (Workspace shares it by default): from
   * then on only the owner and people on the calendar's ACL (freeBusyReader and up) see it, and
   * freeBusy.query answers notFound for it to anyone else, as Google does for a hidden calendar.
   */
  restrictFreeBusy(calendarId: string): void {
    this.ensureCalendar(calendarId);
    this.private.add(calendarId.toLowerCase());
  }

  /** Whether `user` may read `calendarId`'s free/busy. */
  freeBusyVisible(user: string, calendarId: string): boolean {
    if (!this.exists(calendarId)) return false;
    return !this.private.has(calendarId.toLowerCase()) || this.roleOf(user, calendarId) !== undefined;
  }

  /** What `user` may do on `calendarId`, if anything. */
  roleOf(user: string, calendarId: string): AccessRole | undefined {
    if (user === calendarId.toLowerCase()) return 'owner';
    return this.acl.get(calendarId.toLowerCase())?.get(user);
  }

  /** Seeds busy blocks for a person (their calendar then exists). */
  seedBusy(email: string, intervals: ReadonlyArray<{ start: string | Date; end: string | Date }>): void {
    const key = email.toLowerCase();
    this.ensureCalendar(key);
    const list = this.busy.get(key) ?? [];
    for (const { start, end } of intervals) list.push({ start: new Date(start).getTime(), end: new Date(end).getTime() });
    this.busy.set(key, list);
  }

  /** Events on a calendar as the API shows them to its owner (guest copies and cancelled ones included). */
  events(email: string): CalendarEvent[] {
    const key = email.toLowerCase();
    return this.stored.filter((r) => standingOf(r, key)).map((r) => viewFor(r, r.event, key));
  }

  /** Stored records organised on `email`'s calendar (all calendars when omitted), for tests and figures. */
  records(email?: string): StoredEvent[] {
    return email === undefined ? [...this.stored] : this.stored.filter((r) => r.calendarId === email.toLowerCase());
  }

  /** Records visible on `calendar` (organised there, or a guest's copy), in insertion order. */
  visibleOn(calendar: string): Array<{ record: StoredEvent; standing: Standing }> {
    const out: Array<{ record: StoredEvent; standing: Standing }> = [];
    const candidates = [...(this.byCalendar.get(calendar) ?? [])].sort((a, b) => a.ordinal - b.ordinal);
    for (const record of candidates) {
      const standing = standingOf(record, calendar);
      if (standing) out.push({ record, standing });
    }
    return out;
  }

  /** The event or instance `eventId` as found on `calendarId`; the organiser's own record first. */
  find(calendarId: string, eventId: string): Found | undefined {
    const calendar = calendarId.toLowerCase();
    const cut = eventId.lastIndexOf('_');
    const [masterId, suffix] = cut > 0 ? [eventId.slice(0, cut), eventId.slice(cut + 1)] : [eventId, undefined];
    const candidates = (this.byId.get(masterId) ?? [])
      .map((record) => ({ record, standing: standingOf(record, calendar) }))
      .filter((c): c is { record: StoredEvent; standing: Standing } => c.standing !== undefined)
      .sort((a, b) => Number(b.standing === 'organizer') - Number(a.standing === 'organizer'));
    const hit = candidates[0];
    if (!hit) return undefined;
    if (hit.record.conferencePending) resolveConference(hit.record);
    if (suffix === undefined) return hit;
    return findInstance(hit.record, suffix) ? { ...hit, suffix } : undefined;
  }

  insert(calendarId: string, input: CalendarEvent, options: InsertOptions): StoredEvent {
    const key = calendarId.toLowerCase();
    if (!this.exists(key)) throw notFound();
    checkEventId(input.id);
    const id = input.id ?? randomBytes(16).toString('hex'); // hex digits are base32hex too
    const clash = (this.byId.get(id) ?? []).filter((r) => r.calendarId === key);
    if (clash.length > 0 && !options.acceptDuplicateId) throw new GoogleApiFailure(409, 'duplicate', 'The requested identifier already exists.');
    const record: StoredEvent = {
      key: clash.length > 0 ? `${id}~${clash.length + 1}` : id,
      ordinal: this.stored.length,
      calendarId: key,
      event: newEvent(key, { ...input, id }, options, this.now()),
      exceptions: new Map(),
      formerGuests: new Set(),
      removedBy: new Set(),
      personal: new Map(),
      sendUpdates: options.sendUpdates,
      conferencePending: Boolean(options.conference && input.conferenceData?.createRequest),
      changeSeq: 0,
    };
    this.stored.push(record);
    this.byId.set(id, [...(this.byId.get(id) ?? []), record]);
    this.touch(record);
    return record;
  }

  /** Stamps a write: updated, etag, and the change counter sync tokens read. */
  touch(record: StoredEvent, suffix?: string): void {
    record.changeSeq = ++this.seq;
    for (const email of [record.calendarId, ...(record.event.attendees ?? []).map((a) => (a.email ?? '').toLowerCase())]) {
      const set = this.byCalendar.get(email) ?? new Set<StoredEvent>();
      set.add(record);
      this.byCalendar.set(email, set);
    }
    const stamp = new Date(this.now()).toISOString();
    const etag = `"${this.now()}${String(this.seq).padStart(6, '0')}"`;
    const target = suffix === undefined ? record.event : (record.exceptions.get(suffix) ?? {});
    target.updated = stamp;
    target.etag = etag;
    if (suffix !== undefined) record.exceptions.set(suffix, target);
  }

  /** Every sync token issued so far expires (the next incremental sync answers 410 fullSyncRequired). */
  expireSyncTokens(): void {
    this.syncEpoch++;
  }

  /** The current change counter (a sync token's position). */
  get changeCounter(): number {
    return this.seq;
  }

  /** Merged busy intervals of a person within [min, max): seeded blocks plus their events. */
  busyFor(email: string, min: number, max: number): BusyInterval[] {
    const key = email.toLowerCase();
    const raw = [...(this.busy.get(key) ?? [])];
    for (const { record } of this.visibleOn(key)) raw.push(...busyTimes(record, key));
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

  /** Live events booked twice (different ids, or one id stored twice): same summary, attendees and start. */
  duplicates(): DuplicateBooking[] {
    const groups = new Map<string, DuplicateBooking>();
    for (const { event } of this.stored) {
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

export { occurrencesOf };
