import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerInvite } from '../../src/waves/answer.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { createProgramme, inviteMessageOf, launchThroughSlack, seedLead, seedPeople, startWaveRuntime } from './support.ts';

let rt: TestRuntime;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

describe('overlapping waves', () => {
  it('a person invited by a later wave is not offered a backfill place in the first one', async () => {
    const lead = await seedLead(rt);
    const first = await seedPeople(rt, { Alpha: 3, Beta: 3, Gamma: 3, Delta: 2 }); // 11: two pods of 5, one spare
    const programme = await createProgramme(rt, lead);
    const teamId = async (names: string[]) => (await rt.db.selectFrom('team').select('id').where('name', 'in', names).execute()).map((t) => t.id);
    const a = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds: await teamId(['Alpha', 'Beta', 'Gamma', 'Delta']) });
    const spareRow = await rt.db.selectFrom('wave_member').select('person_id').where('wave_id', '=', a.waveId).where('state', '=', 'unplaced').executeTakeFirstOrThrow();
    const spare = first.find((p) => p.personId === spareRow.person_id)!;

    // A second wave over the spare's team and two new ones: the spare is free, so it invites them.
    await seedPeople(rt, { Echo: 2, Foxtrot: 1 });
    const b = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds: await teamId([spare.team, 'Echo', 'Foxtrot']) });
    const spareInvites = () => rt.db.selectFrom('invite').select(['wave_id', 'status']).where('person_id', '=', spare.personId).execute();
    expect(await spareInvites()).toEqual([{ wave_id: b.waveId, status: 'pending' }]);

    // Someone in the first wave says "not this time": the spare must not get a second invitation.
    const decliner = await rt.db.selectFrom('invite').select(['id', 'person_id']).where('wave_id', '=', a.waveId).where('status', '=', 'pending').executeTakeFirstOrThrow();
    const outcome = await answerInvite(rt, { inviteId: decliner.id, slackUserId: first.find((p) => p.personId === decliner.person_id)!.slackId, answer: 'not_this_time' });
    expect(outcome.backfill).toMatchObject({ invited: null });
    await rt.drain();
    expect(await spareInvites()).toEqual([{ wave_id: b.waveId, status: 'pending' }]);
    expect(rt.slackEmulator.log.dmsTo(spare.slackId).filter((m) => m.text.includes("You're invited"))).toHaveLength(1);
    expect(inviteMessageOf(rt, spare.slackId)).toBeDefined();
  });
});
