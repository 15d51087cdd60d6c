import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { answer, DEADLINE, launchFreshWave, startWaveRuntime } from './support.ts';

// At the deadline, the reminders of invites nobody answered are withdrawn if still unsent, and
// closed in place if they went out: the state cancelPending leaves each in decides which.
let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

describe('reminders at the deadline', () => {
  it('a sent reminder of an invite that expired keeps no answer button; one that never went out is withdrawn', async () => {
    const { people, waveId } = await launchFreshWave(rt, { Alpha: 3, Beta: 3, Gamma: 2 });
    const [yes, ...silent] = people;
    await answer(rt, yes!, 'invite_accept');
    clock.set('2026-03-05T12:00:00Z'); // past 48 h, inside London's working hours
    await reconcile(rt);
    await rt.drain();
    const reminded = silent.filter((p) => rt.slackEmulator.log.dmsTo(p.slackId).some((m) => m.text.startsWith('Reminder')));
    expect(reminded.length).toBeGreaterThan(0);

    clock.set(`${DEADLINE}T17:00:01Z`);
    await reconcile(rt);
    await rt.drain();
    expect((await rt.db.selectFrom('invite').select('status').where('wave_id', '=', waveId).where('person_id', '=', silent[0]!.personId).executeTakeFirstOrThrow()).status).toBe('expired');
    for (const p of reminded) {
      const reminder = rt.slackEmulator.log.dmsTo(p.slackId).find((m) => m.text.includes('This invite closed'));
      expect(reminder, p.name).toBeDefined();
      expect(JSON.stringify(reminder!.blocks)).not.toContain('invite_accept');
    }
    // None of them got a reminder after the deadline, and nothing was sent twice.
    const states = await rt.db.selectFrom('outbox').select('state').where('idempotency_key', 'like', 'invite/%/reminder').execute();
    expect(states.every((s) => s.state === 'sent' || s.state === 'cancelled')).toBe(true);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });
});
