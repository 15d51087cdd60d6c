import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { answer, DEADLINE, inviteMessageOf, launchFreshWave, startWaveRuntime, type Seeded } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

const ANSWER_BUTTON = /"action_id":"invite_(accept|decline|not_this_time)"/;

describe('after the deadline, every invite DM reads as it ended', () => {
  it('no DM keeps an answer button; each names the pod its reader is in (the moved ones their new pod), once', async () => {
    // Four pods of 4 (minimum 4, maximum 5).
    const { people, waveId } = await launchFreshWave(rt, { Alpha: 4, Beta: 4, Gamma: 4, Delta: 4 });
    const pods = await rt.db.selectFrom('pod').select(['id', 'name']).where('wave_id', '=', waveId).orderBy('name').execute();
    expect(pods).toHaveLength(4);
    const personOf = (id: string) => people.find((p) => p.personId === id)!;
    const inviteesOf = async (podId: string) => (await rt.db.selectFrom('invite').select('person_id').where('pod_id', '=', podId).orderBy('created_at').orderBy('id').execute()).map((i) => personOf(i.person_id));
    const [p1, p2, p3, p4] = await Promise.all(pods.map((p) => inviteesOf(p.id))) as [Seeded[], Seeded[], Seeded[], Seeded[]];
    // Pod 1: two yes, two "not this time" (short). Pod 2: one yes, three never answer (short).
    // Pods 3 and 4: everyone says yes, so each has one place left for the short pods' people.
    for (const p of [p1[0]!, p1[1]!, p2[0]!, ...p3, ...p4]) await answer(rt, p, 'invite_accept');
    for (const p of [p1[2]!, p1[3]!]) await answer(rt, p, 'invite_not_this_time');
    await rt.drain();
    const movers = [p1[0]!, p1[1]!, p2[0]!];

    clock.set(`${DEADLINE}T17:00:01Z`);
    await reconcile(rt);
    await rt.drain();
    expect((await rt.db.selectFrom('wave').select('status').where('id', '=', waveId).executeTakeFirstOrThrow()).status).toBe('forming');
    const seats = await rt.db.selectFrom('pod_member').innerJoin('pod', 'pod.id', 'pod_member.pod_id').select(['pod_member.person_id', 'pod.id', 'pod.name'])
      .where('pod.wave_id', '=', waveId).where('pod_member.left_at', 'is', null).execute();
    const seatOf = new Map(seats.map((s) => [s.person_id, s]));
    // The deadline moved at least one of the short pods' people into a pod that goes ahead.
    const moved = movers.filter((m) => seatOf.has(m.personId));
    expect(moved.length).toBeGreaterThan(0);

    for (const person of people) {
      const dms = rt.slackEmulator.log.dmsTo(person.slackId);
      // No answer button is left anywhere in their DMs (invite or reminder): the wave is closed.
      for (const m of dms) expect(JSON.stringify(m.blocks ?? []), `${person.name}: ${m.text}`).not.toMatch(ANSWER_BUTTON);
      const invite = inviteMessageOf(rt, person.slackId)!;
      const blocks = JSON.stringify(invite.blocks);
      const seat = seatOf.get(person.personId);
      if (seat) {
        // It names the pod they are in now (its name heads the members list), and says so.
        expect(blocks, person.name).toContain(`*${seat.name}* with:`);
        expect(invite.text, person.name).toContain(`you're in ${seat.name}`);
      } else {
        expect(invite.text, person.name).not.toContain("you're in");
      }
    }
    for (const m of moved) {
      const invite = inviteMessageOf(rt, m.slackId)!;
      const from = m === p2[0] ? pods[1]! : pods[0]!;
      expect(invite.text).toContain(`accepted ${from.name} by the deadline`);
      expect(JSON.stringify(invite.blocks)).not.toContain(`*${from.name}* with:`);
    }
    // Whoever could not be placed reads why, on the invite they accepted.
    for (const m of movers.filter((x) => !seatOf.has(x.personId))) {
      expect(inviteMessageOf(rt, m.slackId)!.text).toBe('This invite was withdrawn.');
      expect(JSON.stringify(inviteMessageOf(rt, m.slackId)!.blocks)).toContain("we couldn't fit you into another pod this wave");
    }

    // Exactly once: nothing was sent twice, and running the deadline again sends nothing.
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
    expect(await rt.db.selectFrom('outbox').select('idempotency_key').where('state', '=', 'failed').execute()).toEqual([]);
    const inviteKeys = async () => (await rt.db.selectFrom('outbox').select('idempotency_key').where('idempotency_key', 'like', 'invite/%').execute()).map((r) => r.idempotency_key).sort();
    const before = await inviteKeys();
    await reconcile(rt);
    await rt.drain();
    expect(await inviteKeys()).toEqual(before);
  });
});
