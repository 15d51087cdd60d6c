import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import { answerInvite, InviteClosedError } from '../../src/waves/answer.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { answer, createProgramme, inviteMessageOf, launchThroughSlack, seedLead, seedPeople, startWaveRuntime, type Seeded } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;
let people: Seeded[];
let waveId: string;
let launch: () => Promise<void>;
beforeAll(async () => {
  ({ rt, clock } = await startWaveRuntime());
  const lead = await seedLead(rt);
  // One spare person beyond the pods, so a freed place has someone to go to.
  people = await seedPeople(rt, { Design: 3, Sales: 3, Support: 3 }, ['Europe/Berlin', 'Pacific/Auckland', 'America/Los_Angeles']);
  const programme = await createProgramme(rt, lead);
  const teamIds = (await rt.db.selectFrom('team').select('id').execute()).map((t) => t.id);
  launch = async () => void ({ waveId } = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds }));
});
afterAll(async () => rt?.stop());

const statusOf = async (p: Seeded) =>
  (await rt.db.selectFrom('invite').select('status').where('person_id', '=', p.personId).where('wave_id', '=', waveId).orderBy('created_at', 'desc').executeTakeFirst())?.status;

describe('an employee can change their mind, and every reminder can be answered', () => {
  it('an acceptance can become a decline until the deadline; the pod is told the new count', async () => {
    await launch();
    const invited = [];
    for (const p of people) if (inviteMessageOf(rt, p.slackId)) invited.push(p);
    const [changer, other] = invited;
    await answer(rt, changer!, 'invite_accept');
    await answer(rt, other!, 'invite_accept');
    await rt.drain();
    const accepted = inviteMessageOf(rt, changer!.slackId)!;
    const json = JSON.stringify(accepted.blocks);
    expect(json).toContain('Change to decline');
    // Click "Change to decline…" on the accepted message, then submit the decline modal.
    await rt.slackEmulator.driver.clickButton({ userId: changer!.slackId, actionId: 'invite_decline', message: { channel: accepted.channel, ts: accepted.ts } });
    await expect.poll(() => rt.slackEmulator.workspace.views.topModal(changer!.slackId)?.callback_id).toBe('invite_decline_reason');
    const submitted = await rt.slackEmulator.driver.submitView({ userId: changer!.slackId, values: { reason: 'My team has a launch that month' } });
    expect(submitted.status).toBe(200);
    await expect.poll(() => statusOf(changer!)).toBe('declined');
    await rt.drain();
    expect(JSON.stringify(inviteMessageOf(rt, changer!.slackId)!.blocks)).toContain('You declined');
    expect(JSON.stringify(inviteMessageOf(rt, changer!.slackId)!.blocks)).not.toContain('invite_accept');
    // The other accepter's message no longer counts the one who changed their mind.
    expect(inviteMessageOf(rt, other!.slackId)!.text).toMatch(/^You accepted: 1 of/);
    // A decline is final: accepting it again (a crafted click: no button offers it) is refused.
    const invite = await rt.db.selectFrom('invite').select('id').where('person_id', '=', changer!.personId).executeTakeFirstOrThrow();
    await expect(answerInvite(rt, { inviteId: invite.id, slackUserId: changer!.slackId, answer: 'accept' })).rejects.toBeInstanceOf(InviteClosedError);
    expect(await statusOf(changer!)).toBe('declined');
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });

  it('the reminder carries the answers, and once answered it keeps no live buttons', async () => {
    clock.set('2026-03-05T12:00:00Z'); // past 48 h and inside every zone's working hours on some day
    for (let i = 0; i < 3; i++) {
      clock.advance(8 * 3600_000);
      await reconcile(rt);
      await rt.drain();
    }
    const pending = [];
    for (const p of people) if ((await statusOf(p)) === 'pending') pending.push(p);
    const withReminder = pending.find((p) => rt.slackEmulator.log.dmsTo(p.slackId).some((m) => m.text.startsWith('Reminder')))!;
    expect(withReminder).toBeDefined();
    const reminder = rt.slackEmulator.log.dmsTo(withReminder.slackId).find((m) => m.text.startsWith('Reminder'))!;
    expect(JSON.stringify(reminder.blocks)).toContain('invite_accept');
    const click = await rt.slackEmulator.driver.clickButton({ userId: withReminder.slackId, actionId: 'invite_accept', message: { channel: reminder.channel, ts: reminder.ts } });
    expect(click.status).toBe(200);
    await expect.poll(() => statusOf(withReminder)).toBe('accepted');
    await rt.drain();
    const updated = rt.slackEmulator.log.dmsTo(withReminder.slackId).find((m) => m.ts === reminder.ts)!;
    expect(JSON.stringify(updated.blocks)).not.toContain('invite_accept');
    expect(updated.text).toContain('You accepted');
  });
});
