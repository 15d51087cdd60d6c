import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerInvite, InviteClosedError } from '../../src/waves/answer.service.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { inviteMessageOf, launchFreshWave, startWaveRuntime } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

describe('invite messages after answers', () => {
  it('accepts at the same moment all end showing the true count', async () => {
    const { people, waveId } = await launchFreshWave(rt, { Alpha: 2, Beta: 2, Gamma: 2, Delta: 2 });
    const pod = await rt.db.selectFrom('pod').select('id').where('wave_id', '=', waveId).orderBy('name').executeTakeFirstOrThrow();
    const invites = await rt.db.selectFrom('invite').select(['id', 'person_id']).where('pod_id', '=', pod.id).execute();
    const size = invites.length;
    const accepters = invites.slice(0, 3);
    await Promise.all(accepters.map((i) => answerInvite(rt, { inviteId: i.id, slackUserId: people.find((p) => p.personId === i.person_id)!.slackId, answer: 'accept' })));
    await rt.drain();
    for (const i of accepters) {
      const person = people.find((p) => p.personId === i.person_id)!;
      expect(inviteMessageOf(rt, person.slackId)!.text).toContain(`3 of ${size} accepted`);
    }
    const last = invites[3]!;
    expect(inviteMessageOf(rt, people.find((p) => p.personId === last.person_id)!.slackId)!.text).toContain('invited');
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });

  // Last: it moves the clock past the deadline.
  it('refuses an answer after the deadline even before the deadline job has closed the wave', async () => {
    // The wave launched above still has pending invites.
    const invite = await rt.db.selectFrom('invite').innerJoin('person', 'person.id', 'invite.person_id')
      .select(['invite.id', 'invite.wave_id', 'person.slack_user_id']).where('invite.status', '=', 'pending').executeTakeFirstOrThrow();
    const wave = await rt.db.selectFrom('wave').select(['invite_deadline', 'status']).where('id', '=', invite.wave_id).executeTakeFirstOrThrow();
    const person = { slackId: invite.slack_user_id! };
    clock.set(new Date(new Date(wave.invite_deadline).getTime() + 60_000));
    expect(wave.status).toBe('inviting');
    await expect(answerInvite(rt, { inviteId: invite.id, slackUserId: person.slackId, answer: 'accept' })).rejects.toBeInstanceOf(InviteClosedError);
    const after = await rt.db.selectFrom('invite').select('status').where('id', '=', invite.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('pending');
  });
});
