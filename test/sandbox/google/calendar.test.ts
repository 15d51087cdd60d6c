import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { google, type calendar_v3 } from 'googleapis';
import { startGoogleEmulator, type GoogleEmulator } from '../../../src/sandbox/google/emulator.ts';

let emulator: GoogleEmulator;
let calendar: calendar_v3.Calendar;

/** The real googleapis client, acting as `user` with a sandbox token, library retries off. */
function clientFor(user: string): calendar_v3.Calendar {
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token: `sandbox:${user}`, expiry_date: Date.now() + 3_600_000 });
  return google.calendar({ version: 'v3', rootUrl: emulator.rootUrl, auth, retry: false });
}

beforeEach(async () => {
  emulator = await startGoogleEmulator();
  calendar = clientFor('org@acme.test');
});
afterEach(async () => emulator.close());

function statusOf(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

const series: calendar_v3.Schema$Event = {
  summary: 'Pod 7',
  start: { dateTime: '2025-03-24T10:00:00', timeZone: 'Europe/Berlin' },
  end: { dateTime: '2025-03-24T11:00:00', timeZone: 'Europe/Berlin' },
  recurrence: ['RRULE:FREQ=WEEKLY;COUNT=6'],
  attendees: [{ email: 'ana@acme.test' }, { email: 'bo@acme.test' }],
};

describe('Google emulator: Calendar v3 events', () => {
  it('inserts with a client id and answers 409 duplicate on reuse', async () => {
    const created = await calendar.events.insert({ calendarId: 'primary', requestBody: { ...series, id: 'pod7round1' }, sendUpdates: 'all' });
    expect(created.data.id).toBe('pod7round1');
    expect(created.data.organizer?.email).toBe('org@acme.test');
    expect(emulator.calendars.records('org@acme.test')[0]?.sendUpdates).toBe('all');
    const again = await calendar.events.insert({ calendarId: 'primary', requestBody: { ...series, id: 'pod7round1' } }).catch((e: unknown) => e);
    expect(statusOf(again)).toBe(409);
    expect(emulator.log.calls('calendar.events.insert').map((c) => c.reason)).toEqual([undefined, 'duplicate']);
  });

  it.each(['abc', 'has-dash-xyz', 'UPPERCASE1', 'wxyz12345', 'a'.repeat(1025)])('rejects the id %s with 400 invalid', async (id) => {
    const error = await calendar.events.insert({ calendarId: 'primary', requestBody: { ...series, id } }).catch((e: unknown) => e);
    expect(statusOf(error)).toBe(400);
    expect(emulator.log.calls()[0]?.reason).toBe('invalid');
  });

  it('requires a time zone on recurring events and a non-empty range', async () => {
    const noZone = { ...series, start: { dateTime: '2025-03-24T10:00:00Z' }, end: { dateTime: '2025-03-24T11:00:00Z' } };
    expect(statusOf(await calendar.events.insert({ calendarId: 'primary', requestBody: noZone }).catch((e: unknown) => e))).toBe(400);
    const backwards = { ...series, end: { dateTime: '2025-03-24T09:00:00', timeZone: 'Europe/Berlin' } };
    expect(statusOf(await calendar.events.insert({ calendarId: 'primary', requestBody: backwards }).catch((e: unknown) => e))).toBe(400);
  });

  it('expands a weekly series into instances at the same local time across DST', async () => {
    await calendar.events.insert({ calendarId: 'primary', requestBody: { ...series, id: 'pod7round1' } });
    const list = await calendar.events.list({ calendarId: 'primary', singleEvents: true, orderBy: 'startTime', timeMin: '2025-03-01T00:00:00Z', timeMax: '2025-06-01T00:00:00Z' });
    const items = list.data.items ?? [];
    expect(items).toHaveLength(6);
    // 24 March is CET (+01:00); from 31 March Berlin is on CEST (+02:00): same 10:00 local time.
    expect(items[0]?.id).toBe('pod7round1_20250324T090000Z');
    expect(items[1]?.id).toBe('pod7round1_20250331T080000Z');
    expect(items.map((e) => e.start?.dateTime?.slice(11, 16))).toEqual(Array(6).fill('10:00'));
    expect(items[1]?.recurringEventId).toBe('pod7round1');
    const masters = await calendar.events.list({ calendarId: 'primary' });
    expect(masters.data.items?.map((e) => e.id)).toEqual(['pod7round1']);
    const instance = await calendar.events.get({ calendarId: 'primary', eventId: 'pod7round1_20250331T080000Z' });
    expect(instance.data.start?.dateTime).toBe('2025-03-31T10:00:00+02:00');
  });

  it('ends a series with a patched UNTIL', async () => {
    await calendar.events.insert({ calendarId: 'primary', requestBody: { ...series, id: 'pod7round1' } });
    const patched = await calendar.events.patch({ calendarId: 'primary', eventId: 'pod7round1', requestBody: { recurrence: ['RRULE:FREQ=WEEKLY;UNTIL=20250408T000000Z'] } });
    expect(patched.data.sequence).toBe(1);
    expect(patched.data.summary).toBe('Pod 7');
    const list = await calendar.events.list({ calendarId: 'primary', singleEvents: true });
    expect(list.data.items).toHaveLength(3);
  });

  it('creates Meet data only with conferenceDataVersion=1: pending, then success on a later get', async () => {
    const createRequest = { requestId: 'req-1', conferenceSolutionKey: { type: 'hangoutsMeet' } };
    const withoutVersion = await calendar.events.insert({ calendarId: 'primary', requestBody: { ...series, conferenceData: { createRequest } } });
    expect(withoutVersion.data.conferenceData).toBeUndefined();
    const inserted = await calendar.events.insert({ calendarId: 'primary', conferenceDataVersion: 1, requestBody: { ...series, id: 'meetpod01', conferenceData: { createRequest } } });
    expect(inserted.data.conferenceData?.createRequest?.status?.statusCode).toBe('pending');
    expect(inserted.data.hangoutLink).toBeUndefined();
    const later = await calendar.events.get({ calendarId: 'primary', eventId: 'meetpod01' });
    expect(later.data.conferenceData?.createRequest?.status?.statusCode).toBe('success');
    expect(later.data.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    expect(later.data.conferenceData?.entryPoints?.[0]?.uri).toBe(later.data.hangoutLink);
  });

  it('pages events.list', async () => {
    for (let i = 0; i < 7; i++) {
      const start = `2025-04-0${i + 1}T09:00:00Z`;
      await calendar.events.insert({ calendarId: 'primary', requestBody: { summary: `e${i}`, start: { dateTime: start }, end: { dateTime: start.replace('09:', '10:') } } });
    }
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await calendar.events.list({ calendarId: 'primary', maxResults: 3, singleEvents: true, orderBy: 'startTime', ...(pageToken ? { pageToken } : {}) });
      seen.push(...(page.data.items ?? []).map((e) => e.summary ?? ''));
      pageToken = page.data.nextPageToken ?? undefined;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
  });

  it('deletes: 204, then 410 deleted, 404 for an unknown id, cancelled on get', async () => {
    await calendar.events.insert({ calendarId: 'primary', requestBody: { ...series, id: 'pod7round1' } });
    const first = await calendar.events.delete({ calendarId: 'primary', eventId: 'pod7round1' });
    expect(first.status).toBe(204);
    expect(statusOf(await calendar.events.delete({ calendarId: 'primary', eventId: 'pod7round1' }).catch((e: unknown) => e))).toBe(410);
    expect(statusOf(await calendar.events.delete({ calendarId: 'primary', eventId: 'nosuchevent' }).catch((e: unknown) => e))).toBe(404);
    expect((await calendar.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data.status).toBe('cancelled');
    expect((await calendar.events.list({ calendarId: 'primary' })).data.items).toEqual([]);
  });

  it('reports duplicate bookings made under different ids', async () => {
    await calendar.events.insert({ calendarId: 'primary', requestBody: { ...series, id: 'firstid01' } });
    await calendar.events.insert({ calendarId: 'primary', requestBody: { ...series, id: 'secondid02' } });
    expect(emulator.duplicates()).toEqual([
      { summary: 'Pod 7', start: '2025-03-24T09:00:00.000Z', attendees: ['ana@acme.test', 'bo@acme.test'], ids: ['firstid01', 'secondid02'] },
    ]);
  });

  it('refuses a request without a bearer token with 401 in Google error shape', async () => {
    const response = await fetch(`${emulator.rootUrl}calendar/v3/calendars/primary/events`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: number; errors: Array<{ reason: string }> } };
    expect(body.error.code).toBe(401);
    expect(body.error.errors[0]?.reason).toBe('required');
  });

  it('inserts into another calendar shared with writer access, but 404s an unshared or unknown one', async () => {
    emulator.calendars.ensureCalendar('room@acme.test');
    expect(statusOf(await calendar.events.insert({ calendarId: 'room@acme.test', requestBody: { ...series } }).catch((e: unknown) => e))).toBe(404);
    emulator.calendars.share('room@acme.test', 'org@acme.test', 'writer');
    await calendar.events.insert({ calendarId: 'room@acme.test', requestBody: { ...series } });
    expect(emulator.calendars.events('room@acme.test')).toHaveLength(1);
    expect(statusOf(await calendar.events.insert({ calendarId: 'ghost@acme.test', requestBody: { ...series } }).catch((e: unknown) => e))).toBe(404);
  });
});
