import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { askedToContinue } from '../../src/retros/retro.repository.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { launchThroughSlack, seedPeople } from '../waves/support.ts';
import { answerRetro, seedConfirmedWave, tick } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock('2026-03-13T09:00:00Z');
  rt = await startTestRuntime({ clock });
});
afterEach(async () => rt.stop());

describe('after a pod closes', () => {
  it('offers the next wave first to those who wanted to continue, whichever teams it covers', async () => {
    const { lead, programme, rounds } = await seedConfirmedWave(rt, { pods: { Alpha: 4 }, startWeek: '2026-03-16' });
    const [a] = rounds;
    clock.set(new Date(a!.sessions.at(-1)!.getTime() + 60_000));
    await tick(rt, 3);
    await answerRetro(rt, a!.members[0]!, a!.podId, { continue: 'continue' });
    for (const m of a!.members.slice(1)) await answerRetro(rt, m, a!.podId, { continue: 'close' });
    await rt.drain();
    await tick(rt);
    expect((await askedToContinue(rt.db, programme.id)).map((p) => p.personId)).toEqual([a!.members[0]!.personId]);

    // A second wave for another team only: the one who asked to continue is in its pool anyway.
    const fresh = await seedPeople(rt, { Gamma: 4 });
    const gamma = await rt.db.selectFrom('team').select('id').where('name', '=', 'Gamma').executeTakeFirstOrThrow();
    clock.advance(7 * 86_400_000);
    const monday = new Date(clock.now().getTime() + 14 * 86_400_000);
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
    const startWeek = monday.toISOString().slice(0, 10);
    const deadline = new Date(monday.getTime() - 3 * 86_400_000).toISOString().slice(0, 10);
    const { waveId } = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds: [gamma.id], startWeek, deadline });
    const invited = (await rt.db.selectFrom('invite').select('person_id').where('wave_id', '=', waveId).execute()).map((i) => i.person_id).sort();
    expect(invited).toEqual([a!.members[0]!.personId, ...fresh.map((p) => p.personId)].sort());
    expect(await askedToContinue(rt.db, programme.id)).toEqual([]);
    const offered = await rt.db.selectFrom('retro_response').select(['person_id', 'offered_wave_id']).where('offered_wave_id', 'is not', null).execute();
    expect(offered).toEqual([{ person_id: a!.members[0]!.personId, offered_wave_id: waveId }]);
  });
});
