import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { calendar_v3 } from 'googleapis';
import { startGoogleEmulator, type GoogleEmulator } from '../../../src/sandbox/google/emulator.ts';
import { april, clientAs, failureOf, podSeries } from './support.ts';

let emulator: GoogleEmulator;
let org: calendar_v3.Calendar;

beforeEach(async () => {
  emulator = await startGoogleEmulator();
  org = clientAs(emulator, 'org@acme.test');
  for (const email of ['ana@acme.test', 'bo@acme.test']) emulator.directory.addUser({ email });
  await org.events.insert({ calendarId: 'primary', requestBody: podSeries('pod7round1', ['ana@acme.test', 'bo@acme.test']) });
});
afterEach(async () => emulator.close());

const busyOf = async (email: string): Promise<string[]> => {
  const response = await org.freebusy.query({ requestBody: { ...april, items: [{ id: email }] } });
  return (response.data.calendars?.[email]?.busy ?? []).map((b) => b.start ?? '');
};

describe('Google emulator: instances of a recurring event', () => {
  it('lists instances with Google ids, originalStartTime and recurringEventId, filtered by window and originalStart', async () => {
    const all = (await org.events.instances({ calendarId: 'primary', eventId: 'pod7round1' })).data.items ?? [];
    expect(all.map((e) => e.id)).toEqual([
      'pod7round1_20250324T090000Z', 'pod7round1_20250331T080000Z', 'pod7round1_20250407T080000Z',
      'pod7round1_20250414T080000Z', 'pod7round1_20250421T080000Z', 'pod7round1_20250428T080000Z',
    ]);
    expect(all[1]).toMatchObject({ recurringEventId: 'pod7round1', originalStartTime: { dateTime: '2025-03-31T10:00:00+02:00', timeZone: 'Europe/Berlin' } });
    const window = await org.events.instances({ calendarId: 'primary', eventId: 'pod7round1', timeMin: '2025-04-01T00:00:00Z', timeMax: '2025-04-15T00:00:00Z' });
    expect(window.data.items?.map((e) => e.id)).toEqual(['pod7round1_20250407T080000Z', 'pod7round1_20250414T080000Z']);
    const one = await org.events.instances({ calendarId: 'primary', eventId: 'pod7round1', originalStart: '2025-04-21T10:00:00+02:00' });
    expect(one.data.items?.map((e) => e.id)).toEqual(['pod7round1_20250421T080000Z']);
    expect((await failureOf(org.events.instances({ calendarId: 'primary', eventId: 'nosuchseries' }))).status).toBe(404);
  });

  it('moves one occurrence: get, list, the series and free/busy all show the exception', async () => {
    const id = 'pod7round1_20250407T080000Z';
    const moved = await org.events.patch({
      calendarId: 'primary', eventId: id,
      requestBody: { summary: 'Pod 7 (moved)', start: { dateTime: '2025-04-08T15:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2025-04-08T16:00:00', timeZone: 'Europe/Berlin' } },
    });
    expect(moved.data).toMatchObject({ id, recurringEventId: 'pod7round1', summary: 'Pod 7 (moved)', start: { dateTime: '2025-04-08T15:00:00+02:00' } });
    expect(moved.data.originalStartTime?.dateTime).toBe('2025-04-07T10:00:00+02:00');
    expect((await org.events.get({ calendarId: 'primary', eventId: id })).data.start?.dateTime).toBe('2025-04-08T15:00:00+02:00');
    const single = (await org.events.list({ calendarId: 'primary', singleEvents: true, orderBy: 'startTime' })).data.items ?? [];
    expect(single.find((e) => e.id === id)?.summary).toBe('Pod 7 (moved)');
    expect(single.filter((e) => e.summary === 'Pod 7')).toHaveLength(5);
    const masters = (await org.events.list({ calendarId: 'primary' })).data.items ?? [];
    expect(masters.map((e) => e.id)).toEqual(['pod7round1', id]);
    for (const who of ['org@acme.test', 'ana@acme.test']) {
      const busy = await busyOf(who);
      expect(busy).toContain('2025-04-08T13:00:00.000Z');
      expect(busy).not.toContain('2025-04-07T08:00:00.000Z');
    }
    // A later change to the series reaches the instances that did not override it.
    await org.events.patch({ calendarId: 'primary', eventId: 'pod7round1', requestBody: { location: 'Room 2', summary: 'Pod seven' } });
    const after = await org.events.get({ calendarId: 'primary', eventId: id });
    expect(after.data).toMatchObject({ location: 'Room 2', summary: 'Pod 7 (moved)' });
  });

  it('cancels one occurrence: 204, cancelled on get, only with showDeleted in lists, free in free/busy, 410 again', async () => {
    const id = 'pod7round1_20250414T080000Z';
    expect((await org.events.delete({ calendarId: 'primary', eventId: id })).status).toBe(204);
    expect((await org.events.get({ calendarId: 'primary', eventId: id })).data.status).toBe('cancelled');
    const live = (await org.events.list({ calendarId: 'primary', singleEvents: true })).data.items ?? [];
    expect(live.map((e) => e.id)).not.toContain(id);
    expect(live).toHaveLength(5);
    const withDeleted = (await org.events.list({ calendarId: 'primary', singleEvents: true, showDeleted: true })).data.items ?? [];
    expect(withDeleted.find((e) => e.id === id)?.status).toBe('cancelled');
    expect((await org.events.instances({ calendarId: 'primary', eventId: 'pod7round1' })).data.items).toHaveLength(5);
    // Without singleEvents Google still lists the cancelled instance beside its live series.
    expect(((await org.events.list({ calendarId: 'primary' })).data.items ?? []).map((e) => [e.id, e.status])).toEqual([
      ['pod7round1', 'confirmed'], [id, 'cancelled'],
    ]);
    expect(await busyOf('bo@acme.test')).not.toContain('2025-04-14T08:00:00.000Z');
    expect((await failureOf(org.events.delete({ calendarId: 'primary', eventId: id }))).status).toBe(410);
  });

  it('answers 404 for an instance id the series does not have', async () => {
    for (const eventId of ['pod7round1_20250415T080000Z', 'pod7round1_garbage', 'nosuch_20250414T080000Z']) {
      expect((await failureOf(org.events.get({ calendarId: 'primary', eventId }))).status).toBe(404);
      expect((await failureOf(org.events.patch({ calendarId: 'primary', eventId, requestBody: { summary: 'x' } }))).status).toBe(404);
      expect((await failureOf(org.events.delete({ calendarId: 'primary', eventId }))).status).toBe(404);
    }
  });

  it('names all-day instances <id>_<yyyymmdd>', async () => {
    await org.events.insert({
      calendarId: 'primary',
      requestBody: { id: 'offsite01', summary: 'Offsite', start: { date: '2025-05-05' }, end: { date: '2025-05-06' }, recurrence: ['RRULE:FREQ=WEEKLY;COUNT=2'] },
    });
    const items = (await org.events.instances({ calendarId: 'primary', eventId: 'offsite01' })).data.items ?? [];
    expect(items.map((e) => [e.id, e.start?.date, e.originalStartTime?.date])).toEqual([
      ['offsite01_20250505', '2025-05-05', '2025-05-05'], ['offsite01_20250512', '2025-05-12', '2025-05-12'],
    ]);
    await org.events.delete({ calendarId: 'primary', eventId: 'offsite01_20250512' });
    expect((await org.events.get({ calendarId: 'primary', eventId: 'offsite01_20250512' })).data.status).toBe('cancelled');
  });
});
