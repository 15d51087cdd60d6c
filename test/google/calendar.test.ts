import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGoogleEmulator, type GoogleEmulator } from '../../src/sandbox/google/emulator.ts';
import { calendarApi } from '../../src/google/auth.ts';
import {
  calendarEventId, deleteEvent, getEvent, insertEvent, patchRecurrenceUntil, queryFreeBusy, withUntil, type NewCalendarEvent,
} from '../../src/google/calendar.ts';
import type { calendar_v3 } from 'googleapis';
import { GooglePermanentError } from '../../src/google/errors.ts';

let emulator: GoogleEmulator;
let calendar: calendar_v3.Calendar;

beforeEach(async () => {
  emulator = await startGoogleEmulator();
  calendar = calendarApi({ mode: 'sandbox', rootUrl: emulator.rootUrl }, 'pods@acme.test');
});
afterEach(async () => emulator.close());

const podEvent = (id: string): NewCalendarEvent => ({
  id,
  summary: 'Peer pod: Finance × Design',
  start: { dateTime: '2025-03-24T10:00:00', timeZone: 'Europe/Berlin' },
  end: { dateTime: '2025-03-24T11:00:00', timeZone: 'Europe/Berlin' },
  recurrence: ['RRULE:FREQ=WEEKLY;COUNT=6'],
  attendees: ['ana@acme.test', 'bo@acme.test', 'cy@acme.test', 'dee@acme.test'],
  meetRequestId: `meet-${id}`,
});

describe('Google calendar adapter', () => {
  it('queries free/busy for 120 people in chunks of 50', async () => {
    const emails = Array.from({ length: 120 }, (_, i) => `p${i}@acme.test`);
    for (const email of emails.slice(0, 119)) emulator.calendars.seedBusy(email, [{ start: '2025-03-24T09:00:00Z', end: '2025-03-24T10:00:00Z' }]);
    const result = await queryFreeBusy(calendar, emails, new Date('2025-03-24T00:00:00Z'), new Date('2025-04-01T00:00:00Z'));
    expect(emulator.log.calls('calendar.freebusy.query').map((c) => (c.body as { items: unknown[] }).items.length)).toEqual([50, 50, 20]);
    expect(result.size).toBe(120);
    expect(result.get('p0@acme.test')).toEqual({ busy: [{ start: new Date('2025-03-24T09:00:00Z'), end: new Date('2025-03-24T10:00:00Z') }] });
    expect(result.get('p119@acme.test')).toEqual({ error: 'notFound' });
  });

  it('books once: a repeated insert with the same id answers the existing event', async () => {
    const id = calendarEventId('pod:42:round:1');
    const first = await insertEvent(calendar, 'primary', podEvent(id));
    expect(first.created).toBe(true);
    expect(first.event.conferenceData?.createRequest?.status?.statusCode).toBe('pending');
    const second = await insertEvent(calendar, 'primary', podEvent(id));
    expect(second.created).toBe(false);
    expect(second.event.id).toBe(id);
    expect(second.event.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\//);
    expect(emulator.log.calls().map((c) => `${c.method} ${c.status}`)).toEqual([
      'calendar.events.insert 200', 'calendar.events.insert 409', 'calendar.events.get 200',
    ]);
    expect(emulator.log.calls('calendar.events.insert')[0]?.params).toMatchObject({ conferenceDataVersion: '1', sendUpdates: 'all' });
    expect(emulator.duplicates()).toEqual([]);
  });

  it('ends a series early with UNTIL and leaves the rest of the event alone', async () => {
    const id = calendarEventId('pod:42:round:2');
    await insertEvent(calendar, 'primary', podEvent(id));
    const patched = await patchRecurrenceUntil(calendar, 'primary', id, new Date('2025-04-08T00:00:00Z'));
    expect(patched.recurrence).toEqual(['RRULE:FREQ=WEEKLY;UNTIL=20250408T000000Z']);
    expect((emulator.log.calls('calendar.events.patch')[0]?.body as object)).toEqual({ recurrence: patched.recurrence });
    const instances = await calendar.events.list({ calendarId: 'primary', singleEvents: true });
    expect(instances.data.items).toHaveLength(3);
  });

  it('reads a missing event as undefined and deletes idempotently', async () => {
    expect(await getEvent(calendar, 'primary', 'nosuchevent')).toBeUndefined();
    const id = calendarEventId('pod:42:round:3');
    await insertEvent(calendar, 'primary', podEvent(id));
    await deleteEvent(calendar, 'primary', id);
    await deleteEvent(calendar, 'primary', id);
    expect(emulator.log.calls('calendar.events.delete').map((c) => c.status)).toEqual([204, 410]);
    expect((await getEvent(calendar, 'primary', id))?.status).toBe('cancelled');
  });

  it('cancels one occurrence by its instance id, and a 404 is an error, not "done"', async () => {
    const id = calendarEventId('pod:42:round:4');
    await insertEvent(calendar, 'primary', podEvent(id));
    await deleteEvent(calendar, 'primary', `${id}_20250407T080000Z`);
    expect((await getEvent(calendar, 'primary', `${id}_20250407T080000Z`))?.status).toBe('cancelled');
    await deleteEvent(calendar, 'primary', `${id}_20250407T080000Z`); // a retry after a lost answer: 410, done
    // No occurrence on a Tuesday: nothing was cancelled, so the caller must hear about it.
    await expect(deleteEvent(calendar, 'primary', `${id}_20250408T080000Z`)).rejects.toBeInstanceOf(GooglePermanentError);
    await expect(deleteEvent(calendar, 'primary', 'nosuchevent')).rejects.toMatchObject({ status: 404 });
  });

  it('derives valid, distinct, deterministic event ids', () => {
    const ids = ['pod:1:round:1', 'pod:1:round:2', 'x', 'pod:6f1c2e9a-0b7d-4c55-9a57-3c2d1e0f9b88:round:12'].map(calendarEventId);
    for (const id of ids) expect(id).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(calendarEventId('pod:1:round:1')).toBe(ids[0]);
  });

  it('rewrites COUNT or UNTIL into the new UNTIL, keeping other rule parts and lines', () => {
    expect(withUntil(['RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=6', 'EXDATE:20250331T080000Z'], new Date('2025-05-01T08:00:00.000Z'))).toEqual([
      'RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20250501T080000Z', 'EXDATE:20250331T080000Z',
    ]);
  });
});
