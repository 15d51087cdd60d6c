import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerInvite, NotYourInviteError } from '../../src/waves/answer.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { launchFreshWave, startWaveRuntime } from './support.ts';

// An answer locks its invite, pod and wave in the same statement that checks the clicker is the
// invitee: a refused click must lock nothing, change nothing, and still be audited as which
// refusal it was (someone else's invite, or none).
let rt: TestRuntime;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

describe('answer refusals', () => {
  it("someone else's invite, or one that does not exist: refused, audited as which it was, nothing changed or locked", async () => {
    const { people, waveId } = await launchFreshWave(rt, { Alpha: 2, Beta: 2, Gamma: 2, Delta: 2 });
    const invites = await rt.db.selectFrom('invite').select(['id', 'person_id', 'status']).where('wave_id', '=', waveId).orderBy('id').execute();
    const [theirs] = invites;
    const intruder = people.find((p) => p.personId !== theirs!.person_id)!;
    const refusals = async () => (await rt.db.selectFrom('audit_log').select('detail').where('actor_slack_id', '=', intruder.slackId)
      .where('action', '=', 'invite.answer').where('allowed', '=', false).execute()).map((r) => r.detail).sort();
    for (const answer of ['accept', 'not_this_time'] as const) {
      await expect(answerInvite(rt, { inviteId: theirs!.id, slackUserId: intruder.slackId, answer })).rejects.toBeInstanceOf(NotYourInviteError);
    }
    await expect(answerInvite(rt, { inviteId: '00000000-0000-4000-8000-000000000000', slackUserId: intruder.slackId, answer: 'accept' })).rejects.toBeInstanceOf(NotYourInviteError);
    expect(await refusals()).toEqual(['refused: no such invite', 'refused: not the invitee', 'refused: not the invitee']);
    expect(await rt.db.selectFrom('invite').select(['id', 'person_id', 'status']).where('wave_id', '=', waveId).orderBy('id').execute()).toEqual(invites);
    // Nothing stays locked: the invitee answers at once.
    const owner = people.find((p) => p.personId === theirs!.person_id)!;
    expect((await answerInvite(rt, { inviteId: theirs!.id, slackUserId: owner.slackId, answer: 'accept' })).status).toBe('accepted');
  });

});
