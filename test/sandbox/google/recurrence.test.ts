import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { calendar_v3 } from 'googleapis';
import { startGoogleEmulator, type GoogleEmulator } from '../../../src/sandbox/google/emulator.ts';
import { clientAs, failureOf } from './support.ts';

let emulator: GoogleEmulator;
let org: calendar_v3.Calendar;

beforeEach(async () => {
  emulator = await startGoogleEmulator();
  org = clientAs(emulator, 'org@acme.test');
});
afterEach(async () => emulator.close());

/** Inserts a 10:00–11:00 series in `zone` from `date` with `recurrence`; answers its instances' local starts. */
async function localStarts(recurrence: string[], date = '2025-03-24', zone = 'Europe/Berlin'): Promise<string[]> {
  const created = await org.events.insert({
    calendarId: 'primary',
    requestBody: { summary: 'Series', start: { dateTime: `${date}T10:00:00`, timeZone: zone }, end: { dateTime: `${date}T11:00:00`, timeZone: zone }, recurrence },
  });
  const items = (await org.events.instances({ calendarId: 'primary', eventId: created.data.id! })).data.items ?? [];
  return items.map((e) => e.start?.dateTime ?? '');
}

describe('Google emulator: recurrence rules', () => {
  it('BYDAY lists: Mondays and Wednesdays, local time kept across DST', async () => {
    expect(await localStarts(['RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=5'])).toEqual([
      '2025-03-24T10:00:00+01:00', '2025-03-26T10:00:00+01:00', '2025-03-31T10:00:00+02:00', '2025-04-02T10:00:00+02:00', '2025-04-07T10:00:00+02:00',
    ]);
  });

  it('INTERVAL: fortnightly', async () => {
    expect(await localStarts(['RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=3'])).toEqual(['2025-03-24T10:00:00+01:00', '2025-04-07T10:00:00+02:00', '2025-04-21T10:00:00+02:00']);
  });

  it('UNTIL as a date is the last day in the event’s zone, inclusive', async () => {
    // In UTC, 10:00 Kolkata on 7 April is 04:30 the same day; read in UTC or as a date-time it would still count,
    // but an 00:30 series there starts the day before in UTC: the zone decides.
    expect(await localStarts(['RRULE:FREQ=WEEKLY;UNTIL=20250407'], '2025-03-24', 'Asia/Kolkata')).toHaveLength(3);
    const created = await org.events.insert({
      calendarId: 'primary',
      requestBody: { start: { dateTime: '2025-03-24T00:30:00', timeZone: 'Asia/Kolkata' }, end: { dateTime: '2025-03-24T01:00:00', timeZone: 'Asia/Kolkata' }, recurrence: ['RRULE:FREQ=WEEKLY;UNTIL=20250407'] },
    });
    const items = (await org.events.instances({ calendarId: 'primary', eventId: created.data.id! })).data.items ?? [];
    expect(items.map((e) => e.start?.dateTime)).toEqual(['2025-03-24T00:30:00+05:30', '2025-03-31T00:30:00+05:30', '2025-04-07T00:30:00+05:30']);
    expect(await localStarts(['RRULE:FREQ=WEEKLY;UNTIL=20250407T075959Z'])).toHaveLength(2);
  });

  it('EXDATE removes occurrences (UTC, TZID and date forms); RDATE adds one', async () => {
    expect(await localStarts(['RRULE:FREQ=WEEKLY;COUNT=4', 'EXDATE:20250331T080000Z'])).toEqual(['2025-03-24T10:00:00+01:00', '2025-04-07T10:00:00+02:00', '2025-04-14T10:00:00+02:00']);
    expect(await localStarts(['RRULE:FREQ=WEEKLY;COUNT=4', 'EXDATE;TZID=Europe/Berlin:20250407T100000,20250414T100000'])).toHaveLength(2);
    expect(await localStarts(['RRULE:FREQ=WEEKLY;COUNT=3', 'EXDATE;VALUE=DATE:20250324', 'RDATE;TZID=Europe/Berlin:20250402T100000'])).toEqual([
      '2025-03-31T10:00:00+02:00', '2025-04-02T10:00:00+02:00', '2025-04-07T10:00:00+02:00',
    ]);
  });

  it('MONTHLY and YEARLY in the forms Google offers', async () => {
    expect(await localStarts(['RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=3'], '2025-04-08')).toEqual(['2025-04-08T10:00:00+02:00', '2025-05-13T10:00:00+02:00', '2025-06-10T10:00:00+02:00']);
    expect(await localStarts(['RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=2'], '2025-03-28')).toEqual(['2025-03-28T10:00:00+01:00', '2025-04-25T10:00:00+02:00']);
    expect(await localStarts(['RRULE:FREQ=MONTHLY;COUNT=3'], '2025-01-31')).toEqual(['2025-01-31T10:00:00+01:00', '2025-03-31T10:00:00+02:00', '2025-05-31T10:00:00+02:00']);
    expect(await localStarts(['RRULE:FREQ=YEARLY;COUNT=2'], '2025-03-24')).toEqual(['2025-03-24T10:00:00+01:00', '2026-03-24T10:00:00+01:00']);
  });

  it('a moved instance of a BYDAY series keeps its id and the others stay', async () => {
    const created = await org.events.insert({
      calendarId: 'primary',
      requestBody: { id: 'podseries2', start: { dateTime: '2025-03-24T10:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2025-03-24T11:00:00', timeZone: 'Europe/Berlin' }, recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4'] },
    });
    await org.events.patch({ calendarId: 'primary', eventId: `${created.data.id}_20250326T090000Z`, requestBody: { start: { dateTime: '2025-03-27T10:00:00+01:00' }, end: { dateTime: '2025-03-27T11:00:00+01:00' } } });
    const items = (await org.events.list({ calendarId: 'primary', singleEvents: true, orderBy: 'startTime' })).data.items ?? [];
    expect(items.map((e) => e.id)).toEqual(['podseries2_20250324T090000Z', 'podseries2_20250326T090000Z', 'podseries2_20250331T080000Z', 'podseries2_20250402T080000Z']);
    expect(Date.parse(items[1]?.start?.dateTime ?? '')).toBe(Date.parse('2025-03-27T10:00:00+01:00'));
  });

  it.each([
    ['RRULE:FREQ=HOURLY;COUNT=3', 'FREQ'],
    ['RRULE:FREQ=WEEKLY;BYHOUR=9;COUNT=3', 'BYHOUR'],
    ['RRULE:FREQ=WEEKLY;COUNT=3;UNTIL=20250501', 'COUNT and UNTIL'],
    ['RRULE:FREQ=WEEKLY;COUNT=0', 'COUNT'],
    ['RRULE:FREQ=WEEKLY;INTERVAL=x', 'INTERVAL'],
    ['RRULE:FREQ=WEEKLY;BYDAY=XX', 'invalid'],
    ['EXRULE:FREQ=WEEKLY;COUNT=2', 'EXRULE'],
    ['RDATE;VALUE=PERIOD:20250401T100000Z/PT1H', 'VALUE'],
  ])('answers 400 for what it cannot model instead of ignoring it: %s', async (line) => {
    const lines = line.startsWith('RRULE') ? [line] : ['RRULE:FREQ=WEEKLY;COUNT=2', line];
    const failure = await failureOf(localStarts(lines));
    expect(failure.status).toBe(400);
    expect(failure.body?.error?.message).toMatch(/recurrence/i);
  });
});
