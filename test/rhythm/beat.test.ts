import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { craftedButton, sendCrafted } from '../waves/forge.ts';
import { addPerson, at, click, seedPod, withKey, type Member } from './fixtures.ts';

// A pod in three zones whose series recurs at 10:00 New York time: 15:00 UTC until the US
// changes its clocks on 8 March, 14:00 UTC after (London keeps GMT until 29 March).
let rt: TestRuntime;
let ana: Member; let ben: Member; let cai: Member; let dee: Member; let lead: Member; let stranger: Member;
let pod: Awaited<ReturnType<typeof seedPod>>;

beforeAll(async () => {
  rt = await startTestRuntime({ clock: new ManualClock('2026-03-01T12:00:00Z') });
  ana = await addPerson(rt, 'Ana London', 'Europe/London');
  ben = await addPerson(rt, 'Ben New York', 'America/New_York');
  cai = await addPerson(rt, 'Cai Helsinki', 'Europe/Helsinki');
  dee = await addPerson(rt, 'Dee Paused', 'Europe/Berlin', { status: 'paused', paused_until: new Date('2026-06-01T00:00:00Z') });
  lead = await addPerson(rt, 'Lea Lead', 'Europe/London');
  stranger = await addPerson(rt, 'Stan Stranger', 'Europe/London');
  await rt.db.insertInto('person_role').values({ person_id: lead.personId, role: 'lead', granted_by: null }).execute();
  pod = await seedPod(rt, { members: [ana, ben, cai, dee], firstDate: '2026-03-03', localTime: '10:00', recurrenceZone: 'America/New_York', name: 'Otters' });
});
afterAll(async () => rt?.stop());

const dms = (m: Member) => rt.slackEmulator.log.dmsTo(m.slackId);
const keyOf = (m: { metadata?: { event_payload?: unknown } }) => (m.metadata?.event_payload as { idempotency_key?: string } | undefined)?.idempotency_key;
const s = (i: number) => pod.sessionIds[i]!;

describe('a pod round in Slack', () => {
  it('prompts the facilitator the working day before, an hour into their working day in their zone', async () => {
    await at(rt, '2026-03-02T09:59:00Z');
    expect(withKey(rt, /prompt/)).toEqual([]);
    await at(rt, '2026-03-02T10:00:30Z'); // Monday 10:00 in London
    const [prompt] = withKey(rt, new RegExp(`session/${s(0)}/prompt`));
    expect(prompt?.channel).toBe(rt.slackEmulator.workspace.conversations.imOf(ana.slackId)?.id);
    expect(prompt!.text).toContain('session 1 of 6');
    expect(JSON.stringify(prompt!.blocks)).toContain('Check-in rounds');
    expect(JSON.stringify(prompt!.blocks)).toContain(`<!date^${Date.parse('2026-03-03T15:00:00Z') / 1000}^`);
  });

  it('reminds the pod an hour before in its group DM, without the paused member; the time shows in each zone', async () => {
    await at(rt, '2026-03-03T14:00:30Z');
    const [reminder] = withKey(rt, new RegExp(`session/${s(0)}/reminder`));
    const members = rt.slackEmulator.workspace.conversations.byId.get(reminder!.channel)!.members;
    expect(members).toEqual(expect.arrayContaining([ana.slackId, ben.slackId, cai.slackId]));
    expect(members).not.toContain(dee.slackId);
    const json = JSON.stringify(reminder!.blocks);
    expect(json).toContain('Ana London 15:00 · Ben New York 10:00 · Cai Helsinki 17:00');
    expect(json).toContain(`<@${ana.slackId}> facilitates`);
  });

  it('checks in after the session; "We met" records the session and everyone present', async () => {
    await at(rt, '2026-03-03T16:10:30Z');
    expect(withKey(rt, new RegExp(`session/${s(0)}/check-in$`))).toHaveLength(1);
    await click(rt, ana, new RegExp(`session/${s(0)}/check-in$`), 'rhythm_met');
    expect(await rt.db.selectFrom('pod_session').select('status').where('id', '=', s(0)).executeTakeFirstOrThrow()).toEqual({ status: 'held' });
    const attendance = await rt.db.selectFrom('attendance').select(['person_id', 'status']).where('session_id', '=', s(0)).execute();
    expect(attendance.filter((a) => a.status === 'attended').map((a) => a.person_id).sort()).toEqual([ana.personId, ben.personId, cai.personId].sort());
    // Ben missed it after all: the optional per-member attendance.
    await click(rt, ana, new RegExp(`session/${s(0)}/check-in$`), 'rhythm_attendance', { selected: [ana.personId, cai.personId] });
    const ben0 = await rt.db.selectFrom('attendance').select('status').where('session_id', '=', s(0)).where('person_id', '=', ben.personId).executeTakeFirstOrThrow();
    expect(ben0.status).toBe('absent');
  });

  it('after New York changes its clocks, the prompt and reminder follow the local times', async () => {
    await at(rt, '2026-03-09T13:59:00Z');
    expect(withKey(rt, new RegExp(`session/${s(1)}/prompt`))).toEqual([]);
    await at(rt, '2026-03-09T14:00:30Z'); // Monday 10:00 EDT
    expect(withKey(rt, new RegExp(`session/${s(1)}/prompt`))).toHaveLength(1);
    expect(dms(ben).at(-1)!.text).toContain('session 2 of 6');
  });

  it('"Swap my turn" hands the session to the next member, who is told; a non-facilitator cannot', async () => {
    // Cai is in the pod but not this session's facilitator: a forged click is refused and audited.
    expect((await sendCrafted(rt, craftedButton(cai.slackId, 'rhythm_swap', s(1)))).status).toBe(200);
    await rt.drain();
    expect(dms(cai).at(-1)!.text).toContain("Only this session's facilitator");
    await click(rt, ben, new RegExp(`session/${s(1)}/prompt`), 'rhythm_swap');
    const row = await rt.db.selectFrom('pod_session').select('facilitator_id').where('id', '=', s(1)).executeTakeFirstOrThrow();
    expect(row.facilitator_id).toBe(cai.personId);
    const [handover] = withKey(rt, new RegExp(`session/${s(1)}/handover/${cai.personId}`));
    expect(handover!.text).toContain('Ben New York handed you their turn');
    expect(withKey(rt, new RegExp(`session/${s(1)}/prompt`))[0]!.text).toContain('You handed session 2 of 6');
    const refused = await rt.db.selectFrom('audit_log').select(['action', 'allowed']).where('actor_slack_id', '=', cai.slackId).execute();
    expect(refused).toEqual([{ action: 'rhythm.swap', allowed: false }]);
  });

  it('reminds at 13:00 UTC after the change, and "We skipped" settles the session', async () => {
    await at(rt, '2026-03-10T13:00:30Z');
    expect(withKey(rt, new RegExp(`session/${s(1)}/reminder`))).toHaveLength(1);
    await at(rt, '2026-03-10T15:10:30Z');
    expect(withKey(rt, new RegExp(`session/${s(1)}/check-in$`))[0]!.channel).toBe(rt.slackEmulator.workspace.conversations.imOf(cai.slackId)?.id);
    await sendCrafted(rt, craftedButton(stranger.slackId, 'rhythm_skipped', s(1)));
    await rt.drain();
    expect(dms(stranger).at(-1)!.text).toContain('Only members of this pod');
    expect(await rt.db.selectFrom('pod_session').select('status').where('id', '=', s(1)).executeTakeFirstOrThrow()).toEqual({ status: 'scheduled' });
    await click(rt, cai, new RegExp(`session/${s(1)}/check-in$`), 'rhythm_skipped');
    expect(await rt.db.selectFrom('pod_session').select('status').where('id', '=', s(1)).executeTakeFirstOrThrow()).toEqual({ status: 'skipped' });
  });

  it('"We\'ll skip this week" tells the pod instead of reminding it; two misses in a row flag the pod to its lead', async () => {
    await at(rt, '2026-03-16T14:00:30Z'); // Monday 10:00 EDT: Cai (seat 2) hosts session 3 on 17 March
    await click(rt, cai, new RegExp(`session/${s(2)}/prompt`), 'rhythm_skip');
    const [notice] = withKey(rt, new RegExp(`session/${s(2)}/skip-notice`));
    expect(notice!.text).toContain('No Otters session this week');
    const [note] = withKey(rt, new RegExp(`pod/${pod.podId}/attention/`));
    expect(note!.text).toContain('missed two sessions in a row');
    // "Change the time" is a button away (the click itself: test/calendar/reschedule.test.ts).
    const buttons = (note!.blocks as { elements?: { action_id?: string; value?: string }[] }[]).flatMap((b) => b.elements ?? []);
    expect(buttons).toContainEqual(expect.objectContaining({ action_id: 'pod_reschedule', value: pod.podId }));
    await at(rt, '2026-03-17T13:00:30Z');
    expect(withKey(rt, new RegExp(`session/${s(2)}/reminder`))).toEqual([]);
    await rt.slackEmulator.driver.openHome(lead.slackId);
    await expect.poll(() => JSON.stringify(rt.slackEmulator.log.homeViews(lead.slackId).at(-1)?.blocks ?? [])).toContain('Pods needing attention (1)');
    expect(JSON.stringify(rt.slackEmulator.log.homeViews(lead.slackId).at(-1)!.blocks)).toContain('*Otters*');
  });

  it('a member\'s home shows their next session, who hosts it and its practice', async () => {
    await rt.slackEmulator.driver.openHome(ben.slackId);
    await expect.poll(() => JSON.stringify(rt.slackEmulator.log.homeViews(ben.slackId).at(-1)?.blocks ?? [])).toContain('Next session');
    const json = JSON.stringify(rt.slackEmulator.log.homeViews(ben.slackId).at(-1)!.blocks);
    expect(json).toContain(`<!date^${Date.parse('2026-03-24T14:00:00Z') / 1000}^`);
    expect(json).toContain('session 4 of 6');
    expect(json).toContain('hosted by Ana London');
  });

  it('the paused member got nothing at all, and nothing went out twice', async () => {
    expect(dms(dee)).toEqual([]);
    for (const c of rt.slackEmulator.workspace.conversations.byId.values()) expect(c.members).not.toContain(dee.slackId);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
    const keys = rt.slackEmulator.log.messages().map(keyOf).filter(Boolean);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
