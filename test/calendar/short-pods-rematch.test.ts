import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN } from '../../src/google/auth.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import { leaveProgramme } from '../../src/roster/membership.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { confirmedWave, startWaveRuntime } from '../waves/support.ts';
import { attendeesOf, seatedIn, settle } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

describe('re-matching a booked pod below its minimum', () => {
  it('spreads its people over the booked pods with room: each receiving series invites its newcomers, the short pod\'s series is cancelled', async () => {
    // Three pods of 4 (minimum 4, maximum 5), confirmed and booked at the deadline.
    const { lead, waveId } = await confirmedWave(rt, clock, { Alpha: 3, Beta: 3, Gamma: 3, Delta: 3 });
    await settle(rt);
    const pods = await rt.db.selectFrom('pod').select(['id', 'name', 'calendar_event_id']).where('wave_id', '=', waveId).orderBy('name').execute();
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.calendar_event_id)).toBe(true);
    const [short, y, z] = pods as [typeof pods[number], typeof pods[number], typeof pods[number]];
    // One leaves the first pod and one the second: 3 to place, 1 + 2 places.
    await leaveProgramme(rt, (await seatedIn(rt, short.id))[0]!.id);
    await leaveProgramme(rt, (await seatedIn(rt, y.id))[0]!.id);
    await settle(rt);
    const moving = await seatedIn(rt, short.id);
    expect(moving).toHaveLength(3);

    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_detail_open', value: waveId });
    const modal = () => rt.slackEmulator.workspace.views.topModal(lead.slackId);
    await expect.poll(() => JSON.stringify(modal()?.blocks ?? [])).toContain('Re-match its people');
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_pod_rematch', value: short.id, view: modal()!.id });
    expect(await seatedIn(rt, short.id)).toEqual([]);
    await settle(rt);

    for (const pod of [y, z]) {
      const now = await seatedIn(rt, pod.id);
      expect(now).toHaveLength(5);
      expect(attendeesOf(rt, pod.calendar_event_id!)).toEqual(now.map((m) => m.email).sort());
    }
    const placed = [...(await seatedIn(rt, y.id)), ...(await seatedIn(rt, z.id))].map((m) => m.id);
    expect(placed).toEqual(expect.arrayContaining(moving.map((m) => m.id)));
    expect(rt.googleEmulator.calendars.events(SANDBOX_ADMIN).find((e) => e.id === short.calendar_event_id)?.status).toBe('cancelled');
    expect(await rt.db.selectFrom('calendar_series').select('state').where('pod_id', '=', short.id).execute()).toEqual([{ state: 'ended' }]);
    expect(await rt.db.selectFrom('audit_log').select('detail').where('action', '=', 'wave.pod_rematch').execute()).toHaveLength(1);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  }, 180_000);
});
