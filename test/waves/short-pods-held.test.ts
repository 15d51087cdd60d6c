import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRuntime } from '../support/runtime.ts';
import { answer, deliverHeldInvites, inviteMessageOf, launchFreshWave, startWaveRuntime } from './support.ts';

let rt: TestRuntime;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

describe('an early merge while some invites are still held for their reader\'s working hours', () => {
  it('the held invite goes out already reading the new pod, with no second DM; those who had theirs are told', async () => {
    // Launched at 09:00 UTC: New York's invites wait for 08:00 there (13:00 UTC).
    const { lead, people, waveId } = await launchFreshWave(rt, { Alpha: 4, Beta: 4, Gamma: 4, Delta: 4 }, { zones: ['Europe/London', 'America/New_York'], holdInvites: true });
    const zone = new Map(people.map((p, k) => [p.personId, k % 2 === 0 ? 'london' : 'ny']));
    const pods = await Promise.all((await rt.db.selectFrom('pod').select(['id', 'name']).where('wave_id', '=', waveId).orderBy('name').execute()).map(async (pod) => ({
      ...pod, invites: await rt.db.selectFrom('invite').select(['id', 'person_id']).where('pod_id', '=', pod.id).orderBy('created_at').orderBy('id').execute(),
    })));
    const londoners = (pod: typeof pods[number]) => pod.invites.filter((i) => zone.get(i.person_id) === 'london');
    const newYorkers = (pod: typeof pods[number]) => pod.invites.filter((i) => zone.get(i.person_id) === 'ny');
    const from = pods.find((p) => londoners(p).length >= 1 && newYorkers(p).length >= 1 && p.invites.length === 4)!;
    const into = pods.find((p) => p !== from && londoners(p).length >= 2 && newYorkers(p).length >= 1 && p.invites.length === 4)!;
    expect(from && into).toBeTruthy();
    // Londoners say "not this time" until the two pods cannot reach 4: 3 + 2 fit a maximum of 5.
    const person = (id: string) => people.find((p) => p.personId === id)!;
    await answer(rt, person(londoners(from)[0]!.person_id), 'invite_not_this_time');
    for (const i of londoners(into).slice(0, 2)) await answer(rt, person(i.person_id), 'invite_not_this_time');
    await rt.drain();
    const held = newYorkers(from);
    expect(held.every((i) => !inviteMessageOf(rt, person(i.person_id).slackId))).toBe(true);

    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_detail_open', value: waveId });
    await expect.poll(() => JSON.stringify(rt.slackEmulator.workspace.views.topModal(lead.slackId)?.blocks ?? [])).toContain(`Merge into ${into.name}`);
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_pod_merge', value: `${from.id}|${into.id}`, view: rt.slackEmulator.workspace.views.topModal(lead.slackId)!.id });
    expect((await rt.db.selectFrom('pod').select('status').where('id', '=', from.id).executeTakeFirstOrThrow()).status).toBe('dissolved');
    await rt.drain();

    // Those who had their invite are told; the held ones are not (their invite says it all).
    const told = (await rt.db.selectFrom('nudge').select('key').where('key', 'like', `pod/${from.id}/moved-to/${into.id}/%`).execute()).map((n) => n.key.split('/').at(-1));
    const moved = from.invites.filter((i) => !londoners(from).slice(0, 1).some((l) => l.id === i.id)).map((i) => i.person_id);
    expect(told.sort()).toEqual(moved.filter((id) => zone.get(id) === 'london').sort());
    const heldNudges = await rt.db.selectFrom('nudge').select(['state', 'pod_id', 'message']).where('key', 'in', held.map((i) => `invite/${i.id}/message`)).execute();
    expect(heldNudges.map((n) => [n.state, n.pod_id])).toEqual(held.map(() => ['planned', into.id]));

    await deliverHeldInvites(rt);
    for (const i of held) {
      const ny = person(i.person_id);
      const message = inviteMessageOf(rt, ny.slackId)!;
      expect(JSON.stringify(message.blocks)).toContain(`*${into.name}* with:`);
      expect(JSON.stringify(message.blocks)).not.toContain(`*${from.name}*`);
      expect(rt.slackEmulator.log.dmsTo(ny.slackId).filter((m) => m.text.includes('moved your invite'))).toEqual([]);
      // Its Accept answers for the new pod.
      await answer(rt, ny, 'invite_accept');
      expect(await rt.db.selectFrom('invite').select(['pod_id', 'status']).where('id', '=', i.id).executeTakeFirstOrThrow()).toEqual({ pod_id: into.id, status: 'accepted' });
    }
  });
});
