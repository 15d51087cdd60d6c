import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { addPerson, at, seedPod, type Member } from './fixtures.ts';

let rt: TestRuntime;
let london: Member; let auckland: Member;
beforeAll(async () => {
  rt = await startTestRuntime({ clock: new ManualClock('2026-03-06T12:00:00Z') });
  london = await addPerson(rt, 'Lead London', 'Europe/London');
  auckland = await addPerson(rt, 'Lead Auckland', 'Pacific/Auckland');
  await rt.db.insertInto('person_role').values([london, auckland].map((l) => ({ person_id: l.personId, role: 'lead' as const, granted_by: null }))).execute();
  const members = [await addPerson(rt, 'A', 'Europe/London'), await addPerson(rt, 'B', 'Europe/London')];
  const pod = await seedPod(rt, { members, firstDate: '2026-03-03', localTime: '10:00', recurrenceZone: 'Europe/London', name: 'Herons' });
  await rt.db.updateTable('pod_session').set({ status: 'held' }).where('id', '=', pod.sessionIds[0]!).execute();
});
afterAll(async () => rt?.stop());

const digests = (m: Member) => rt.slackEmulator.log.dmsTo(m.slackId).filter((x) => x.text.startsWith('Your peer pods this week'));

describe('the lead digest', () => {
  it('arrives Monday 09:00 in each lead\'s own zone, once a week', async () => {
    await at(rt, '2026-03-08T19:59:00Z'); // Monday 08:59 in Auckland
    expect(digests(auckland)).toHaveLength(0);
    await at(rt, '2026-03-08T20:00:30Z'); // Monday 09:00 NZDT; still Sunday evening in London
    expect(digests(auckland)).toHaveLength(1);
    expect(digests(london)).toHaveLength(0);
    await at(rt, '2026-03-09T09:00:30Z');
    expect(digests(london)).toHaveLength(1);
    await at(rt, '2026-03-09T15:00:00Z');
    await at(rt, '2026-03-10T09:00:30Z');
    expect(digests(london)).toHaveLength(1);
    expect(digests(auckland)).toHaveLength(1);
    const json = JSON.stringify(digests(london)[0]!.blocks);
    expect(json).toContain('1 pods meeting · last week 1 met, 0 skipped, 0 not answered');
    expect(json).toContain('rhythm_digest_home');
  });

  it('"Open my home tab" publishes the lead\'s home at once', async () => {
    const [digest] = digests(london);
    const before = rt.slackEmulator.log.homeViews(london.slackId).length;
    const r = await rt.slackEmulator.driver.clickButton({ userId: london.slackId, actionId: 'rhythm_digest_home', message: { channel: digest!.channel, ts: digest!.ts } });
    expect(r.status).toBe(200);
    await expect.poll(() => rt.slackEmulator.log.homeViews(london.slackId).length).toBeGreaterThan(before);
  });
});
