import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { craftedButton, sendCrafted } from './forge.ts';
import { answer, DEADLINE, inviteMessageOf, launchFreshWave, startWaveRuntime, type Seeded } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

let lead: Seeded;
let people: Seeded[];
let waveId: string;
let pods: { id: string; name: string }[];

const live = async (podId: string) => rt.db.selectFrom('invite').select(['id', 'person_id', 'status']).where('pod_id', '=', podId)
  .where('status', 'in', ['pending', 'accepted']).orderBy('created_at').orderBy('id').execute();
const personOf = (id: string) => people.find((p) => p.personId === id)!;
const modal = () => rt.slackEmulator.workspace.views.topModal(lead.slackId);
const modalText = () => JSON.stringify(modal()?.blocks ?? []);
const openWave = async (expected: string) => {
  await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_detail_open', value: waveId });
  await expect.poll(modalText).toContain(expected);
};
/** Everything that could change: invites (pod and status), pods (status), the outbox and nudge ledgers. */
const snapshot = async () => ({
  invites: await rt.db.selectFrom('invite').select(['id', 'pod_id', 'status']).orderBy('id').execute(),
  pods: await rt.db.selectFrom('pod').select(['id', 'status', 'slot']).orderBy('id').execute(),
  outbox: (await rt.db.selectFrom('outbox').select('idempotency_key').execute()).length,
  nudges: (await rt.db.selectFrom('nudge').select('key').execute()).length,
});

/**
 * No Accept button in anyone's DMs lies: every invite message still offering an answer names the
 * pod its invite is in now, and that invite can still be answered.
 */
async function everyLiveButtonTellsTheTruth() {
  await rt.drain();
  for (const p of people) {
    for (const m of rt.slackEmulator.log.dmsTo(p.slackId)) {
      const buttons = JSON.stringify(m.blocks ?? []).match(/"action_id":"invite_(accept|decline)","value":"([0-9a-f-]{36})"/g) ?? [];
      for (const b of buttons) {
        const inviteId = b.match(/[0-9a-f-]{36}/)![0];
        const invite = await rt.db.selectFrom('invite').innerJoin('pod', 'pod.id', 'invite.pod_id').select(['invite.status', 'pod.name'])
          .where('invite.id', '=', inviteId).executeTakeFirstOrThrow();
        expect(['pending', 'accepted']).toContain(invite.status);
        if (m.text.startsWith("You're invited") || m.text.startsWith('You accepted')) expect(JSON.stringify(m.blocks)).toContain(`*${invite.name}* with:`);
      }
    }
  }
}

describe('before the deadline, a lead acts on inviting pods that can no longer reach their minimum', () => {
  it('shows them with Merge and Re-match; merging moves their open and accepted invites, rewrites the DMs in place and tells everyone; audited', async () => {
    ({ lead, people, waveId } = await launchFreshWave(rt, { Alpha: 4, Beta: 4, Gamma: 4, Delta: 4 })); // four pods of 4 (minimum 4, maximum 5)
    pods = await rt.db.selectFrom('pod').select(['id', 'name']).where('wave_id', '=', waveId).orderBy('name').execute();
    expect(pods).toHaveLength(4);
    const [p1, p2] = pods as [typeof pods[number], typeof pods[number]];
    // Pod 1: one "not this time", one yes, two open (3 can still come). Pod 2: two "not this time", one yes (2).
    const one = await live(p1.id);
    await answer(rt, personOf(one[0]!.person_id), 'invite_not_this_time');
    await answer(rt, personOf(one[1]!.person_id), 'invite_accept');
    const two = await live(p2.id);
    await answer(rt, personOf(two[0]!.person_id), 'invite_not_this_time');
    await answer(rt, personOf(two[1]!.person_id), 'invite_not_this_time');
    await answer(rt, personOf(two[2]!.person_id), 'invite_accept');
    await rt.drain();

    await openWave('Below minimum (2)');
    expect(modalText()).toContain('cannot reach their minimum even if everyone not answered says yes');
    expect(modalText()).toContain(`Merge into ${p2.name}`);
    const moving = await live(p1.id);
    const staying = await live(p2.id);
    expect([moving.length, staying.length]).toEqual([3, 2]);

    const click = await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_pod_merge', value: `${p1.id}|${p2.id}`, view: modal()!.id });
    expect(click.status).toBe(200);
    // Decided before the ack: the invites moved as they were (same rows, same answers).
    const after = await live(p2.id);
    expect(after.map((i) => i.id).sort()).toEqual([...moving, ...staying].map((i) => i.id).sort());
    for (const i of moving) expect(after.find((a) => a.id === i.id)!.status).toBe(i.status);
    expect(await live(p1.id)).toEqual([]);
    // The "not this time" stays with the dissolved pod, as its record.
    expect(await rt.db.selectFrom('invite').select('status').where('pod_id', '=', p1.id).execute()).toEqual([{ status: 'declined' }]);
    expect(await rt.db.selectFrom('pod').select(['status', 'dissolved_reason']).where('id', '=', p1.id).executeTakeFirstOrThrow())
      .toEqual({ status: 'dissolved', dissolved_reason: `could not reach its minimum; the programme lead moved its people to ${p2.name} before the deadline` });
    const audit = await rt.db.selectFrom('audit_log').select(['detail', 'actor_slack_id']).where('action', '=', 'wave.pod_merge').execute();
    expect(audit).toEqual([{ detail: `${p1.name} (3) merged into ${p2.name} (2) before the deadline`, actor_slack_id: lead.slackId }]);

    await rt.drain();
    // Each moved person's invite DM reads Pod 2 now, with its five people; they are told why.
    const open = moving.find((i) => i.status === 'pending')!;
    const mover = personOf(open.person_id);
    const message = inviteMessageOf(rt, mover.slackId)!;
    expect(JSON.stringify(message.blocks)).toContain(`*${p2.name}* with:`);
    expect(JSON.stringify(message.blocks)).toContain(`${after.filter((a) => a.status === 'accepted').length} of 5 accepted`);
    for (const i of moving) {
      expect(rt.slackEmulator.log.dmsTo(personOf(i.person_id).slackId).some((m) => m.text.includes(`moved your invite to ${p2.name}`))).toBe(true);
    }
    for (const i of staying) {
      expect(rt.slackEmulator.log.dmsTo(personOf(i.person_id).slackId).some((m) => m.text.includes(`3 people join ${p2.name} from ${p1.name}`))).toBe(true);
    }
    await everyLiveButtonTellsTheTruth();
    await expect.poll(() => rt.slackEmulator.log.dmsTo(lead.slackId).map((m) => m.text).join('\n')).toContain(`merged into ${p2.name}`);
    // The modal shows the new state: Pod 2 can reach its minimum again and Pod 1 is gone from the list.
    await expect.poll(modalText).not.toContain('Below minimum');

    // The moved, still open invite is answered from the same (rewritten) message: a yes for Pod 2.
    await answer(rt, mover, 'invite_accept');
    expect((await rt.db.selectFrom('invite').select(['pod_id', 'status']).where('id', '=', open.id).executeTakeFirstOrThrow())).toEqual({ pod_id: p2.id, status: 'accepted' });
  });

  it('re-match is all or nothing: refused (nothing changes) while there is too little room, done once there is', async () => {
    const [, p2, p3, p4] = pods as [typeof pods[number], typeof pods[number], typeof pods[number], typeof pods[number]];
    // Pod 3 down to 2 open; Pod 4 has one free place, Pod 2 none.
    const three = await live(p3.id);
    await answer(rt, personOf(three[0]!.person_id), 'invite_not_this_time');
    await answer(rt, personOf(three[1]!.person_id), 'invite_not_this_time');
    await rt.drain();
    await openWave('Re-match its people');
    const before = await snapshot();
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_pod_rematch', value: p3.id, view: modal()!.id });
    await expect.poll(() => rt.slackEmulator.log.dmsTo(lead.slackId).map((m) => m.text).join('\n')).toContain('no inviting pod with room');
    expect(await snapshot()).toEqual(before);
    expect(await rt.db.selectFrom('audit_log').select('id').where('action', '=', 'wave.pod_rematch').execute()).toHaveLength(0);

    // Someone in Pod 2 says "not this time": now Pods 2 and 4 have a place each.
    const two = (await live(p2.id)).filter((i) => i.status === 'pending');
    await answer(rt, personOf(two[0]!.person_id), 'invite_not_this_time');
    await rt.drain();
    const moving = await live(p3.id);
    await openWave('Re-match its people');
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_pod_rematch', value: p3.id, view: modal()!.id });
    expect(await live(p3.id)).toEqual([]);
    expect(await live(p2.id)).toHaveLength(5);
    expect(await live(p4.id)).toHaveLength(5);
    const homes = [...(await live(p2.id)), ...(await live(p4.id))].map((i) => i.id);
    expect(homes).toEqual(expect.arrayContaining(moving.map((i) => i.id)));
    expect((await rt.db.selectFrom('pod').select('status').where('id', '=', p3.id).executeTakeFirstOrThrow()).status).toBe('dissolved');
    expect(await rt.db.selectFrom('audit_log').select('detail').where('action', '=', 'wave.pod_rematch').execute()).toHaveLength(1);
    await everyLiveButtonTellsTheTruth();
  });

  it('a member forging Merge or Re-match is refused, audited, and nothing changes; a stale merge of a dissolved pod is refused', async () => {
    const [p1, p2, , p4] = pods as [typeof pods[number], typeof pods[number], typeof pods[number], typeof pods[number]];
    const member = people[5]!;
    const before = await snapshot();
    expect((await sendCrafted(rt, craftedButton(member.slackId, 'wave_pod_merge', `${p4.id}|${p2.id}`))).status).toBe(200);
    expect((await sendCrafted(rt, craftedButton(member.slackId, 'wave_pod_rematch', p4.id))).status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('audit_log').select('allowed').where('actor_slack_id', '=', member.slackId).where('allowed', '=', false).execute()).length).toBe(2);
    expect(await snapshot()).toEqual(before);
    // The lead's own modal from before the merge: Pod 1 is dissolved now, so nothing happens.
    expect((await sendCrafted(rt, craftedButton(lead.slackId, 'wave_pod_merge', `${p1.id}|${p2.id}`))).status).toBe(200);
    expect(await snapshot()).toEqual(before);
    expect(await rt.db.selectFrom('audit_log').select('id').where('action', '=', 'wave.pod_merge').execute()).toHaveLength(1);
  });

  it('at the deadline nothing is left to do for the pods handled by hand: the receiving pods are confirmed, the dissolved ones untouched', async () => {
    const [p1, p2, p3, p4] = pods as [typeof pods[number], typeof pods[number], typeof pods[number], typeof pods[number]];
    for (const pod of [p2, p4]) for (const i of (await live(pod.id)).filter((x) => x.status === 'pending')) await answer(rt, personOf(i.person_id), 'invite_accept');
    await rt.drain();
    const reasons = await rt.db.selectFrom('pod').select(['id', 'dissolved_reason']).where('id', 'in', [p1.id, p3.id]).orderBy('id').execute();
    clock.set(`${DEADLINE}T17:00:01Z`);
    await reconcile(rt);
    await rt.drain();
    expect((await rt.db.selectFrom('wave').select('status').where('id', '=', waveId).executeTakeFirstOrThrow()).status).not.toBe('inviting');
    const statuses = new Map((await rt.db.selectFrom('pod').select(['id', 'status']).where('wave_id', '=', waveId).execute()).map((p) => [p.id, p.status]));
    expect([statuses.get(p1.id), statuses.get(p3.id)]).toEqual(['dissolved', 'dissolved']);
    expect(['confirmed', 'scheduled']).toContain(statuses.get(p2.id));
    expect(['confirmed', 'scheduled']).toContain(statuses.get(p4.id));
    expect(await rt.db.selectFrom('pod').select(['id', 'dissolved_reason']).where('id', 'in', [p1.id, p3.id]).orderBy('id').execute()).toEqual(reasons);
    // The deadline moved nobody: no outcome DMs for anyone.
    expect(await rt.db.selectFrom('nudge').select('key').where('key', 'like', 'pod/%/outcome/%').execute()).toEqual([]);
    expect((await rt.db.selectFrom('pod_member').select('person_id').where('pod_id', 'in', [p2.id, p4.id]).execute())).toHaveLength(10);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });
});
