import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { calendar_v3 } from 'googleapis';
import { startGoogleEmulator, type GoogleEmulator } from '../../../src/sandbox/google/emulator.ts';
import { clientAs, failureOf, podSeries } from './support.ts';

let emulator: GoogleEmulator;
let org: calendar_v3.Calendar;
let eve: calendar_v3.Calendar;

beforeEach(async () => {
  emulator = await startGoogleEmulator();
  for (const email of ['org@acme.test', 'ana@acme.test', 'eve@acme.test']) emulator.directory.addUser({ email });
  org = clientAs(emulator, 'org@acme.test');
  eve = clientAs(emulator, 'eve@acme.test');
  await org.events.insert({ calendarId: 'primary', requestBody: podSeries('pod7round1', ['ana@acme.test']) });
});
afterEach(async () => emulator.close());

describe('Google emulator: a token acts as one user', () => {
  it('someone neither organiser nor guest cannot see or change the event: 404 on their calendar and on the organiser’s', async () => {
    expect((await failureOf(eve.events.get({ calendarId: 'primary', eventId: 'pod7round1' }))).status).toBe(404);
    expect((await failureOf(eve.events.get({ calendarId: 'primary', eventId: 'pod7round1_20250331T080000Z' }))).status).toBe(404);
    expect((await eve.events.list({ calendarId: 'primary' })).data.items).toEqual([]);
    for (const call of [
      eve.events.get({ calendarId: 'org@acme.test', eventId: 'pod7round1' }),
      eve.events.list({ calendarId: 'org@acme.test' }),
      eve.events.patch({ calendarId: 'org@acme.test', eventId: 'pod7round1', requestBody: { summary: 'hijacked' } }),
      eve.events.delete({ calendarId: 'org@acme.test', eventId: 'pod7round1' }),
      eve.events.insert({ calendarId: 'org@acme.test', requestBody: podSeries('evilevent1', []) }),
    ]) {
      expect(await failureOf(call)).toMatchObject({ status: 404, reason: 'notFound' });
    }
    expect((await org.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data.summary).toBe('Pod 7');
  });

  it('a reader of a shared calendar reads but gets 403 requiredAccessLevel on writes; a writer acts for the owner', async () => {
    emulator.calendars.share('org@acme.test', 'eve@acme.test', 'reader');
    expect((await eve.events.get({ calendarId: 'org@acme.test', eventId: 'pod7round1' })).data.organizer?.self).toBe(true); // self: the calendar's copy, not the reader
    expect(await failureOf(eve.events.patch({ calendarId: 'org@acme.test', eventId: 'pod7round1', requestBody: { summary: 'x' } }))).toMatchObject({ status: 403, reason: 'requiredAccessLevel' });
    emulator.calendars.share('org@acme.test', 'eve@acme.test', 'writer');
    await eve.events.patch({ calendarId: 'org@acme.test', eventId: 'pod7round1', requestBody: { summary: 'Pod 7, renamed by a delegate' } });
    expect((await org.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data.summary).toBe('Pod 7, renamed by a delegate');
  });

  it('free/busy stays readable across the domain, as Workspace shares it by default', async () => {
    const fb = await eve.freebusy.query({ requestBody: { timeMin: '2025-03-24T00:00:00Z', timeMax: '2025-03-25T00:00:00Z', items: [{ id: 'ana@acme.test' }] } });
    expect(fb.data.calendars?.['ana@acme.test']?.busy).toEqual([{ start: '2025-03-24T09:00:00.000Z', end: '2025-03-24T10:00:00.000Z' }]);
  });

  it('the same id on two organisers’ calendars are two events; each guest sees the one they are invited to', async () => {
    await eve.events.insert({ calendarId: 'primary', requestBody: podSeries('pod7round1', ['ana@acme.test'], { summary: 'Eve’s pod' }) });
    expect((await eve.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data.summary).toBe('Eve’s pod');
    expect((await org.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data.summary).toBe('Pod 7');
    const ana = clientAs(emulator, 'ana@acme.test');
    expect(((await ana.events.list({ calendarId: 'primary' })).data.items ?? []).map((e) => e.organizer?.email).sort()).toEqual(['eve@acme.test', 'org@acme.test']);
  });
});
