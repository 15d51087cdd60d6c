import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRuntime } from '../support/runtime.ts';
import { waveFunnels } from '../../src/waves/funnels.repository.ts';
import { waveFunnel } from '../../src/waves/wave.repository.ts';
import { craftedButton, sendCrafted } from './forge.ts';
import { answer, inviteMessageOf, launchFreshWave, leadHome, startWaveRuntime, type Seeded } from './support.ts';

let rt: TestRuntime;
let lead: Seeded;
let people: Seeded[];
let waveId: string;
let shortPodId: string;
let newcomer: Seeded;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

const topModal = () => rt.slackEmulator.workspace.views.topModal(lead.slackId);
const modalText = () => JSON.stringify(topModal()?.blocks ?? []);

describe('pods below minimum, from the wave modal', () => {
  it('shows an inviting pod that cannot reach its minimum after declines, and the waiting list', async () => {
    ({ lead, people, waveId } = await launchFreshWave(rt, { Design: 3, Sales: 3, Support: 3, Platform: 3 }));
    // Two people of one pod say "not this time": nobody is unplaced, so nobody is offered their places.
    const pod = await rt.db.selectFrom('invite').select('pod_id').where('person_id', '=', people[0]!.personId).executeTakeFirstOrThrow();
    shortPodId = pod.pod_id;
    const members = await rt.db.selectFrom('invite').select('person_id').where('pod_id', '=', shortPodId).execute();
    for (const m of members.slice(0, 2)) await answer(rt, people.find((p) => p.personId === m.person_id)!, 'invite_not_this_time');
    await rt.drain();
    // Someone joins one of the wave's teams after the launch: they are on the waiting list.
    const design = await rt.db.selectFrom('team').select('id').where('name', '=', 'Design').executeTakeFirstOrThrow();
    const user = rt.slackEmulator.workspace.addUser({ email: 'newcomer@example.com', realName: 'New Comer', tz: 'Europe/London' });
    const row = await rt.db.insertInto('person').values({ email: 'newcomer@example.com', name: 'New Comer', slack_user_id: user.id, timezone: 'Europe/London', team_id: design.id, department: 'Design', in_csv: true } as never).returning('id').executeTakeFirstOrThrow();
    newcomer = { personId: row.id, slackId: user.id, email: 'newcomer@example.com', name: 'New Comer', team: 'Design' };

    await leadHome(rt, lead.slackId);
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_detail_open', value: waveId });
    await expect.poll(modalText).toContain('Below minimum (1)');
    expect(modalText()).toContain('Waiting list: *1* person');
    expect(modalText()).toMatch(/Pod \d\* · 0 accepted, 2 not answered · needs 4/);
  });

  it('"Invite from the waiting list" invites the best fit into that pod, with the invite DM; audited', async () => {
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_pod_waiting_list', value: shortPodId, view: topModal()!.id });
    await expect.poll(async () => (await rt.db.selectFrom('invite').select(['pod_id', 'status']).where('person_id', '=', newcomer.personId).execute())).toEqual([{ pod_id: shortPodId, status: 'pending' }]);
    await rt.drain();
    expect(inviteMessageOf(rt, newcomer.slackId)).toBeDefined();
    await expect.poll(() => rt.slackEmulator.log.dmsTo(lead.slackId).some((m) => m.text.includes('1 person from the waiting list invited'))).toBe(true);
    const audit = await rt.db.selectFrom('audit_log').select('detail').where('action', '=', 'wave.pod_waiting_list').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toContain('1 invited');
    // The modal now says the list is empty and what the deadline will do.
    await expect.poll(modalText).toContain('The waiting list is empty');
  });

  it('a member forging the button is refused, audited, and nothing changes', async () => {
    const invites = await rt.db.selectFrom('invite').select('id').execute();
    expect((await sendCrafted(rt, craftedButton(people[5]!.slackId, 'wave_pod_waiting_list', shortPodId))).status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('audit_log').select('allowed').where('actor_slack_id', '=', people[5]!.slackId).where('allowed', '=', false).execute()).length).toBe(1);
    expect(await rt.db.selectFrom('invite').select('id').execute()).toHaveLength(invites.length);
  });

  it('the lead home\'s grouped funnels read the same as one wave\'s funnel', async () => {
    const grouped = await waveFunnels(rt.db, [waveId]);
    const one = await waveFunnel(rt.db, waveId);
    expect(one.declined).toBe(2);
    expect(grouped.get(waveId)).toEqual(one);
  });
});
