import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { answer, createProgramme, DEADLINE, inviteMessageOf, launchThroughSlack, seedLead, seedPeople, startWaveRuntime, type Seeded } from '../waves/support.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

const ZONES = ['Europe/London', 'Europe/Berlin', 'America/New_York'];

/** Inside 09:00–17:00 on a weekday in `zone`, checked with luxon. */
function inside(zone: string, start: Date, end: Date): boolean {
  const s = DateTime.fromJSDate(start, { zone });
  const e = DateTime.fromJSDate(end, { zone });
  return s.weekday <= 5 && s.hour >= 9 && e.hasSame(s, 'day') && e.hour * 60 + e.minute <= 17 * 60;
}

describe('sessions exist once a pod is confirmed, with or without a calendar', () => {
  let people: Seeded[];
  let waveId: string;

  it('the invite says when the pod would meet, in the reader\'s own zone', async () => {
    const lead = await seedLead(rt);
    people = await seedPeople(rt, { Design: 3, Sales: 3, Support: 2 }, ZONES);
    const programme = await createProgramme(rt, lead);
    const teams = await rt.db.selectFrom('team').select('id').execute();
    ({ waveId } = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds: teams.map((t) => t.id) }));
    const pods = await rt.db.selectFrom('pod').selectAll().where('wave_id', '=', waveId).execute();
    expect(pods.length).toBe(2);
    for (const pod of pods) {
      expect(pod.slot?.occurrences).toHaveLength(6);
      // Free/busy was asked for; these people have no calendars, so they count as free and are noted.
      expect(pod.slot!.freeBusy).toBe(true);
      expect(pod.slot!.unreadable.sort()).toEqual([...pod.slot!.members].sort());
    }
    const ny = people.find((p) => ZONES[people.indexOf(p) % 3] === 'America/New_York')!;
    const invite = inviteMessageOf(rt, ny.slackId)!;
    const pod = pods.find((p) => p.slot!.members.includes(ny.personId))!;
    const first = DateTime.fromISO(pod.slot!.occurrences[0]!.start, { zone: 'America/New_York' });
    expect(JSON.stringify(invite.blocks)).toContain(`*When:* ${first.setLocale('en-GB').toFormat('cccc')}s ${first.toFormat('HH:mm')}`);
    expect(invite.text).toContain('your time');
  });

  it('at the deadline: one session per occurrence, inside everyone\'s hours, facilitators in rotation; the welcome names the slot', async () => {
    for (const p of people) await answer(rt, p, 'invite_accept');
    await rt.drain();
    clock.set(`${DEADLINE}T17:00:01Z`);
    await reconcile(rt);
    await rt.drain();
    await reconcile(rt);
    const pods = await rt.db.selectFrom('pod').selectAll().where('wave_id', '=', waveId).execute();
    for (const pod of pods) {
      expect(pod.status).toBe('scheduled');
      const members = await rt.db.selectFrom('pod_member').innerJoin('person', 'person.id', 'pod_member.person_id')
        .select(['person.id', 'person.timezone', 'pod_member.seat']).where('pod_id', '=', pod.id).orderBy('seat').execute();
      const sessions = await rt.db.selectFrom('pod_session').selectAll().where('pod_id', '=', pod.id).orderBy('index').execute();
      expect(sessions.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5]);
      for (const s of sessions) for (const m of members) expect(inside(m.timezone, s.starts_at, s.ends_at)).toBe(true);
      // Nobody twice before everyone once.
      const hosts = sessions.map((s) => s.facilitator_id);
      expect(new Set(hosts.slice(0, members.length)).size).toBe(members.length);
      expect(hosts[0]).toBe(members[0]!.id);
      const intro = rt.slackEmulator.log.messages(pod.slack_channel_id!)[0]!;
      const body = JSON.stringify(intro.blocks);
      const london = DateTime.fromJSDate(sessions[0]!.starts_at, { zone: 'Europe/London' }).setLocale('en-GB');
      if (members.some((m) => m.timezone === 'Europe/London')) expect(body).toContain(`${london.toFormat('cccc')}s ${london.toFormat('HH:mm')}`);
      expect(body).toContain(`<!date^${Math.floor(sessions[0]!.starts_at.getTime() / 1000)}^`);
    }
  });
});
