import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPeopleLeft } from '../../src/waves/leavers.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { launchFreshWave, startWaveRuntime } from './support.ts';

let rt: TestRuntime;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

describe('lock order: wave before invite', () => {
  it('a leaver waiting for a wave holds none of its invites (so it cannot deadlock with an answer or a cancel)', async () => {
    const { people, waveId } = await launchFreshWave(rt, { Alpha: 2, Beta: 2, Gamma: 2, Delta: 2 });
    const invite = await rt.db.selectFrom('invite').select(['id', 'person_id']).where('wave_id', '=', waveId).where('status', '=', 'pending').executeTakeFirstOrThrow();
    expect(people.some((p) => p.personId === invite.person_id)).toBe(true);

    // A cancel (or a decline) holds the wave and is about to take the invite…
    let release!: () => void;
    const holder = rt.db.transaction().execute(async (trx) => {
      await trx.selectFrom('wave').select('id').where('id', '=', waveId).forUpdate().execute();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await sleep(50);
    // …while the roster sync marks that invitee as gone.
    const leaving = rt.db.transaction().execute((trx) => onPeopleLeft(trx, [invite.person_id], rt.clock.now()));
    await sleep(500);
    // The invite is free: the holder could take it now without waiting on the leaver.
    const free = await rt.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL lock_timeout = '200ms'`.execute(trx);
      return trx.selectFrom('invite').select('id').where('id', '=', invite.id).forUpdate().execute().then(() => true, () => false);
    });
    release();
    await holder;
    const outcome = await leaving;
    expect(free).toBe(true);
    expect(outcome.withdrawnInvites.map((w) => w.inviteId)).toContain(invite.id);
  });
});
