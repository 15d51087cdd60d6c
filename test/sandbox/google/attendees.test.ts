import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { calendar_v3 } from 'googleapis';
import { startGoogleEmulator, type GoogleEmulator } from '../../../src/sandbox/google/emulator.ts';
import { answerInvitation } from '../../../src/sandbox/google/attendee-client.ts';
import { april, clientAs, failureOf, podSeries } from './support.ts';

let emulator: GoogleEmulator;
let org: calendar_v3.Calendar;
let ana: calendar_v3.Calendar;
const people = ['ana@acme.test', 'bo@acme.test', 'cy@acme.test', 'dee@acme.test'];

beforeEach(async () => {
  emulator = await startGoogleEmulator();
  for (const email of [...people, 'eve@acme.test']) emulator.directory.addUser({ email });
  org = clientAs(emulator, 'org@acme.test');
  ana = clientAs(emulator, 'ana@acme.test');
  await org.events.insert({ calendarId: 'primary', requestBody: podSeries('pod7round1', ['ana@acme.test', 'bo@acme.test', 'cy@acme.test']) });
});
afterEach(async () => emulator.close());

const statuses = (event: calendar_v3.Schema$Event): Record<string, string> =>
  Object.fromEntries((event.attendees ?? []).map((a) => [a.email ?? '', a.responseStatus ?? '']));

describe('Google emulator: guests have a copy of the event and answer it', () => {
  it("puts a copy on each guest's calendar under the same id, with self and organizer flags", async () => {
    const listed = (await ana.events.list({ calendarId: 'primary' })).data.items ?? [];
    expect(listed.map((e) => e.id)).toEqual(['pod7round1']);
    const copy = (await ana.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data;
    expect(copy.organizer).toEqual({ email: 'org@acme.test' });
    expect(copy.attendees?.find((a) => a.email === 'ana@acme.test')).toEqual({ email: 'ana@acme.test', responseStatus: 'needsAction', self: true });
    expect(copy.attendees?.find((a) => a.email === 'bo@acme.test')?.self).toBeUndefined();
    const own = (await org.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data;
    expect(own.organizer).toEqual({ email: 'org@acme.test', self: true });
    expect(own.attendees?.some((a) => a.self)).toBe(false);
    const instance = (await ana.events.get({ calendarId: 'ana@acme.test', eventId: 'pod7round1_20250331T080000Z' })).data;
    expect(instance.recurringEventId).toBe('pod7round1');
  });

  it("an answer on the guest's copy shows on the organiser's event and in free/busy", async () => {
    await answerInvitation(emulator.rootUrl, 'ana@acme.test', 'pod7round1', 'accepted', 'See you there');
    await answerInvitation(emulator.rootUrl, 'bo@acme.test', 'pod7round1', 'declined');
    const own = (await org.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data;
    expect(statuses(own)).toEqual({ 'ana@acme.test': 'accepted', 'bo@acme.test': 'declined', 'cy@acme.test': 'needsAction' });
    expect(own.attendees?.[0]?.comment).toBe('See you there');
    const fb = await org.freebusy.query({ requestBody: { ...april, items: [{ id: 'ana@acme.test' }, { id: 'bo@acme.test' }] } });
    expect(fb.data.calendars?.['ana@acme.test']?.busy).toHaveLength(6);
    expect(fb.data.calendars?.['bo@acme.test']?.busy).toEqual([]);
  });

  it('a guest may also send back the whole list they read, changing only their own entry', async () => {
    const copy = (await ana.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data;
    const attendees = (copy.attendees ?? []).map((a) => (a.self ? { ...a, responseStatus: 'tentative' } : a));
    await ana.events.patch({ calendarId: 'primary', eventId: 'pod7round1', requestBody: { ...copy, attendees } });
    expect(statuses((await org.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data)['ana@acme.test']).toBe('tentative');
  });

  it('one occurrence can be declined alone', async () => {
    await answerInvitation(emulator.rootUrl, 'ana@acme.test', 'pod7round1', 'accepted');
    await answerInvitation(emulator.rootUrl, 'ana@acme.test', 'pod7round1_20250407T080000Z', 'declined');
    const instances = (await org.events.instances({ calendarId: 'primary', eventId: 'pod7round1' })).data.items ?? [];
    expect(instances.map((i) => statuses(i)['ana@acme.test'])).toEqual(['accepted', 'accepted', 'declined', 'accepted', 'accepted', 'accepted']);
    const fb = await org.freebusy.query({ requestBody: { ...april, items: [{ id: 'ana@acme.test' }] } });
    expect(fb.data.calendars?.['ana@acme.test']?.busy?.map((b) => b.start)).not.toContain('2025-04-07T08:00:00.000Z');
    expect(fb.data.calendars?.['ana@acme.test']?.busy).toHaveLength(5);
  });

  it("the organiser's patched list keeps every answer; a removed guest's copy is cancelled, an added one appears", async () => {
    await answerInvitation(emulator.rootUrl, 'ana@acme.test', 'pod7round1', 'accepted');
    await answerInvitation(emulator.rootUrl, 'bo@acme.test', 'pod7round1', 'tentative');
    const patched = await org.events.patch({
      calendarId: 'primary', eventId: 'pod7round1',
      requestBody: { attendees: [{ email: 'ana@acme.test' }, { email: 'bo@acme.test', responseStatus: 'needsAction' }, { email: 'dee@acme.test' }] },
    });
    expect(statuses(patched.data)).toEqual({ 'ana@acme.test': 'accepted', 'bo@acme.test': 'tentative', 'dee@acme.test': 'needsAction' });
    const cy = clientAs(emulator, 'cy@acme.test');
    expect((await cy.events.list({ calendarId: 'primary' })).data.items).toEqual([]);
    expect((await cy.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data.status).toBe('cancelled');
    expect((await cy.events.list({ calendarId: 'primary', showDeleted: true })).data.items?.map((e) => e.status)).toEqual(['cancelled']);
    expect((await clientAs(emulator, 'dee@acme.test').events.list({ calendarId: 'primary' })).data.items?.map((e) => e.id)).toEqual(['pod7round1']);
    const fb = await org.freebusy.query({ requestBody: { ...april, items: [{ id: 'cy@acme.test' }, { id: 'dee@acme.test' }] } });
    expect(fb.data.calendars?.['cy@acme.test']?.busy).toEqual([]);
    expect(fb.data.calendars?.['dee@acme.test']?.busy).toHaveLength(6);
  });

  it('attendeesOmitted: maxAttendees shows only the reader; guestsCanSeeOtherGuests=false hides the others from guests', async () => {
    const few = (await ana.events.get({ calendarId: 'primary', eventId: 'pod7round1', maxAttendees: 2 })).data;
    expect(few.attendeesOmitted).toBe(true);
    expect(few.attendees).toEqual([{ email: 'ana@acme.test', responseStatus: 'needsAction', self: true }]);
    expect((await ana.events.get({ calendarId: 'primary', eventId: 'pod7round1', maxAttendees: 3 })).data.attendeesOmitted).toBeUndefined();
    await org.events.patch({ calendarId: 'primary', eventId: 'pod7round1', requestBody: { guestsCanSeeOtherGuests: false } });
    const hidden = (await ana.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data;
    expect(hidden.attendees?.map((a) => a.email)).toEqual(['ana@acme.test']);
    expect((await org.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data.attendees).toHaveLength(3);
  });

  it('a guest cannot change shared fields unless guestsCanModify; their own colour and show-as stay on their copy', async () => {
    const refused = await failureOf(ana.events.patch({ calendarId: 'primary', eventId: 'pod7round1', requestBody: { summary: 'Mine now' } }));
    expect(refused).toMatchObject({ status: 403, reason: 'forbiddenForNonOrganizer' });
    const others = await failureOf(ana.events.patch({ calendarId: 'primary', eventId: 'pod7round1', requestBody: { attendeesOmitted: true, attendees: [{ email: 'bo@acme.test', responseStatus: 'accepted' }] } }));
    expect(others.status).toBe(403);
    await ana.events.patch({ calendarId: 'primary', eventId: 'pod7round1', requestBody: { colorId: '5', transparency: 'transparent' } });
    expect((await ana.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data).toMatchObject({ colorId: '5', transparency: 'transparent' });
    expect((await org.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data.colorId).toBeUndefined();
    const fb = await org.freebusy.query({ requestBody: { ...april, items: [{ id: 'ana@acme.test' }] } });
    expect(fb.data.calendars?.['ana@acme.test']?.busy).toEqual([]);
    await org.events.patch({ calendarId: 'primary', eventId: 'pod7round1', requestBody: { guestsCanModify: true } });
    await ana.events.patch({ calendarId: 'primary', eventId: 'pod7round1', requestBody: { summary: 'Pod 7 (renamed by Ana)' } });
    expect((await org.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data.summary).toBe('Pod 7 (renamed by Ana)');
  });

  it("a guest deleting their copy removes it from their calendar only, and counts as declined", async () => {
    expect((await ana.events.delete({ calendarId: 'primary', eventId: 'pod7round1' })).status).toBe(204);
    expect((await ana.events.list({ calendarId: 'primary' })).data.items).toEqual([]);
    const own = (await org.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data;
    expect(own.status).toBe('confirmed');
    expect(statuses(own)['ana@acme.test']).toBe('declined');
    expect((await failureOf(ana.events.delete({ calendarId: 'primary', eventId: 'pod7round1' }))).status).toBe(410);
    // The organiser changing the list does not put it back on her calendar; removing and re-inviting her does.
    await org.events.patch({ calendarId: 'primary', eventId: 'pod7round1', requestBody: { attendees: [{ email: 'ana@acme.test' }, { email: 'bo@acme.test' }, { email: 'dee@acme.test' }] } });
    expect((await ana.events.list({ calendarId: 'primary' })).data.items).toEqual([]);
    await org.events.patch({ calendarId: 'primary', eventId: 'pod7round1', requestBody: { attendees: [{ email: 'bo@acme.test' }] } });
    await org.events.patch({ calendarId: 'primary', eventId: 'pod7round1', requestBody: { attendees: [{ email: 'bo@acme.test' }, { email: 'ana@acme.test' }] } });
    expect((await ana.events.list({ calendarId: 'primary' })).data.items?.map((e) => e.id)).toEqual(['pod7round1']);
  });

  it("the organiser's delete cancels every guest's copy", async () => {
    await org.events.delete({ calendarId: 'primary', eventId: 'pod7round1' });
    expect((await ana.events.get({ calendarId: 'primary', eventId: 'pod7round1' })).data.status).toBe('cancelled');
    expect((await ana.events.list({ calendarId: 'primary', singleEvents: true })).data.items).toEqual([]);
  });
});
