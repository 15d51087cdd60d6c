/**
 * Conformance checks for the Calendar v3 methods peerpods calls: valid calls through the real
 * googleapis client validated against the discovery document's schemas, and each documented
 * error the app can meet produced with Google's status, reason and error shape.
 */
import type { calendar_v3 } from 'googleapis';
import { answerInvitation } from '../attendee-client.ts';
import { answerOf, conforms, expectThat, fails, type Check, type CheckContext } from './context.ts';

const series = (id: string, extra: calendar_v3.Schema$Event = {}): calendar_v3.Schema$Event => ({
  id,
  summary: 'Peer pod',
  description: 'Session guide',
  start: { dateTime: '2025-03-24T10:00:00', timeZone: 'Europe/Berlin' },
  end: { dateTime: '2025-03-24T11:00:00', timeZone: 'Europe/Berlin' },
  recurrence: ['RRULE:FREQ=WEEKLY;COUNT=6'],
  attendees: [{ email: 'ana@acme.test' }, { email: 'bo@acme.test' }],
  extendedProperties: { private: { pod: 'p1' } },
  ...extra,
});
const meet = { createRequest: { requestId: 'req-1', conferenceSolutionKey: { type: 'hangoutsMeet' } } };

async function booked(c: CheckContext, id = 'podround01', extra: calendar_v3.Schema$Event = {}): Promise<calendar_v3.Calendar> {
  for (const email of ['ana@acme.test', 'bo@acme.test', 'eve@acme.test']) c.emulator.directory.addUser({ email });
  const org = c.as('org@acme.test');
  await org.events.insert({ calendarId: 'primary', conferenceDataVersion: 1, sendUpdates: 'all', requestBody: series(id, { conferenceData: meet, ...extra }) });
  return org;
}

const doc = (c: CheckContext) => c.specs.calendar;

export const CALENDAR_CHECKS: Check[] = [
  { method: 'calendar.freebusy.query', name: 'busy blocks and unknown calendars, as FreeBusyResponse', run: async (c) => {
    const org = await booked(c);
    const answer = await answerOf(org.freebusy.query({ requestBody: { timeMin: '2025-03-20T00:00:00Z', timeMax: '2025-04-20T00:00:00Z', items: [{ id: 'ana@acme.test' }, { id: 'ghost@acme.test' }] } }));
    const calendars = (answer.body as calendar_v3.Schema$FreeBusyResponse).calendars ?? {};
    return [
      ...conforms(doc(c), 'FreeBusyResponse', answer, 'freeBusy'),
      ...expectThat(calendars['ana@acme.test']?.busy?.length === 4, 'freeBusy: ana should be busy in 4 instances'),
      ...expectThat(calendars['ghost@acme.test']?.errors?.[0]?.reason === 'notFound', 'freeBusy: an unknown calendar should carry errors[].reason notFound'),
    ];
  } },
  { method: 'calendar.freebusy.query', name: 'timeRangeEmpty, tooManyCalendarsRequested, 401, 403 userRateLimitExceeded', run: async (c) => {
    const org = c.as('org@acme.test');
    const items = Array.from({ length: 51 }, (_, i) => ({ id: `p${i}@acme.test` }));
    const problems = [
      ...fails(await answerOf(org.freebusy.query({ requestBody: { timeMin: '2025-03-21T00:00:00Z', timeMax: '2025-03-20T00:00:00Z', items: [] } })), 400, 'timeRangeEmpty', 'empty range'),
      ...fails(await answerOf(org.freebusy.query({ requestBody: { timeMin: '2025-03-20T00:00:00Z', timeMax: '2025-03-21T00:00:00Z', items } })), 400, 'tooManyCalendarsRequested', '51 calendars'),
      ...fails(await c.raw('POST', 'calendar/v3/freeBusy', { token: 'ya29.not-ours', body: {} }), 401, 'authError', 'foreign token'),
    ];
    c.emulator.quota.configure({ perUserPerMinute: 1 });
    await answerOf(org.freebusy.query({ requestBody: { timeMin: '2025-03-20T00:00:00Z', timeMax: '2025-03-21T00:00:00Z', items: [] } }));
    const limited = await answerOf(org.freebusy.query({ requestBody: { timeMin: '2025-03-20T00:00:00Z', timeMax: '2025-03-21T00:00:00Z', items: [] } }));
    return [...problems, ...fails(limited, 403, 'userRateLimitExceeded', 'per-user quota')];
  } },
  { method: 'calendar.events.insert', name: 'a series with Meet, attendees and extended properties, as Event', run: async (c) => {
    c.emulator.directory.addUser({ email: 'ana@acme.test' });
    const answer = await answerOf(c.as('org@acme.test').events.insert({ calendarId: 'primary', conferenceDataVersion: 1, requestBody: series('podround01', { conferenceData: meet }) }));
    const event = answer.body as calendar_v3.Schema$Event;
    return [
      ...conforms(doc(c), 'Event', answer, 'insert'),
      ...expectThat(event.conferenceData?.createRequest?.status?.statusCode === 'pending', 'insert: Meet creation should be pending'),
      ...expectThat(event.extendedProperties?.private?.['pod'] === 'p1', 'insert: extendedProperties kept'),
    ];
  } },
  { method: 'calendar.events.insert', name: '409 duplicate, 400 invalid id, 404 calendar, quota and rate faults', run: async (c) => {
    const org = await booked(c);
    const problems = [
      ...fails(await answerOf(org.events.insert({ calendarId: 'primary', requestBody: series('podround01') })), 409, 'duplicate', 'reused id'),
      ...fails(await answerOf(org.events.insert({ calendarId: 'primary', requestBody: series('Has-Dash') })), 400, 'invalid', 'bad id'),
      ...fails(await answerOf(org.events.insert({ calendarId: 'ghost@acme.test', requestBody: series('podround02') })), 404, 'notFound', 'unknown calendar'),
    ];
    c.emulator.faults.inject('calendar.events.insert', '429', 1);
    c.emulator.faults.inject('calendar.events.insert', '500', 1);
    problems.push(...fails(await answerOf(org.events.insert({ calendarId: 'primary', requestBody: series('podround03') })), 429, 'rateLimitExceeded', '429'));
    problems.push(...fails(await answerOf(org.events.insert({ calendarId: 'primary', requestBody: series('podround03') })), 500, 'backendError', '500'));
    c.emulator.modes.limitMethod('calendar.events.insert', 1);
    await answerOf(org.events.insert({ calendarId: 'primary', requestBody: series('podround04') }));
    problems.push(...fails(await answerOf(org.events.insert({ calendarId: 'primary', requestBody: series('podround05') })), 403, 'rateLimitExceeded', 'per-method limit'));
    c.emulator.modes.exhaustUsageLimits('org@acme.test');
    problems.push(...fails(await answerOf(org.events.insert({ calendarId: 'primary', requestBody: series('podround06') })), 403, 'quotaExceeded', 'usage limits'));
    return problems;
  } },
  { method: 'calendar.events.get', name: 'series, instance, a guest’s copy, Meet success and failure, as Event', run: async (c) => {
    c.emulator.modes.failMeetCreation();
    const org = await booked(c, 'podfailed1');
    await org.events.insert({ calendarId: 'primary', conferenceDataVersion: 1, requestBody: series('podround01', { conferenceData: meet }) });
    const failed = await answerOf(org.events.get({ calendarId: 'primary', eventId: 'podfailed1' }));
    const ok = await answerOf(org.events.get({ calendarId: 'primary', eventId: 'podround01' }));
    return [
      ...conforms(doc(c), 'Event', ok, 'get series'),
      ...conforms(doc(c), 'Event', await answerOf(org.events.get({ calendarId: 'primary', eventId: 'podround01_20250331T080000Z' })), 'get instance'),
      ...conforms(doc(c), 'Event', await answerOf(c.as('ana@acme.test').events.get({ calendarId: 'primary', eventId: 'podround01' })), 'get guest copy'),
      ...conforms(doc(c), 'Event', failed, 'get failed Meet'),
      ...expectThat((ok.body as calendar_v3.Schema$Event).conferenceData?.createRequest?.status?.statusCode === 'success', 'get: Meet should be created'),
      ...expectThat((failed.body as calendar_v3.Schema$Event).conferenceData?.createRequest?.status?.statusCode === 'failure' && !(failed.body as calendar_v3.Schema$Event).hangoutLink, 'get: a failed Meet has status failure and no link'),
      ...fails(await answerOf(org.events.get({ calendarId: 'primary', eventId: 'nosuchevent' })), 404, 'notFound', 'unknown id'),
      ...fails(await answerOf(c.as('eve@acme.test').events.get({ calendarId: 'org@acme.test', eventId: 'podround01' })), 404, 'notFound', 'stranger'),
    ];
  } },
  { method: 'calendar.events.patch', name: 'organiser, instance and guest answer as Event; 412, 403 forbiddenForNonOrganizer, 400 responseStatus', run: async (c) => {
    const org = await booked(c);
    const before = (await org.events.get({ calendarId: 'primary', eventId: 'podround01' })).data;
    const problems = [
      ...conforms(doc(c), 'Event', await answerOf(org.events.patch({ calendarId: 'primary', eventId: 'podround01', sendUpdates: 'all', requestBody: { description: 'v2' } })), 'patch series'),
      ...conforms(doc(c), 'Event', await answerOf(org.events.patch({ calendarId: 'primary', eventId: 'podround01_20250407T080000Z', requestBody: { summary: 'moved' } })), 'patch instance'),
      ...conforms(doc(c), 'Event', { status: 200, body: await answerInvitation(c.emulator.rootUrl, 'ana@acme.test', 'podround01', 'accepted') }, 'guest answer'),
      ...fails(await c.raw('PATCH', 'calendar/v3/calendars/primary/events/podround01', { body: { summary: 'stale' }, headers: { 'if-match': before.etag ?? '' } }), 412, 'conditionNotMet', 'stale If-Match'),
      ...fails(await answerOf(c.as('ana@acme.test').events.patch({ calendarId: 'primary', eventId: 'podround01', requestBody: { summary: 'mine' } })), 403, 'forbiddenForNonOrganizer', 'guest edit'),
      ...fails(await answerOf(c.as('ana@acme.test').events.patch({ calendarId: 'primary', eventId: 'podround01', requestBody: { attendeesOmitted: true, attendees: [{ email: 'ana@acme.test', responseStatus: 'perhaps' }] } })), 400, 'invalid', 'bad responseStatus'),
      ...fails(await answerOf(org.events.patch({ calendarId: 'primary', eventId: 'podround01_20250408T080000Z', requestBody: { summary: 'x' } })), 404, 'notFound', 'no such instance'),
    ];
    const after = (await org.events.get({ calendarId: 'primary', eventId: 'podround01' })).data;
    return [...problems, ...expectThat(after.attendees?.find((a) => a.email === 'ana@acme.test')?.responseStatus === 'accepted', 'patch: the guest’s answer should show on the organiser’s event')];
  } },
  { method: 'calendar.events.delete', name: '204, then 410 deleted; 404 unknown; an instance', run: async (c) => {
    const org = await booked(c);
    const first = await answerOf(org.events.delete({ calendarId: 'primary', eventId: 'podround01_20250407T080000Z' }));
    return [
      ...expectThat(first.status === 204 && first.body === '', `delete instance: HTTP ${first.status}, Google answers 204 with no body`),
      ...fails(await answerOf(org.events.delete({ calendarId: 'primary', eventId: 'podround01_20250407T080000Z' })), 410, 'deleted', 'deleted twice'),
      ...fails(await answerOf(org.events.delete({ calendarId: 'primary', eventId: 'nosuchevent' })), 404, 'notFound', 'unknown id'),
    ];
  } },
  { method: 'calendar.events.list', name: 'singleEvents page and sync token as Events; 400 timeRangeEmpty; 410 fullSyncRequired', run: async (c) => {
    const org = await booked(c);
    const page = await answerOf(org.events.list({ calendarId: 'primary', singleEvents: true, orderBy: 'startTime', maxResults: 4, showDeleted: true }));
    const full = await answerOf(org.events.list({ calendarId: 'primary', privateExtendedProperty: ['pod=p1'] }));
    const token = (full.body as calendar_v3.Schema$Events).nextSyncToken;
    return [
      ...conforms(doc(c), 'Events', page, 'list page'),
      ...expectThat(Boolean((page.body as calendar_v3.Schema$Events).nextPageToken), 'list: a nextPageToken for the rest'),
      ...expectThat(Boolean(token) && (full.body as calendar_v3.Schema$Events).items?.length === 1, 'list: last page carries nextSyncToken'),
      ...fails(await answerOf(org.events.list({ calendarId: 'primary', timeMin: '2025-04-01T00:00:00Z', timeMax: '2025-04-01T00:00:00Z' })), 400, 'timeRangeEmpty', 'timeMin = timeMax'),
      ...fails(await answerOf(org.events.list({ calendarId: 'primary', syncToken: 'forged' })), 410, 'fullSyncRequired', 'bad sync token'),
      ...fails(await answerOf(c.as('eve@acme.test').events.list({ calendarId: 'org@acme.test' })), 404, 'notFound', 'stranger'),
    ];
  } },
  { method: 'calendar.events.instances', name: 'instances as Events; 404 unknown series', run: async (c) => {
    const org = await booked(c);
    const answer = await answerOf(org.events.instances({ calendarId: 'primary', eventId: 'podround01' }));
    return [
      ...conforms(doc(c), 'Events', answer, 'instances'),
      ...expectThat((answer.body as calendar_v3.Schema$Events).items?.length === 6, 'instances: six'),
      ...fails(await answerOf(org.events.instances({ calendarId: 'primary', eventId: 'nosuchevent' })), 404, 'notFound', 'unknown series'),
    ];
  } },
];
