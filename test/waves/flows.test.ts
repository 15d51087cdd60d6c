import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import { onPeopleLeft } from '../../src/waves/leavers.ts';
import { waveFunnel } from '../../src/waves/wave.repository.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { craftedButton, craftedSubmission, sendCrafted } from './forge.ts';
import { answer, createProgramme, DEADLINE, inviteMessageOf, launchThroughSlack, seedLead, seedPeople, startWaveRuntime, type Seeded } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

async function launch(teams: Record<string, number>) {
  const lead = await seedLead(rt, 'lead').catch(async () => {
    const p = await rt.db.selectFrom('person').select(['id', 'slack_user_id', 'email', 'name']).where('email', '=', 'lead@example.com').executeTakeFirstOrThrow();
    return { personId: p.id, slackId: p.slack_user_id!, email: p.email, name: p.name, team: '' };
  });
  const people = await seedPeople(rt, teams);
  const programme = await rt.db.selectFrom('programme').selectAll().executeTakeFirst() ?? await createProgramme(rt, lead);
  const teamRows = await rt.db.selectFrom('team').select('id').where('name', 'in', Object.keys(teams)).execute();
  const { waveId } = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds: teamRows.map((t) => t.id) });
  return { lead, people, waveId };
}

async function liveInvitees(waveId: string, podId?: string) {
  let q = rt.db.selectFrom('invite').select(['person_id', 'pod_id', 'status']).where('wave_id', '=', waveId).where('status', 'in', ['pending', 'accepted']);
  if (podId) q = q.where('pod_id', '=', podId);
  return q.execute();
}

describe('waves: decline, leaver, forgery, deadline', () => {
  let wave: { lead: Seeded; people: Seeded[]; waveId: string };

  it('a decline is backfilled from the unplaced pool, respecting the pod', async () => {
    // 11 people: two pods of 5 and one person unplaced (11 cannot split into 4–5).
    wave = await launch({ Alpha: 3, Beta: 3, Gamma: 3, Delta: 2 });
    const funnel = await waveFunnel(rt.db, wave.waveId);
    expect(funnel).toMatchObject({ pool: 11, invited: 10, unplaced: 1 });
    const unplaced = await rt.db.selectFrom('wave_member').select('person_id').where('wave_id', '=', wave.waveId).where('state', '=', 'unplaced').executeTakeFirstOrThrow();
    const decliner = wave.people.find((p) => inviteMessageOf(rt, p.slackId))!;
    const declinerInvite = await rt.db.selectFrom('invite').selectAll().where('person_id', '=', decliner.personId).executeTakeFirstOrThrow();
    const message = inviteMessageOf(rt, decliner.slackId)!;
    await rt.slackEmulator.driver.clickButton({ userId: decliner.slackId, actionId: 'invite_decline', message: { channel: message.channel, ts: message.ts } });
    await expect.poll(() => rt.slackEmulator.workspace.views.topModal(decliner.slackId)?.callback_id).toBe('invite_decline_reason');
    await rt.slackEmulator.driver.submitView({ userId: decliner.slackId, values: { reason: 'on leave' } });
    // The answer is recorded after the ack: wait for it, then for its deliveries.
    await expect.poll(async () => (await rt.db.selectFrom('invite').select('status').where('id', '=', declinerInvite.id).executeTakeFirstOrThrow()).status).toBe('declined');
    await rt.drain();
    const after = await rt.db.selectFrom('invite').selectAll().where('id', '=', declinerInvite.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'declined', decline_kind: 'decline', decline_reason: 'on leave' });
    expect(inviteMessageOf(rt, decliner.slackId)!.text).toContain('declined');
    const newcomer = wave.people.find((p) => p.personId === unplaced.person_id)!;
    expect(inviteMessageOf(rt, newcomer.slackId)).toBeDefined();
    const pod = await liveInvitees(wave.waveId, declinerInvite.pod_id);
    expect(pod.map((i) => i.person_id)).toContain(newcomer.personId);
    expect(pod).toHaveLength(5);
    // The stored slot is the backfill's (it must fit the newcomer), not the preview's.
    const podRow = await rt.db.selectFrom('pod').selectAll().where('id', '=', declinerInvite.pod_id).executeTakeFirstOrThrow();
    const window = (podRow.breakdown as { window: { utcStartMinuteOfWeek: number; localStartByMember: Record<string, string> } }).window;
    expect(podRow.window_start_minute).toBe(window.utcStartMinuteOfWeek);
    expect(window.localStartByMember[newcomer.personId]).toBeDefined();
  });

  it('a member forging lead actions or answering someone else\'s invite is refused, audited, nothing changes', async () => {
    const member = wave.people[0]!;
    const before = await waveFunnel(rt.db, wave.waveId);
    const cancel = await sendCrafted(rt, craftedButton(member.slackId, 'wave_cancel', wave.waveId));
    expect(cancel.status).toBe(200);
    const launchForged = await sendCrafted(rt, craftedSubmission(member.slackId, 'wave_launch_confirm', wave.waveId));
    expect(JSON.stringify(launchForged.body)).toContain("don't have permission");
    const other = await rt.db.selectFrom('invite').select('id').where('wave_id', '=', wave.waveId).where('person_id', '!=', member.personId).where('status', '=', 'pending').executeTakeFirstOrThrow();
    await sendCrafted(rt, craftedButton(member.slackId, 'invite_accept', other.id));
    await rt.drain();
    const waveRow = await rt.db.selectFrom('wave').select('status').where('id', '=', wave.waveId).executeTakeFirstOrThrow();
    expect(waveRow.status).toBe('inviting');
    expect(await waveFunnel(rt.db, wave.waveId)).toEqual(before);
    await expect.poll(async () => (await rt.db.selectFrom('audit_log').select(['action', 'allowed']).where('allowed', '=', false).execute()).map((r) => r.action).sort())
      .toEqual(['invite.answer', 'wave.cancel', 'wave.launch']);
    await expect.poll(() => rt.slackEmulator.log.dmsTo(member.slackId).filter((m) => m.text.includes('permission') || m.text.includes('belongs to someone else')).length).toBe(2);
  });

  it('a leaver mid-wave is withdrawn from the wave; with nobody spare the backfill says why', async () => {
    const second = await launch({ Echo: 4, Foxtrot: 4, Golf: 2 }); // 10 people: two pods of 5, nobody spare
    const leaver = second.people.find((p) => inviteMessageOf(rt, p.slackId))!;
    // Someone new joins a team of the wave as unplaced (e.g. added after launch): the backfill pool.
    const result = await rt.db.transaction().execute(async (trx) => {
      await trx.updateTable('person').set({ status: 'left', left_reason: 'departed' }).where('id', '=', leaver.personId).execute();
      return onPeopleLeft(trx, [leaver.personId], clock.now());
    });
    expect(result.withdrawnInvites.map((w) => w.personId)).toEqual([leaver.personId]);
    expect(result.backfills[0]).toMatchObject({ invited: null });
    const member = await rt.db.selectFrom('wave_member').select('state').where('person_id', '=', leaver.personId).executeTakeFirstOrThrow();
    expect(member.state).toBe('withdrawn');
    expect(await liveInvitees(second.waveId)).toHaveLength(9);
  });

  it('at the deadline a pod below minimum is merged or re-matched and everyone is told', async () => {
    const third = await launch({ Hotel: 2, India: 2, Juliet: 2, Kilo: 2 }); // 8 people: two pods of 4
    const pods = await rt.db.selectFrom('pod').select('id').where('wave_id', '=', third.waveId).orderBy('name').execute();
    const inPod = async (podId: string) => (await liveInvitees(third.waveId, podId)).map((i) => third.people.find((p) => p.personId === i.person_id)!);
    const [weak, strong] = [await inPod(pods[0]!.id), await inPod(pods[1]!.id)];
    for (const p of strong) await answer(rt, p, 'invite_accept');
    await answer(rt, weak[0]!, 'invite_accept');
    await answer(rt, weak[1]!, 'invite_accept');
    await answer(rt, weak[2]!, 'invite_not_this_time'); // nobody spare to backfill; weak[3] never answers
    await rt.drain();
    clock.set(`${DEADLINE}T17:00:01Z`);
    await reconcile(rt);
    await rt.drain();
    await reconcile(rt);
    await rt.drain();
    const podRows = await rt.db.selectFrom('pod').selectAll().where('wave_id', '=', third.waveId).orderBy('name').execute();
    expect(podRows.find((p) => p.id === pods[0]!.id)).toMatchObject({ status: 'dissolved' });
    expect(podRows.find((p) => p.id === pods[1]!.id)).toMatchObject({ status: 'scheduled' });
    const members = await rt.db.selectFrom('pod_member').select('person_id').where('pod_id', '=', pods[1]!.id).execute();
    expect(members).toHaveLength(5);
    // The merged pod's slot is the one that fits the newcomer too, and everyone has a local time.
    const merged = podRows.find((p) => p.id === pods[1]!.id)!;
    const window = (merged.breakdown as { window: { utcStartMinuteOfWeek: number; localStartByMember: Record<string, string> } }).window;
    expect(merged.window_start_minute).toBe(window.utcStartMinuteOfWeek);
    expect(Object.keys(window.localStartByMember).sort()).toEqual(members.map((m) => m.person_id).sort());
    const intro = rt.slackEmulator.log.messages().find((m) => (m.metadata?.event_payload as { idempotency_key?: string } | undefined)?.idempotency_key === `pod/${merged.id}/intro`);
    // Each member's line names the slot in their own time; the slot was found for all five.
    expect(JSON.stringify(intro?.blocks).match(/[A-Z][a-z]+days \d\d:\d\d–\d\d:\d\d, 6 sessions/g)).toHaveLength(5);
    expect([...merged.slot!.members].sort()).toEqual(members.map((m) => m.person_id).sort());
    for (const p of [weak[0]!, weak[1]!]) {
      const told = rt.slackEmulator.log.dmsTo(p.slackId).map((m) => m.text).join('\n');
      expect(told).toMatch(/joined Pod|first in line|form Pod/);
    }
    expect(inviteMessageOf(rt, weak[3]!.slackId)!.text).toContain('closed');
    // Nobody who accepted is left without a pod or an explanation.
    const accepted = [...strong, weak[0]!, weak[1]!];
    for (const p of accepted) {
      const seat = await rt.db.selectFrom('pod_member').select('pod_id').where('person_id', '=', p.personId).executeTakeFirst();
      const unplaced = await rt.db.selectFrom('wave_member').select('reason').where('person_id', '=', p.personId).where('state', '=', 'unplaced').executeTakeFirst();
      expect(seat ?? unplaced).toBeDefined();
    }
    // The funnel still counts everyone who accepted, and names those the deadline could not seat.
    const funnel = await waveFunnel(rt.db, third.waveId);
    const acceptedUnplaced = await rt.db.selectFrom('wave_member').select('person_id').where('wave_id', '=', third.waveId).where('state', '=', 'unplaced')
      .where('person_id', 'in', accepted.map((p) => p.personId)).execute();
    expect(acceptedUnplaced).toHaveLength(1); // the pod took one of the two; the other could not form a pod
    expect(funnel).toMatchObject({ accepted: accepted.length, acceptedUnplaced: acceptedUnplaced.length });
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });
});
