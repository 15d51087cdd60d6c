import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import { waveFunnel } from '../../src/waves/wave.repository.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { answer, createProgramme, DEADLINE, inviteMessageOf, launchThroughSlack, seedLead, seedPeople, startWaveRuntime, type Seeded } from './support.ts';
import type { ManualClock } from '../../src/platform/clock.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

/** The flow the demo mirrors: programme → launch through Slack → answers → deadline → pods. */
describe('a wave end to end through Slack', () => {
  let people: Seeded[];
  let waveId: string;

  it('launches with a preview, then invites everyone placed', async () => {
    const lead = await seedLead(rt);
    people = await seedPeople(rt, { Design: 4, Sales: 4, Support: 4, Platform: 4 });
    const programme = await createProgramme(rt, lead);
    const teams = await rt.db.selectFrom('team').select('id').execute();
    const launched = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds: teams.map((t) => t.id) });
    waveId = launched.waveId;
    const previewText = JSON.stringify(launched.preview.blocks);
    expect(previewText).toContain('Pod 1');
    expect(previewText).toContain('*16* of 16 people placed');
    const invited = people.filter((p) => inviteMessageOf(rt, p.slackId));
    expect(invited).toHaveLength(16);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
    const wave = await rt.db.selectFrom('wave').selectAll().where('id', '=', waveId).executeTakeFirstOrThrow();
    expect(wave.status).toBe('inviting');
  });

  it('records answers, updates the message in place, and confirms pods at the deadline', async () => {
    for (const p of people) await answer(rt, p, 'invite_accept');
    await rt.drain();
    const first = inviteMessageOf(rt, people[0]!.slackId)!;
    expect(first.text).toContain('You accepted');
    expect(JSON.stringify(first.blocks)).toMatch(/\d of \d accepted/);
    clock.set(`${DEADLINE}T17:00:01Z`);
    await reconcile(rt);
    await rt.drain();
    await reconcile(rt);
    const funnel = await waveFunnel(rt.db, waveId);
    expect(funnel).toMatchObject({ pool: 16, invited: 16, accepted: 16, podsConfirmed: 4 });
    const pods = await rt.db.selectFrom('pod').selectAll().where('wave_id', '=', waveId).execute();
    expect(pods.every((p) => p.status === 'scheduled' && p.slack_channel_id)).toBe(true);
    const intro = rt.slackEmulator.log.messages(pods[0]!.slack_channel_id!);
    expect(intro[0]!.text).toContain('Welcome to');
    const pairs = await rt.db.selectFrom('pairing').selectAll().execute();
    expect(pairs).toHaveLength(4 * 6);
  });
});
