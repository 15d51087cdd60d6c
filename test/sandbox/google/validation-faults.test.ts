import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { calendar_v3 } from 'googleapis';
import { startGoogleEmulator, type GoogleEmulator } from '../../../src/sandbox/google/emulator.ts';
import { classifyGoogleError, GoogleRateLimitedError, GoogleUsageLimitError } from '../../../src/google/errors.ts';
import { asRateLimited } from '../../../src/queue/errors.ts';
import { insertEvent } from '../../../src/google/calendar.ts';
import { clientAs, failureOf, podSeries } from './support.ts';

let emulator: GoogleEmulator;
let org: calendar_v3.Calendar;
let now = 0;

beforeEach(async () => {
  now = Date.parse('2025-03-20T09:00:00Z');
  emulator = await startGoogleEmulator({ now: () => now });
  emulator.directory.addUser({ email: 'ana@acme.test' });
  org = clientAs(emulator, 'org@acme.test');
});
afterEach(async () => emulator.close());

describe('Google emulator: parameter validation', () => {
  it('sendUpdates, conferenceDataVersion and maxAttendees outside the description answer 400 invalidParameter naming the parameter', async () => {
    await org.events.insert({ calendarId: 'primary', requestBody: podSeries('podround01', ['ana@acme.test']) });
    const calls: Array<[Promise<unknown>, string]> = [
      [org.events.insert({ calendarId: 'primary', sendUpdates: 'everyone' as 'all', requestBody: podSeries('podround02', []) }), 'sendUpdates'],
      [org.events.patch({ calendarId: 'primary', eventId: 'podround01', sendUpdates: 'some' as 'all', requestBody: {} }), 'sendUpdates'],
      [org.events.delete({ calendarId: 'primary', eventId: 'podround01', sendUpdates: 'nobody' as 'all' }), 'sendUpdates'],
      [org.events.insert({ calendarId: 'primary', conferenceDataVersion: 2, requestBody: podSeries('podround02', []) }), 'conferenceDataVersion'],
      [org.events.list({ calendarId: 'primary', maxResults: 0 }), 'maxResults'],
      [org.events.get({ calendarId: 'primary', eventId: 'podround01', maxAttendees: 0 }), 'maxAttendees'],
    ];
    for (const [call, parameter] of calls) {
      const failure = await failureOf(call);
      expect(failure).toMatchObject({ status: 400, reason: 'invalidParameter' });
      expect(failure.body?.error?.errors?.[0]).toMatchObject({ locationType: 'parameter', location: parameter });
    }
    // Nothing changed: the bad delete did not delete, the bad inserts did not insert.
    expect(emulator.calendars.records().map((r) => [r.event.id, r.event.status])).toEqual([['podround01', 'confirmed']]);
  });

  it('timeMin >= timeMax answers 400 timeRangeEmpty; a bad responseStatus 400', async () => {
    expect(await failureOf(org.events.list({ calendarId: 'primary', timeMin: '2025-04-02T00:00:00Z', timeMax: '2025-04-01T00:00:00Z' }))).toMatchObject({ status: 400, reason: 'timeRangeEmpty' });
    await org.events.insert({ calendarId: 'primary', requestBody: podSeries('podround01', ['ana@acme.test']) });
    const bad = org.events.patch({ calendarId: 'primary', eventId: 'podround01', requestBody: { attendees: [{ email: 'ana@acme.test', responseStatus: 'yes' }] } });
    expect((await failureOf(bad)).status).toBe(400);
  });
});

describe('Google emulator: faults Google produces', () => {
  it('quotaExceeded: 403 usageLimits for hours, for that user only; classified as a long-lived usage limit, not a rate limit', async () => {
    emulator.modes.exhaustUsageLimits('org@acme.test');
    const failure = await failureOf(org.events.insert({ calendarId: 'primary', requestBody: podSeries('podround01', []) }));
    expect(failure).toMatchObject({ status: 403, reason: 'quotaExceeded' });
    expect(failure.body?.error?.errors?.[0]?.domain).toBe('usageLimits');
    await clientAs(emulator, 'ana@acme.test').events.list({ calendarId: 'primary' });
    now += 2 * 3_600_000;
    expect((await failureOf(org.events.list({ calendarId: 'primary' }))).reason).toBe('quotaExceeded');
    now += 3_600_000 + 1;
    await org.events.list({ calendarId: 'primary' });
    const error = await org.events.get({ calendarId: 'primary', eventId: 'nosuchevent' }).catch((e: unknown) => e);
    expect(error).toBeDefined();
    emulator.modes.exhaustUsageLimits();
    const caught = await org.events.list({ calendarId: 'primary' }).catch((e: unknown) => e);
    const classified = classifyGoogleError(caught, 'calendar.events.list');
    expect(classified).toBeInstanceOf(GoogleUsageLimitError);
    expect(classified).not.toBeInstanceOf(GoogleRateLimitedError);
    expect((classified as GoogleUsageLimitError).retryAfterMs).toBeGreaterThanOrEqual(3_600_000);
    expect(asRateLimited(caught)).toBeUndefined(); // the queue must not pause and retry it like a 403 rateLimitExceeded
  });

  it('per-method 403 rateLimitExceeded: one method limited, others not', async () => {
    emulator.modes.limitMethod('calendar.events.insert', 2);
    await org.events.insert({ calendarId: 'primary', requestBody: podSeries('podround01', []) });
    await org.events.insert({ calendarId: 'primary', requestBody: podSeries('podround02', []) });
    const limited = await failureOf(org.events.insert({ calendarId: 'primary', requestBody: podSeries('podround03', []) }));
    expect(limited).toMatchObject({ status: 403, reason: 'rateLimitExceeded' });
    expect((await org.events.list({ calendarId: 'primary' })).data.items).toHaveLength(2);
    now += 60_001;
    await org.events.insert({ calendarId: 'primary', requestBody: podSeries('podround03', []) });
  });

  it('412 conditionNotMet when If-Match names an etag someone has since changed', async () => {
    const created = (await org.events.insert({ calendarId: 'primary', requestBody: podSeries('podround01', []) })).data;
    now += 1000;
    const updated = (await org.events.patch({ calendarId: 'primary', eventId: 'podround01', requestBody: { description: 'v2' } }, { headers: { 'If-Match': created.etag! } })).data;
    expect(updated.etag).not.toBe(created.etag);
    const stale = await failureOf(org.events.patch({ calendarId: 'primary', eventId: 'podround01', requestBody: { description: 'v3' } }, { headers: { 'If-Match': created.etag! } }));
    expect(stale).toMatchObject({ status: 412, reason: 'conditionNotMet' });
    expect((await failureOf(org.events.delete({ calendarId: 'primary', eventId: 'podround01' }, { headers: { 'If-Match': created.etag! } }))).status).toBe(412);
    expect((await org.events.get({ calendarId: 'primary', eventId: 'podround01' })).data.description).toBe('v2');
  });

  it('a Meet creation can fail: status failure, no link', async () => {
    emulator.modes.failMeetCreation();
    const createRequest = { requestId: 'r1', conferenceSolutionKey: { type: 'hangoutsMeet' } };
    await org.events.insert({ calendarId: 'primary', conferenceDataVersion: 1, requestBody: podSeries('podround01', [], { conferenceData: { createRequest } }) });
    await org.events.insert({ calendarId: 'primary', conferenceDataVersion: 1, requestBody: podSeries('podround02', [], { conferenceData: { createRequest } }) });
    const failed = (await org.events.get({ calendarId: 'primary', eventId: 'podround01' })).data;
    expect(failed.conferenceData?.createRequest?.status?.statusCode).toBe('failure');
    expect(failed.hangoutLink).toBeUndefined();
    expect((await org.events.get({ calendarId: 'primary', eventId: 'podround02' })).data.conferenceData?.createRequest?.status?.statusCode).toBe('success');
  });

  it('an undetected duplicate id: the second insert succeeds and a second copy exists, so 409 alone cannot prove "booked once"', async () => {
    emulator.modes.acceptDuplicateIds();
    const input = { id: 'podround01', summary: 'Pod', start: { dateTime: '2025-03-24T10:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2025-03-24T11:00:00', timeZone: 'Europe/Berlin' }, attendees: ['ana@acme.test'] };
    expect((await insertEvent(org, 'primary', input)).created).toBe(true);
    expect((await insertEvent(org, 'primary', input)).created).toBe(true);
    expect(emulator.calendars.records('org@acme.test')).toHaveLength(2);
    expect(emulator.duplicates()).toEqual([expect.objectContaining({ ids: ['podround01', 'podround01'] })]);
    expect((await org.events.list({ calendarId: 'primary', privateExtendedProperty: [] })).data.items?.map((e) => e.id)).toEqual(['podround01', 'podround01']);
    // Once the mode is spent, Google's usual 409 is back.
    expect((await insertEvent(org, 'primary', input)).created).toBe(false);
  });
});
