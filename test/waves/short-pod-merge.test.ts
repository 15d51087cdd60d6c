import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { answer, createProgramme, DEADLINE, launchThroughSlack, leadHome, seedLead, seedPeople, startWaveRuntime, type Seeded } from './support.ts';

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
  it('refuses a re-match that cannot place everyone (nothing changes), then merges two short pods: members move, the short pod ends, everyone concerned gets one DM; audited', async () => {
    const lead = await seedLead(rt);
    const people = await seedPeople(rt, { Alpha: 3, Beta: 3, Gamma: 3, Delta: 3 }); // three pods of 4 (minimum 4, maximum 5)
    const programme = await createProgramme(rt, lead);
    const teams = await rt.db.selectFrom('team').select('id').execute();
    const { waveId } = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds: teams.map((t) => t.id) });
    for (const p of people) await answer(rt, p, 'invite_accept');
    await rt.drain();
    clock.set(`${DEADLINE}T17:00:01Z`);
    await reconcile(rt);
    await rt.drain();
    const pods = await rt.db.selectFrom('pod').select(['id', 'name']).where('wave_id', '=', waveId).where('status', 'in', ['confirmed', 'scheduled']).orderBy('name').execute();
    expect(pods).toHaveLength(3);
    const [p1, p2] = pods as [typeof pods[number], typeof pods[number]];
    const byId = new Map(people.map((p) => [p.personId, p]));
    await leave(byId.get((await seatedIn(p1.id))[0]!)!);
    await reconcile(rt);
    await rt.drain();

    // Three people, two free places elsewhere: all or nothing, so nothing.
    const outboxBefore = (await rt.db.selectFrom('outbox').select('idempotency_key').execute()).length;
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_detail_open', value: waveId });
    await expect.poll(() => JSON.stringify(rt.slackEmulator.workspace.views.topModal(lead.slackId)?.blocks ?? [])).toContain('Re-match its people');
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_pod_rematch', value: p1.id, view: rt.slackEmulator.workspace.views.topModal(lead.slackId)!.id });
    expect(await seatedIn(p1.id)).toHaveLength(3);
    expect((await rt.db.selectFrom('outbox').select('idempotency_key').execute()).length).toBe(outboxBefore);
    expect(await rt.db.selectFrom('audit_log').select('id').where('action', '=', 'wave.pod_rematch').execute()).toHaveLength(0);
    await expect.poll(() => rt.slackEmulator.log.dmsTo(lead.slackId).map((m) => m.text).join('\n')).toContain('Nothing changed: ');

    const p2People = await seatedIn(p2.id);
    await leave(byId.get(p2People[0]!)!);
    await leave(byId.get(p2People[1]!)!);
    await reconcile(rt);
    await rt.drain();
    const moving = await seatedIn(p2.id);
    const staying = await seatedIn(p1.id);
    expect([moving.length, staying.length]).toEqual([2, 3]);

    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_detail_open', value: waveId });
    await expect.poll(() => JSON.stringify(rt.slackEmulator.workspace.views.topModal(lead.slackId)?.blocks ?? [])).toContain(`Merge into ${p1.name}`);
    const merge = await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_pod_merge', value: `${p2.id}|${p1.id}`, view: rt.slackEmulator.workspace.views.topModal(lead.slackId)!.id });
    expect(merge.status).toBe(200);
    expect((await seatedIn(p1.id)).sort()).toEqual([...staying, ...moving].sort());
    expect(await seatedIn(p2.id)).toEqual([]);
    expect(await rt.db.selectFrom('pod').select(['status', 'end_reason']).where('id', '=', p2.id).executeTakeFirstOrThrow()).toEqual({ status: 'closed', end_reason: 'closed_early' });
    const keys = (await rt.db.selectFrom('outbox').select('idempotency_key').where('idempotency_key', 'like', `pod/%/moved-to/%`).execute()).map((r) => r.idempotency_key);
    expect(keys.sort()).toEqual(moving.map((id) => `pod/${p2.id}/moved-to/${p1.id}/${id}`).sort());
    expect(await rt.db.selectFrom('outbox').select('idempotency_key').where('idempotency_key', 'like', `pod/${p1.id}/joined-from/${p2.id}/%`).execute()).toHaveLength(3);
    expect(await rt.db.selectFrom('audit_log').select('detail').where('action', '=', 'wave.pod_merge').execute()).toHaveLength(1);
    await rt.drain();
    const dm = rt.slackEmulator.log.dmsTo(byId.get(moving[0]!)!.slackId).find((m) => m.text.includes(`moved you to ${p1.name}`));
    expect(dm).toBeDefined();

    // Clicking the same merge again changes nothing and sends nothing.
    const sent = (await rt.db.selectFrom('outbox').select('idempotency_key').execute()).length;
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_pod_merge', value: `${p2.id}|${p1.id}` }).catch(() => undefined);
    expect((await rt.db.selectFrom('outbox').select('idempotency_key').execute()).length).toBe(sent);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });
});
