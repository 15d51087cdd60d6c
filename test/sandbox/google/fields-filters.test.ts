import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { calendar_v3 } from 'googleapis';
import { startGoogleEmulator, type GoogleEmulator } from '../../../src/sandbox/google/emulator.ts';
import { clientAs, failureOf, podSeries } from './support.ts';

let emulator: GoogleEmulator;
let org: calendar_v3.Calendar;
let now = Date.parse('2025-03-01T09:00:00Z');

beforeEach(async () => {
  now = Date.parse('2025-03-01T09:00:00Z');
  emulator = await startGoogleEmulator({ now: () => now });
  emulator.directory.addUser({ email: 'ana@acme.test' });
  org = clientAs(emulator, 'org@acme.test');
});
afterEach(async () => emulator.close());

const tagged = (id: string, pod: string, extra: calendar_v3.Schema$Event = {}): calendar_v3.Schema$Event =>
  podSeries(id, ['ana@acme.test'], { extendedProperties: { private: { peerpodsPod: pod, round: '1' }, shared: { app: 'peerpods' } }, ...extra });

describe('Google emulator: writable fields are kept, read-only ones ignored', () => {
  it('insert keeps transparency, extendedProperties, visibility, status, guestsCan*, colorId, reminders, source', async () => {
    const body: calendar_v3.Schema$Event = {
      ...tagged('podfields1', 'p1'),
      transparency: 'transparent', visibility: 'private', status: 'tentative', colorId: '7',
      guestsCanModify: true, guestsCanInviteOthers: false, guestsCanSeeOtherGuests: true, anyoneCanAddSelf: false,
      reminders: { useDefault: false, overrides: [{ method: 'popup', minutes: 10 }] },
      source: { title: 'peerpods', url: 'https://peerpods.example.com/pods/p1' },
    };
    const created = (await org.events.insert({ calendarId: 'primary', requestBody: body })).data;
    const read = (await org.events.get({ calendarId: 'primary', eventId: 'podfields1' })).data;
    for (const event of [created, read]) {
      expect(event).toMatchObject({
        transparency: 'transparent', visibility: 'private', status: 'tentative', colorId: '7', guestsCanModify: true, guestsCanInviteOthers: false,
        extendedProperties: { private: { peerpodsPod: 'p1', round: '1' }, shared: { app: 'peerpods' } }, reminders: body.reminders, source: body.source,
      });
    }
  });

  it('a transparent event does not block free/busy', async () => {
    await org.events.insert({ calendarId: 'primary', requestBody: tagged('podfree001', 'p1', { transparency: 'transparent' }) });
    const fb = await org.freebusy.query({ requestBody: { timeMin: '2025-03-20T00:00:00Z', timeMax: '2025-05-01T00:00:00Z', items: [{ id: 'org@acme.test' }, { id: 'ana@acme.test' }] } });
    expect(fb.data.calendars?.['org@acme.test']?.busy).toEqual([]);
    expect(fb.data.calendars?.['ana@acme.test']?.busy).toEqual([]);
  });

  it('patch ignores read-only fields and merges extendedProperties key by key', async () => {
    const created = (await org.events.insert({ calendarId: 'primary', requestBody: tagged('podpatch01', 'p1') })).data;
    const patched = (
      await org.events.patch({
        calendarId: 'primary', eventId: 'podpatch01',
        requestBody: {
          created: '1999-01-01T00:00:00Z', creator: { email: 'mallory@evil.test' }, organizer: { email: 'mallory@evil.test' }, htmlLink: 'https://evil.test',
          hangoutLink: 'https://evil.test/meet', iCalUID: 'forged@evil.test', eventType: 'outOfOffice', kind: 'calendar#nonsense',
          extendedProperties: { private: { round: '2' } },
        },
      })
    ).data;
    expect(patched).toMatchObject({ created: created.created, creator: created.creator, organizer: { email: 'org@acme.test', self: true }, htmlLink: created.htmlLink, iCalUID: created.iCalUID, eventType: 'default', kind: 'calendar#event' });
    expect(patched.hangoutLink).toBeUndefined();
    expect(patched.extendedProperties).toEqual({ private: { peerpodsPod: 'p1', round: '2' }, shared: { app: 'peerpods' } });
  });

  it('answers 400 for enum values Google does not know', async () => {
    for (const bad of [{ transparency: 'see-through' }, { visibility: 'secret' }, { status: 'maybe' }, { attendees: [{ email: 'ana@acme.test', responseStatus: 'perhaps' }] }]) {
      const failure = await failureOf(org.events.insert({ calendarId: 'primary', requestBody: { ...podSeries('podenum001', []), ...bad } }));
      expect(failure.status).toBe(400);
    }
    expect(emulator.calendars.records()).toEqual([]);
  });
});

describe('Google emulator: list filters', () => {
  beforeEach(async () => {
    await org.events.insert({ calendarId: 'primary', requestBody: tagged('podaaaaa1', 'p1', { summary: 'Peer pod: Finance × Design', description: 'Session guide' }) });
    now += 60_000;
    await org.events.insert({ calendarId: 'primary', requestBody: tagged('podbbbbb2', 'p2', { summary: 'Peer pod: Sales × Legal', location: 'Room Kiwi' }) });
    now += 60_000;
    await org.events.insert({ calendarId: 'primary', requestBody: { summary: 'Dentist', start: { dateTime: '2025-03-25T15:00:00Z' }, end: { dateTime: '2025-03-25T16:00:00Z' } } });
  });
  const ids = async (params: calendar_v3.Params$Resource$Events$List): Promise<string[]> =>
    ((await org.events.list({ calendarId: 'primary', ...params })).data.items ?? []).map((e) => e.id ?? '');

  it('privateExtendedProperty and sharedExtendedProperty (all constraints must hold)', async () => {
    expect(await ids({ privateExtendedProperty: ['peerpodsPod=p2'] })).toEqual(['podbbbbb2']);
    expect(await ids({ privateExtendedProperty: ['peerpodsPod=p1', 'round=1'] })).toEqual(['podaaaaa1']);
    expect(await ids({ privateExtendedProperty: ['peerpodsPod=p1', 'round=2'] })).toEqual([]);
    expect(await ids({ sharedExtendedProperty: ['app=peerpods'] })).toEqual(['podaaaaa1', 'podbbbbb2']);
    expect(await ids({ privateExtendedProperty: ['app=peerpods'] })).toEqual([]);
  });

  it('iCalUID and q (summary, description, location, attendees; every term)', async () => {
    expect(await ids({ iCalUID: 'podbbbbb2@google.com' })).toEqual(['podbbbbb2']);
    expect(await ids({ q: 'kiwi' })).toEqual(['podbbbbb2']);
    expect(await ids({ q: 'peer pod' })).toEqual(['podaaaaa1', 'podbbbbb2']);
    expect(await ids({ q: 'session finance' })).toEqual(['podaaaaa1']);
    expect((await ids({ q: 'ana@acme.test' })).length).toBe(2);
    expect(await ids({ q: 'nothing-like-this' })).toEqual([]);
  });

  it('updatedMin returns what changed since, deletions included', async () => {
    now += 60_000;
    const since = new Date(now).toISOString();
    await org.events.patch({ calendarId: 'primary', eventId: 'podaaaaa1', requestBody: { description: 'New guide' } });
    await org.events.delete({ calendarId: 'primary', eventId: 'podbbbbb2' });
    const changed = (await org.events.list({ calendarId: 'primary', updatedMin: since })).data.items ?? [];
    expect(changed.map((e) => [e.id, e.status])).toEqual([['podaaaaa1', 'confirmed'], ['podbbbbb2', 'cancelled']]);
  });

  it('syncToken: nextSyncToken on the last page, then only changes (deletions too) on each guest’s calendar; 410 when expired or forged', async () => {
    const ana = clientAs(emulator, 'ana@acme.test');
    const first = await ana.events.list({ calendarId: 'primary', maxResults: 1 });
    expect(first.data.nextSyncToken).toBeUndefined();
    const last = await ana.events.list({ calendarId: 'primary', maxResults: 1, pageToken: first.data.nextPageToken! });
    const token = last.data.nextSyncToken!;
    expect(token).toBeTruthy();
    expect((await ana.events.list({ calendarId: 'primary', syncToken: token })).data.items).toEqual([]);
    await org.events.delete({ calendarId: 'primary', eventId: 'podaaaaa1' });
    await org.events.patch({ calendarId: 'primary', eventId: 'podbbbbb2_20250331T080000Z', requestBody: { summary: 'moved' } });
    const delta = await ana.events.list({ calendarId: 'primary', syncToken: token });
    expect(delta.data.items?.map((e) => [e.id, e.status])).toEqual([['podaaaaa1', 'cancelled'], ['podbbbbb2', 'confirmed'], ['podbbbbb2_20250331T080000Z', 'confirmed']]);
    expect((await ana.events.list({ calendarId: 'primary', syncToken: delta.data.nextSyncToken! })).data.items).toEqual([]);
    expect(await failureOf(ana.events.list({ calendarId: 'primary', syncToken: 'forged' }))).toMatchObject({ status: 410, reason: 'fullSyncRequired' });
    expect((await failureOf(ana.events.list({ calendarId: 'primary', syncToken: token, q: 'pod' }))).status).toBe(400);
    emulator.calendars.expireSyncTokens();
    expect(await failureOf(ana.events.list({ calendarId: 'primary', syncToken: delta.data.nextSyncToken! }))).toMatchObject({ status: 410, reason: 'fullSyncRequired' });
  });
});
