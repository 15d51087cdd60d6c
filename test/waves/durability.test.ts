import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { createProgramme, DEADLINE, inviteMessageOf, leadHome, seedLead, seedPeople, START_WEEK, startWaveRuntime } from './support.ts';

let rt: TestRuntime;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

/** Loses every job of a queue while its worker is held, as a Redis flush or a crash after the ack would. */
async function loseJobsOf(name: string, action: () => Promise<void>) {
  const worker = rt.workers!.workers.get(name)!;
  await worker.pause();
  try {
    await action();
    await rt.backend.queue(name).obliterate({ force: true });
  } finally {
    worker.resume();
  }
  await rt.drain();
}

describe('preview and launch survive a lost job', () => {
  it('both requests are in Postgres before the ack, and the reconciler finishes them', async () => {
    const lead = await seedLead(rt);
    const people = await seedPeople(rt, { Alpha: 3, Beta: 3, Gamma: 2 });
    const programme = await createProgramme(rt, lead);
    const teams = await rt.db.selectFrom('team').select('id').execute();
    await leadHome(rt, lead.slackId);
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_launch_open' });
    await expect.poll(() => rt.slackEmulator.workspace.views.topModal(lead.slackId)?.callback_id).toBe('wave_launch_preview');

    await loseJobsOf('wave-preview', async () => {
      const submitted = await rt.slackEmulator.driver.submitView({
        userId: lead.slackId, values: { programme: programme.id, teams: teams.map((t) => t.id), start_week: START_WEEK, invite_deadline: DEADLINE },
      });
      expect(submitted.status).toBe(200);
    });
    const draft = await rt.db.selectFrom('wave').selectAll().executeTakeFirstOrThrow();
    expect(draft).toMatchObject({ status: 'draft', preview_answered_at: null });
    expect(draft.preview_requested_at).not.toBeNull();
    expect(rt.slackEmulator.workspace.views.topModal(lead.slackId)?.title).not.toMatchObject({ text: 'Preview' });

    expect((await reconcile(rt))['wave-previews']).toBe(1);
    await rt.drain();
    await expect.poll(() => rt.slackEmulator.workspace.views.topModal(lead.slackId)?.title).toMatchObject({ text: 'Preview' });
    expect((await reconcile(rt))['wave-previews']).toBe(0); // answered: never redone

    await loseJobsOf('wave-launch', async () => {
      const launched = await rt.slackEmulator.driver.submitView({ userId: lead.slackId });
      expect(launched.status).toBe(200);
    });
    const requested = await rt.db.selectFrom('wave').selectAll().where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(requested).toMatchObject({ status: 'draft', launch_requested_by: lead.personId, launch_requested_by_slack: lead.slackId });
    expect(requested.launch_requested_at).not.toBeNull();
    expect(people.filter((p) => inviteMessageOf(rt, p.slackId))).toHaveLength(0);

    expect((await reconcile(rt))['wave-launches']).toBe(1);
    await rt.drain();
    await rt.drain();
    const after = await rt.db.selectFrom('wave').selectAll().where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('inviting');
    expect(people.filter((p) => inviteMessageOf(rt, p.slackId))).toHaveLength(8);
    expect((await reconcile(rt))['wave-launches']).toBe(0);
    const audit = await rt.db.selectFrom('audit_log').select('action').where('action', 'like', 'wave.launch%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['wave.launch', 'wave.launch.requested']);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });
});
