import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { google, type calendar_v3 } from 'googleapis';
import { startGoogleEmulator, type GoogleEmulator } from '../../../src/sandbox/google/emulator.ts';

let emulator: GoogleEmulator;
let calendar: calendar_v3.Calendar;

beforeEach(async () => {
  emulator = await startGoogleEmulator();
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token: 'sandbox:org@acme.test', expiry_date: Date.now() + 3_600_000 });
  calendar = google.calendar({ version: 'v3', rootUrl: emulator.rootUrl, auth, retry: false });
});
afterEach(async () => emulator.close());

const window = { timeMin: '2025-03-24T00:00:00Z', timeMax: '2025-04-30T00:00:00Z' };

describe('Google emulator: freeBusy.query', () => {
  it('merges seeded busy blocks, clips them to the window and reports unknown calendars as notFound', async () => {
    emulator.calendars.seedBusy('ana@acme.test', [
      { start: '2025-03-24T09:00:00Z', end: '2025-03-24T10:00:00Z' },
      { start: '2025-03-24T09:30:00Z', end: '2025-03-24T11:00:00Z' },
      { start: '2025-03-23T22:00:00Z', end: '2025-03-24T01:00:00Z' },
    ]);
    const response = await calendar.freebusy.query({ requestBody: { ...window, items: [{ id: 'ana@acme.test' }, { id: 'ghost@acme.test' }] } });
    expect(response.data.calendars?.['ana@acme.test']?.busy).toEqual([
      { start: '2025-03-24T00:00:00.000Z', end: '2025-03-24T01:00:00.000Z' },
      { start: '2025-03-24T09:00:00.000Z', end: '2025-03-24T11:00:00.000Z' },
    ]);
    expect(response.data.calendars?.['ghost@acme.test']?.errors).toEqual([{ domain: 'global', reason: 'notFound' }]);
  });

  it('counts stored events, weekly instances included, for the organizer and attendees but not decliners', async () => {
    await calendar.events.insert({
      calendarId: 'primary',
      requestBody: {
        summary: 'Pod',
        start: { dateTime: '2025-03-24T10:00:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2025-03-24T11:00:00', timeZone: 'Europe/Berlin' },
        recurrence: ['RRULE:FREQ=WEEKLY;COUNT=3'],
        attendees: [{ email: 'bo@acme.test' }, { email: 'cy@acme.test', responseStatus: 'declined' }],
      },
    });
    emulator.calendars.ensureCalendar('bo@acme.test');
    emulator.calendars.ensureCalendar('cy@acme.test');
    const response = await calendar.freebusy.query({ requestBody: { ...window, items: [{ id: 'org@acme.test' }, { id: 'bo@acme.test' }, { id: 'cy@acme.test' }] } });
    const expected = [
      { start: '2025-03-24T09:00:00.000Z', end: '2025-03-24T10:00:00.000Z' },
      { start: '2025-03-31T08:00:00.000Z', end: '2025-03-31T09:00:00.000Z' },
      { start: '2025-04-07T08:00:00.000Z', end: '2025-04-07T09:00:00.000Z' },
    ];
    expect(response.data.calendars?.['org@acme.test']?.busy).toEqual(expected);
    expect(response.data.calendars?.['bo@acme.test']?.busy).toEqual(expected);
    expect(response.data.calendars?.['cy@acme.test']?.busy).toEqual([]);
  });

  it('knows Directory users as calendars', async () => {
    emulator.directory.addUser({ email: 'dee@acme.test' });
    const response = await calendar.freebusy.query({ requestBody: { ...window, items: [{ id: 'dee@acme.test' }] } });
    expect(response.data.calendars?.['dee@acme.test']).toEqual({ busy: [] });
  });

  it('answers 400 for more than 50 calendars, an empty range or a window over ~90 days', async () => {
    const items = Array.from({ length: 51 }, (_, i) => ({ id: `p${i}@acme.test` }));
    const tooMany = await calendar.freebusy.query({ requestBody: { ...window, items } }).catch((e: unknown) => e);
    expect((tooMany as { status?: number }).status).toBe(400);
    await expect(calendar.freebusy.query({ requestBody: { timeMin: window.timeMax, timeMax: window.timeMin, items: [] } })).rejects.toMatchObject({ status: 400 });
    await expect(calendar.freebusy.query({ requestBody: { timeMin: '2025-01-01T00:00:00Z', timeMax: '2025-06-01T00:00:00Z', items: [] } })).rejects.toMatchObject({ status: 400 });
    expect(emulator.log.calls('calendar.freebusy.query').map((c) => c.reason)).toEqual(['tooManyCalendarsRequested', 'timeRangeEmpty', 'timeRangeTooLong']);
  });
});
