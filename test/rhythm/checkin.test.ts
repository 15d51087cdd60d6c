import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWeekStart } from '../../src/core/nudges/window.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { addPerson, at, click, seedPod, withKey, type Member } from './fixtures.ts';

// Two Londoners meeting Tuesdays 10:00 London time, from 3 March 2026.
let rt: TestRuntime;
let ann: Member; let bob: Member;
let pod: Awaited<ReturnType<typeof seedPod>>;
beforeAll(async () => {
  rt = await startTestRuntime({ clock: new ManualClock('2026-03-01T12:00:00Z') });
  ann = await addPerson(rt, 'Ann', 'Europe/London');
  bob = await addPerson(rt, 'Bob', 'Europe/London');
  pod = await seedPod(rt, { members: [ann, bob], firstDate: '2026-03-03', localTime: '10:00', recurrenceZone: 'Europe/London', name: 'Larks' });
});
afterAll(async () => rt?.stop());

const s = (i: number) => pod.sessionIds[i]!;
const checkin = (i: number) => rt.db.selectFrom('session_checkin').selectAll().where('session_id', '=', s(i)).executeTakeFirst();

describe('check-ins nobody answers', () => {
  it('one follow-up after two days, then the session counts as unknown', async () => {
    await at(rt, '2026-03-03T11:10:30Z');
    expect(withKey(rt, new RegExp(`session/${s(0)}/check-in$`))).toHaveLength(1);
    await at(rt, '2026-03-05T11:10:00Z');
    expect(withKey(rt, /follow-up/)).toHaveLength(0);
    await at(rt, '2026-03-05T11:10:31Z');
    expect(withKey(rt, new RegExp(`session/${s(0)}/check-in/follow-up`))).toHaveLength(1);
    expect(withKey(rt, new RegExp(`session/${s(0)}/check-in/follow-up`))[0]!.text).toContain('A gentle nudge');
    await at(rt, '2026-03-07T11:11:00Z');
    expect(await checkin(0)).toMatchObject({ outcome: 'unknown' });
    // The clock jumped past the prompt and reminder (stale: never sent late); check-in and follow-up only.
    expect(withKey(rt, new RegExp(`session/${s(0)}`)).length).toBe(2);
  });

  it('a second unknown flags the pod; its note waits for Monday 08:00 rather than landing on a Saturday', async () => {
    await at(rt, '2026-03-10T11:10:30Z');
    await at(rt, '2026-03-12T11:11:00Z');
    await at(rt, '2026-03-14T12:00:00Z'); // Saturday: the second unknown
    expect(await checkin(1)).toMatchObject({ outcome: 'unknown' });
    expect(await rt.db.selectFrom('pod_attention').select('pod_id').execute()).toEqual([{ pod_id: pod.podId }]);
    expect(withKey(rt, /attention/)).toEqual([]);
    const held = await rt.db.selectFrom('nudge').select(['state', 'send_at', 'reason']).where('kind', '=', 'attention').executeTakeFirstOrThrow();
    expect(held).toMatchObject({ state: 'planned', reason: 'weekend' });
    await at(rt, '2026-03-16T08:00:30Z');
    expect(withKey(rt, /attention/)).toHaveLength(1);
  });

  it('nobody got more than three counted nudges in any week of theirs', async () => {
    const rows = await rt.db.selectFrom('nudge_recipient').innerJoin('person', 'person.id', 'nudge_recipient.person_id')
      .select(['person_id', 'send_at', 'timezone']).where('counts', '=', true).where('nudge_recipient.state', '=', 'sent').execute();
    const perWeek = new Map<string, number>();
    for (const r of rows) {
      const k = `${r.person_id}/${localWeekStart(r.send_at!, r.timezone).toISOString()}`;
      perWeek.set(k, (perWeek.get(k) ?? 0) + 1);
    }
    expect(Math.max(...perWeek.values())).toBeLessThanOrEqual(3);
  });

  it('"We met" clears the flag; "We moved it" gives the session a new date, a new reminder and a new check-in', async () => {
    await at(rt, '2026-03-17T11:10:30Z');
    await click(rt, ann, new RegExp(`session/${s(2)}/check-in$`), 'rhythm_met');
    expect(await rt.db.selectFrom('pod_attention').select('resolved_at').executeTakeFirstOrThrow()).toMatchObject({ resolved_at: expect.any(Date) });
    await at(rt, '2026-03-24T11:10:30Z');
    await click(rt, bob, new RegExp(`session/${s(3)}/check-in$`), 'rhythm_moved_open');
    await expect.poll(() => rt.slackEmulator.workspace.views.topModal(bob.slackId)?.callback_id).toBe('rhythm_moved');
    const past = await rt.slackEmulator.driver.submitView({ userId: bob.slackId, values: { moved_date: '2026-03-20' } });
    expect(past.body).toMatchObject({ response_action: 'errors', errors: { moved_date: expect.stringContaining('ahead') } });
    const ok = await rt.slackEmulator.driver.submitView({ userId: bob.slackId, values: { moved_date: '2026-03-26' } });
    expect(ok.status).toBe(200);
    await rt.drain();
    const moved = await rt.db.selectFrom('pod_session').select(['starts_at', 'status']).where('id', '=', s(3)).executeTakeFirstOrThrow();
    expect(moved).toEqual({ starts_at: new Date('2026-03-26T10:00:00Z'), status: 'scheduled' });
    await at(rt, '2026-03-26T09:00:30Z');
    expect(withKey(rt, new RegExp(`session/${s(3)}/v1/reminder`))).toHaveLength(1);
    await at(rt, '2026-03-26T11:10:30Z');
    await click(rt, bob, new RegExp(`session/${s(3)}/v1/check-in$`), 'rhythm_met');
    expect(await rt.db.selectFrom('pod_session').select('status').where('id', '=', s(3)).executeTakeFirstOrThrow()).toEqual({ status: 'held' });
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });
});
