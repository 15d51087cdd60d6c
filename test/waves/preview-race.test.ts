import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDraftWave, previewWave, WaveNotDraftError } from '../../src/waves/preview.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { createProgramme, DEADLINE, seedLead, seedPeople, START_WEEK, startWaveRuntime } from './support.ts';

let rt: TestRuntime;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

describe('the preview job', () => {
  it('does not rewrite a wave that stopped being a draft while it was matching', async () => {
    const lead = await seedLead(rt);
    await seedPeople(rt, { Alpha: 3, Beta: 3, Gamma: 3 });
    const programme = await createProgramme(rt, lead);
    const teamIds = (await rt.db.selectFrom('team').select('id').execute()).map((t) => t.id);
    const wave = await createDraftWave(rt.db, { programmeId: programme.id, teamIds, startWeek: START_WEEK, inviteDeadline: DEADLINE } as never, lead.personId, rt.clock.now());
    await previewWave(rt, wave.id, rt.clock.now());
    const before = (await rt.db.selectFrom('pod').select('id').where('wave_id', '=', wave.id).execute()).map((p) => p.id).sort();
    expect(before.length).toBeGreaterThan(0);

    // A launch holds the wave while the next preview is matching, then commits 'inviting'.
    let release!: () => void;
    const launched = rt.db.transaction().execute(async (trx) => {
      await trx.selectFrom('wave').select('id').where('id', '=', wave.id).forUpdate().execute();
      await new Promise<void>((resolve) => (release = resolve));
      await trx.updateTable('wave').set({ status: 'inviting' }).where('id', '=', wave.id).execute();
    });
    await sleep(50);
    const preview = previewWave(rt, wave.id, rt.clock.now()).then(() => 'rewrote', (error: unknown) => error);
    await sleep(300);
    release();
    await launched;
    expect(await preview).toBeInstanceOf(WaveNotDraftError);
    const after = (await rt.db.selectFrom('pod').select('id').where('wave_id', '=', wave.id).execute()).map((p) => p.id).sort();
    expect(after).toEqual(before);
  });
});
