import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { slackDate } from '../../src/slack/blocks/time.ts';
import { craftedButton, sendCrafted } from './forge.ts';
import { confirmedWave, leadHome, startWaveRuntime, type Seeded } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

const seatedIn = async (podId: string) => (await rt.db.selectFrom('pod_member').innerJoin('person', 'person.id', 'pod_member.person_id').select('pod_member.person_id')
  .where('pod_id', '=', podId).where('left_at', 'is', null).where('person.status', '!=', 'left').execute()).map((r) => r.person_id);

async function leave(person: Seeded) {
  await leadHome(rt, person.slackId);
  await rt.slackEmulator.driver.clickButton({ userId: person.slackId, actionId: 'member_leave' });
  await expect.poll(async () => (await rt.db.selectFrom('person').select('status').where('id', '=', person.personId).executeTakeFirstOrThrow()).status).toBe('left');
}

describe('a lead merges or re-matches meeting pods below their minimum, from the wave modal', () => {
  it('re-matches a short pod into pods with room, refuses one that cannot place everyone (nothing changes), then merges two short pods; members are told by DM once; audited', async () => {
    // Four pods of 4 (minimum 4, maximum 5), confirmed at the deadline.
    const { lead, people, waveId } = await confirmedWave(rt, clock, { Alpha: 4, Beta: 4, Gamma: 4, Delta: 4 });
    const pods = await rt.db.selectFrom('pod').select(['id', 'name']).where('wave_id', '=', waveId).where('status', 'in', ['confirmed', 'scheduled']).orderBy('name').execute();
    expect(pods).toHaveLength(4);
    const [p1, p2, p3, p4] = pods as [typeof pods[number], typeof pods[number], typeof pods[number], typeof pods[number]];
    const byId = new Map(people.map((p) => [p.personId, p]));
    const modal = () => rt.slackEmulator.workspace.views.topModal(lead.slackId);
    const openWave = async (expected: string) => {
      await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_detail_open', value: waveId });
      await expect.poll(() => JSON.stringify(modal()?.blocks ?? [])).toContain(expected);
    };
    const outboxSize = async () => (await rt.db.selectFrom('outbox').select('idempotency_key').execute()).length;

    // Pod 1 down to 3: each of them takes the one free place of another pod.
    await leave(byId.get((await seatedIn(p1.id))[0]!)!);
    await reconcile(rt);
    await rt.drain();
    const orphans = await seatedIn(p1.id);
    await openWave('Re-match its people');
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_pod_rematch', value: p1.id, view: modal()!.id });
    expect(await seatedIn(p1.id)).toEqual([]);
    for (const pod of [p2, p3, p4]) expect(await seatedIn(pod.id)).toHaveLength(5);
    expect((await Promise.all([p2, p3, p4].map((p) => seatedIn(p.id)))).flat()).toEqual(expect.arrayContaining(orphans));
    expect(await rt.db.selectFrom('pod').select(['status', 'end_reason']).where('id', '=', p1.id).executeTakeFirstOrThrow()).toEqual({ status: 'closed', end_reason: 'closed_early' });
    expect(await rt.db.selectFrom('outbox').select('idempotency_key').where('idempotency_key', 'like', `pod/${p1.id}/moved-to/%`).execute()).toHaveLength(3);
    expect(await rt.db.selectFrom('audit_log').select('detail').where('action', '=', 'wave.pod_rematch').execute()).toHaveLength(1);
    // Each person moved is told when their turn to facilitate is in the new pod, in their own zone.
    await rt.drain();
    for (const id of orphans) {
      const turn = await rt.db.selectFrom('pod_session').select('starts_at').where('facilitator_id', '=', id).where('status', '=', 'scheduled')
        .where('starts_at', '>', clock.now()).orderBy('starts_at').executeTakeFirstOrThrow();
      const told = rt.slackEmulator.log.dmsTo(byId.get(id)!.slackId).find((m) => m.text.includes(`so the programme lead moved you to`))!;
      expect(JSON.stringify(told.blocks)).toContain(`*Your turn to facilitate:* the session of ${slackDate(turn.starts_at, 'Europe/London')}`);
    }

    // Pod 2 down to 3 with every other pod full: refused, nothing changes, the lead is told why.
    const p2People = await seatedIn(p2.id);
    await leave(byId.get(p2People[0]!)!);
    await leave(byId.get(p2People[1]!)!);
    await reconcile(rt);
    await rt.drain();
    const before = await outboxSize();
    await openWave('Re-match its people');
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_pod_rematch', value: p2.id, view: modal()!.id });
    expect(await seatedIn(p2.id)).toHaveLength(3);
    expect(await outboxSize()).toBe(before);
    expect(await rt.db.selectFrom('audit_log').select('id').where('action', '=', 'wave.pod_rematch').execute()).toHaveLength(1);
    await expect.poll(() => rt.slackEmulator.log.dmsTo(lead.slackId).map((m) => m.text).join('\n')).toContain('No other pod of this wave that meets has room');

    // Pod 3 down to 2: merged into pod 2 (3 + 2 = its maximum of 5).
    const p3People = await seatedIn(p3.id);
    for (const id of p3People.slice(0, 3)) await leave(byId.get(id)!);
    await reconcile(rt);
    await rt.drain();
    const moving = await seatedIn(p3.id);
    const staying = await seatedIn(p2.id);
    expect([moving.length, staying.length]).toEqual([2, 3]);
    await openWave(`Merge into ${p2.name}`);
    const merge = await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_pod_merge', value: `${p3.id}|${p2.id}`, view: modal()!.id });
    expect(merge.status).toBe(200);
    expect((await seatedIn(p2.id)).sort()).toEqual([...staying, ...moving].sort());
    expect(await seatedIn(p3.id)).toEqual([]);
    expect(await rt.db.selectFrom('pod').select(['status', 'end_reason']).where('id', '=', p3.id).executeTakeFirstOrThrow()).toEqual({ status: 'closed', end_reason: 'closed_early' });
    const keys = (await rt.db.selectFrom('outbox').select('idempotency_key').where('idempotency_key', 'like', `pod/${p3.id}/moved-to/%`).execute()).map((r) => r.idempotency_key);
    expect(keys.sort()).toEqual(moving.map((id) => `pod/${p3.id}/moved-to/${p2.id}/${id}`).sort());
    expect(await rt.db.selectFrom('outbox').select('idempotency_key').where('idempotency_key', 'like', `pod/${p2.id}/joined-from/${p3.id}/%`).execute()).toHaveLength(3);
    expect(await rt.db.selectFrom('audit_log').select('detail').where('action', '=', 'wave.pod_merge').execute()).toHaveLength(1);
    await rt.drain();
    expect(rt.slackEmulator.log.dmsTo(byId.get(moving[0]!)!.slackId).some((m) => m.text.includes(`moved you to ${p2.name}`))).toBe(true);
    // The newcomers join Pod 2's facilitator rotation: of its sessions still to come, nobody hosts
    // twice before each of its five members (newcomers included) has hosted once.
    const hosts = (await rt.db.selectFrom('pod_session').select('facilitator_id').where('pod_id', '=', p2.id).where('status', '!=', 'cancelled').orderBy('index').execute())
      .map((s) => s.facilitator_id);
    expect(hosts).toHaveLength(6);
    expect(new Set(hosts.slice(0, 5))).toEqual(new Set([...staying, ...moving]));
    // Pod 4, which took one of Pod 1's people in the re-match, too.
    const seatedNow = await seatedIn(p4.id);
    const next = (await rt.db.selectFrom('pod_session').select('facilitator_id').where('pod_id', '=', p4.id).where('status', '!=', 'cancelled').orderBy('index').execute()).map((s) => s.facilitator_id);
    expect(new Set(next.slice(0, seatedNow.length))).toEqual(new Set(seatedNow));

    // The same merge clicked again changes nothing and sends nothing.
    const sent = await outboxSize();
    expect((await sendCrafted(rt, craftedButton(lead.slackId, 'wave_pod_merge', `${p3.id}|${p2.id}`))).status).toBe(200);
    // Decided before the ack: by the 200 the refusal has happened.
    expect(await outboxSize()).toBe(sent);
    expect(await rt.db.selectFrom('audit_log').select('detail').where('action', '=', 'wave.pod_merge').execute()).toHaveLength(1);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });
});
