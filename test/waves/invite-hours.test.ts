import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nudge } from '../../src/nudges/nudge.service.ts';
import { withOutbox } from '../../src/outbox/outbox.service.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { createProgramme, inviteMessageOf, launchThroughSlack, seedLead, seedPeople, startWaveRuntime, type Seeded } from './support.ts';

// Invites and their reminders go through the one respect policy: each arrives at 08:00–19:00 in
// the invitee's own zone, on their working day, under the weekly cap, and never to someone paused.
let rt: TestRuntime;
let clock: ManualClock;
let people: Seeded[];
let programmeId: string;
const zoneOf = new Map<string, string>();
let launch: () => Promise<void>;

beforeAll(async () => {
  ({ rt, clock } = await startWaveRuntime());
  // Sunday 1 March 2026, 03:00 UTC: 16:00 Sunday in Auckland, 19:00 Saturday in Los Angeles.
  clock.set('2026-03-01T03:00:00Z');
  const lead = await seedLead(rt);
  const zones = ['Pacific/Auckland', 'America/Los_Angeles'];
  people = await seedPeople(rt, { Design: 2, Sales: 2, Support: 2, Platform: 2 }, zones);
  people.forEach((p, k) => zoneOf.set(p.personId, zones[k % zones.length]!));
  programmeId = (await createProgramme(rt, lead)).id;
  await rt.db.updateTable('programme').set({ nudge_weekly_cap: 2 }).where('id', '=', programmeId).execute();
  launch = async () => {
    const teams = await rt.db.selectFrom('team').select('id').execute();
    await launchThroughSlack(rt, lead, { programmeId, teamIds: teams.map((t) => t.id), holdInvites: true });
  };
});
afterAll(async () => rt?.stop());

const tick = async () => { await reconcile(rt); await rt.drain(); };
const invited = async () => (await rt.db.selectFrom('invite').select('person_id').execute()).map((i) => people.find((p) => p.personId === i.person_id)!);

describe('invites inside the invitee\'s working hours', () => {
  it('a launch at 03:00 UTC on a Sunday reaches Auckland and Los Angeles at 08:00 on their Monday, not before', async () => {
    await launch();
    const all = await invited();
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(all.filter((p) => zoneOf.get(p.personId) === 'Pacific/Auckland').length).toBeGreaterThan(0);
    expect(all.filter((p) => zoneOf.get(p.personId) === 'America/Los_Angeles').length).toBeGreaterThan(0);
    for (const p of all) expect(inviteMessageOf(rt, p.slackId)).toBeUndefined();
    const ledger = await rt.db.selectFrom('nudge').innerJoin('nudge_recipient as r', 'r.nudge_id', 'nudge.id')
      .select(['r.person_id', 'nudge.state', 'nudge.send_at', 'nudge.reason']).where('nudge.kind', '=', 'invite').execute();
    expect(ledger).toHaveLength(all.length);
    for (const row of ledger) {
      // Monday 2 March 08:00 local: 19:00 UTC Sunday in Auckland (NZDT), 16:00 UTC Monday in LA (PST).
      const expected = zoneOf.get(row.person_id) === 'Pacific/Auckland' ? '2026-03-01T19:00:00.000Z' : '2026-03-02T16:00:00.000Z';
      expect(row).toMatchObject({ state: 'planned', reason: 'weekend' });
      expect(row.send_at?.toISOString()).toBe(expected);
    }

    // A paused invitee gets nothing when their morning comes.
    const paused = all.find((p) => zoneOf.get(p.personId) === 'America/Los_Angeles')!;
    await rt.db.updateTable('person').set({ status: 'paused', paused_until: new Date('2026-05-01T00:00:00Z') }).where('id', '=', paused.personId).execute();

    clock.set('2026-03-01T18:59:00Z');
    await tick();
    for (const p of all) expect(inviteMessageOf(rt, p.slackId)).toBeUndefined();
    clock.set('2026-03-01T19:00:30Z');
    await tick();
    for (const p of all) expect(!!inviteMessageOf(rt, p.slackId)).toBe(zoneOf.get(p.personId) === 'Pacific/Auckland');
    clock.set('2026-03-02T16:00:30Z');
    await tick();
    for (const p of all) expect(!!inviteMessageOf(rt, p.slackId)).toBe(p !== paused);
    const dropped = await rt.db.selectFrom('nudge').select(['state', 'reason']).where('key', 'like', 'invite/%/message')
      .where('id', 'in', rt.db.selectFrom('nudge_recipient').select('nudge_id').where('person_id', '=', paused.personId)).executeTakeFirstOrThrow();
    expect(dropped).toEqual({ state: 'dropped', reason: 'paused after weekend' });
  });

  it('invites count toward the weekly cap: with a cap of 2, the invite and one more fill the week', async () => {
    const auckland = (await invited()).find((p) => zoneOf.get(p.personId) === 'Pacific/Auckland')!;
    clock.set('2026-03-02T20:00:00Z'); // Tuesday 09:00 in Auckland
    const ask = (key: string) => withOutbox(rt, (trx, emit) => nudge(trx, emit, { key, kind: 'lead_nudge', to: [auckland.personId], message: { text: key }, programmeId }, clock.now()));
    expect(await ask('cap/1')).toMatchObject({ state: 'sent' });
    // Monday 9 March 08:00 in Auckland.
    expect(await ask('cap/2')).toMatchObject({ state: 'planned', reason: 'weekly_cap,quiet_hours', sendAt: new Date('2026-03-08T19:00:00Z') });
  });

  it('the reminder comes 48 h after the invite arrived (not after the launch), inside working hours, through the policy', async () => {
    const la = (await invited()).filter((p) => zoneOf.get(p.personId) === 'America/Los_Angeles');
    const [awake] = (await rt.db.selectFrom('person').select('id').where('id', 'in', la.map((p) => p.personId)).where('status', '=', 'active').execute());
    const person = la.find((p) => p.personId === awake!.id)!;
    const reminders = () => rt.slackEmulator.log.dmsTo(person.slackId).filter((m) => m.text.startsWith('Reminder'));
    // 48 h after their 08:00 Monday invite is Wednesday 08:00, before the programme's working day
    // (09:00–17:00): the reminder waits for 09:00 in LA (17:00 UTC).
    clock.set('2026-03-04T16:59:00Z');
    await tick();
    expect(reminders()).toEqual([]);
    clock.set('2026-03-04T17:00:30Z');
    await tick();
    await tick();
    expect(reminders()).toHaveLength(1);
    const row = await rt.db.selectFrom('nudge').select(['kind', 'state']).where('key', 'like', 'invite/%/reminder')
      .where('id', 'in', rt.db.selectFrom('nudge_recipient').select('nudge_id').where('person_id', '=', person.personId)).executeTakeFirstOrThrow();
    expect(row).toEqual({ kind: 'invite_reminder', state: 'sent' });
  });
});
