import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerInvite } from '../../src/waves/answer.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { launchFreshWave, startWaveRuntime } from './support.ts';

let rt: TestRuntime;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

const settled = (p: Promise<unknown>) => Promise.race([p.then(() => true, () => true), sleep(1_500).then(() => false)]);

// Every accept of a wave used to queue behind a decline anywhere in it (the decline took the wave
// FOR UPDATE, the accepts FOR SHARE): under load one decline held every click of the wave for
// seconds. Declines still go one at a time per wave (each may hand its place to someone).
describe('answer locks', () => {
  it('an accept in one pod does not wait for a decline in progress in another; a second decline does', async () => {
    const { people, waveId } = await launchFreshWave(rt, { Alpha: 3, Beta: 3, Gamma: 3, Delta: 3 });
    const pending = await rt.db.selectFrom('invite').select(['id', 'pod_id', 'person_id']).where('wave_id', '=', waveId).where('status', '=', 'pending').orderBy('pod_id').execute();
    const pods = [...new Set(pending.map((i) => i.pod_id))];
    expect(pods.length).toBeGreaterThanOrEqual(3);
    const inPod = (k: number) => pending.find((i) => i.pod_id === pods[k])!;
    const slackOf = (invite: { person_id: string }) => people.find((p) => p.personId === invite.person_id)!.slackId;
    const [declining, accepting, alsoDeclining] = [inPod(0), inPod(1), inPod(2)];

    // The first decline takes the wave and its invite, then waits for its pod (held here), so it
    // is in progress, holding what a decline holds, for as long as this test likes.
    let release!: () => void;
    let podHeld!: () => void;
    const held = new Promise<void>((resolve) => (podHeld = resolve));
    const holder = rt.db.transaction().execute(async (trx) => {
      await trx.selectFrom('pod').select('id').where('id', '=', declining.pod_id).forUpdate().execute();
      podHeld();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await held;
    const decline = answerInvite(rt, { inviteId: declining.id, slackUserId: slackOf(declining), answer: 'not_this_time' });
    await sleep(300);

    const accept = answerInvite(rt, { inviteId: accepting.id, slackUserId: slackOf(accepting), answer: 'accept' });
    const secondDecline = answerInvite(rt, { inviteId: alsoDeclining.id, slackUserId: slackOf(alsoDeclining), answer: 'not_this_time' });
    const acceptDone = await settled(accept);
    const secondDone = await settled(secondDecline);
    release();
    await holder;
    await Promise.all([decline, accept, secondDecline]);

    expect(acceptDone).toBe(true);
    expect(secondDone).toBe(false);
    const statuses = await rt.db.selectFrom('invite').select(['id', 'status']).where('id', 'in', [declining.id, accepting.id, alsoDeclining.id]).execute();
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [declining.id]: 'declined', [accepting.id]: 'accepted', [alsoDeclining.id]: 'declined' });
  });
});
