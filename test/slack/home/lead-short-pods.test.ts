import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRuntime } from '../../support/runtime.ts';
import { answer, DEADLINE, launchFreshWave, leadHome, startWaveRuntime } from '../../waves/support.ts';

let rt: TestRuntime;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

const homeText = async (slackId: string) => JSON.stringify((await leadHome(rt, slackId)).blocks);

describe('the lead home flags inviting pods that can no longer reach their minimum', () => {
  it('counts them per wave with the time to act by in the lead\'s zone, as the wave modal does; nothing once they can reach it', async () => {
    // Four pods of 4 (minimum 4).
    const { lead, people, waveId } = await launchFreshWave(rt, { Alpha: 4, Beta: 4, Gamma: 4, Delta: 4 });
    // The lead reads the home tab in Auckland: the deadline (Fri 13 Mar 17:00 UTC) is Saturday morning there.
    await rt.db.updateTable('person').set({ timezone: 'Pacific/Auckland' }).where('id', '=', lead.personId).execute();
    expect(await homeText(lead.slackId)).not.toContain("can't reach");

    const pods = await rt.db.selectFrom('pod').select('id').where('wave_id', '=', waveId).orderBy('name').execute();
    const inviteesOf = async (podId: string) => (await rt.db.selectFrom('invite').select('person_id').where('pod_id', '=', podId).orderBy('created_at').orderBy('id').execute())
      .map((i) => people.find((p) => p.personId === i.person_id)!);
    // Pod 1: one "not this time" (3 can still come: short of 4). Pod 2: one yes, two "not this time" (2).
    const [one, two] = [await inviteesOf(pods[0]!.id), await inviteesOf(pods[1]!.id)];
    await answer(rt, one[0]!, 'invite_not_this_time');
    await answer(rt, two[0]!, 'invite_accept');
    await answer(rt, two[1]!, 'invite_not_this_time');
    await answer(rt, two[2]!, 'invite_not_this_time');
    await rt.drain();

    const deadline = Date.parse(`${DEADLINE}T17:00:00Z`) / 1000;
    const text = await homeText(lead.slackId);
    expect(text).toContain("*2 pods can't reach 4* even if everyone not answered says yes");
    expect(text).toContain(`act before <!date^${deadline}^{date_short_pretty} at {time}|Sat 14 Mar 2026 at 06:00>`);
    expect(text).toContain('or the deadline merges or re-matches them');

    // The wave modal lists the same two.
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_detail_open', value: waveId });
    await expect.poll(() => JSON.stringify(rt.slackEmulator.workspace.views.topModal(lead.slackId)?.blocks ?? [])).toContain('Below minimum (2)');

    // A lead merges Pod 1 into Pod 2 (3 + 2 people, within the maximum of 5): nothing is short any more.
    const merge = await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_pod_merge', value: `${pods[0]!.id}|${pods[1]!.id}`, view: rt.slackEmulator.workspace.views.topModal(lead.slackId)!.id });
    expect(merge.status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('pod').select('status').where('id', '=', pods[0]!.id).executeTakeFirstOrThrow()).status).toBe('dissolved');
    await rt.drain();
    expect(await homeText(lead.slackId)).not.toContain("can't reach");
  });
});
