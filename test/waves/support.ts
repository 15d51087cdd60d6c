import { expect } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { saveProgramme } from '../../src/programmes/programme.service.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import type { SlackView } from '../../src/sandbox/slack/index.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/** Monday 2 March 2026, 09:00 UTC: waves in these tests start two weeks later. */
export const T0 = '2026-03-02T09:00:00Z';
export const START_WEEK = '2026-03-16';
export const DEADLINE = '2026-03-13';

export interface Seeded {
  personId: string;
  slackId: string;
  email: string;
  name: string;
  team: string;
}

export async function startWaveRuntime(): Promise<{ rt: TestRuntime; clock: ManualClock }> {
  const clock = new ManualClock(T0);
  const rt = await startTestRuntime({ clock });
  return { rt, clock };
}

/**
 * People in the emulator's Slack and on the roster (rows written directly: these tests are about
 * waves; the roster's own sync is tested in test/roster). Time zones cycle through `zones`.
 */
export async function seedPeople(rt: TestRuntime, teams: Record<string, number>, zones: string[] = ['Europe/London']): Promise<Seeded[]> {
  const out: Seeded[] = [];
  let k = 0;
  for (const [teamName, size] of Object.entries(teams)) {
    const team = await rt.db.insertInto('team').values({ name: teamName, source: 'csv', external_id: null }).returning('id').executeTakeFirstOrThrow();
    for (let i = 0; i < size; i++, k++) {
      const email = `${teamName.toLowerCase().replace(/\W+/g, '')}${i + 1}@example.com`;
      const name = `${teamName} Person ${i + 1}`;
      const tz = zones[k % zones.length]!;
      const user = rt.slackEmulator.workspace.addUser({ email, realName: name, tz });
      const person = await rt.db.insertInto('person').values({
        email, name, slack_user_id: user.id, timezone: tz, team_id: team.id, department: teamName, in_csv: true,
      } as never).returning('id').executeTakeFirstOrThrow();
      out.push({ personId: person.id, slackId: user.id, email, name, team: teamName });
    }
  }
  return out;
}

export async function seedLead(rt: TestRuntime, role: 'lead' | 'admin' = 'lead'): Promise<Seeded> {
  const email = `${role}@example.com`;
  const user = rt.slackEmulator.workspace.addUser({ email, realName: `The ${role}`, tz: 'Europe/London' });
  const person = await rt.db.insertInto('person').values({ email, name: `The ${role}`, slack_user_id: user.id, timezone: 'Europe/London', enrolled: false } as never)
    .returning('id').executeTakeFirstOrThrow();
  await rt.db.insertInto('person_role').values({ person_id: person.id, role, granted_by: null }).execute();
  return { personId: person.id, slackId: user.id, email, name: `The ${role}`, team: '' };
}

export async function createProgramme(rt: TestRuntime, lead: Seeded, name = 'Peer pods') {
  return saveProgramme(rt.db, { name }, { personId: lead.personId, slackUserId: lead.slackId }, rt.clock.now());
}

/** The lead's current home tab, published on demand (app_home_opened). */
export async function leadHome(rt: TestRuntime, slackId: string): Promise<SlackView> {
  const before = rt.slackEmulator.log.homeViews(slackId).length;
  await rt.slackEmulator.driver.openHome(slackId);
  await expect.poll(() => rt.slackEmulator.log.homeViews(slackId).length).toBeGreaterThan(before);
  return rt.slackEmulator.log.homeViews(slackId).at(-1)!;
}

/**
 * The lead's whole Slack path: home tab → "Launch wave" → fill the modal → Preview (the matcher
 * runs in a job and updates the modal) → Launch. Returns the preview modal as the lead saw it.
 */
export async function launchThroughSlack(rt: TestRuntime, lead: Seeded, input: { programmeId: string; teamIds: string[]; startWeek?: string; deadline?: string; overrides?: Record<string, string>; holdInvites?: boolean }): Promise<{ preview: SlackView; waveId: string }> {
  await leadHome(rt, lead.slackId);
  const click = await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_launch_open' });
  expect(click.status).toBe(200);
  await expect.poll(() => rt.slackEmulator.workspace.views.topModal(lead.slackId)?.callback_id).toBe('wave_launch_preview');
  const submitted = await rt.slackEmulator.driver.submitView({
    userId: lead.slackId,
    values: { programme: input.programmeId, teams: input.teamIds, start_week: input.startWeek ?? START_WEEK, invite_deadline: input.deadline ?? DEADLINE, ...input.overrides },
  });
  expect(submitted.status).toBe(200);
  expect((submitted.body as { response_action?: string }).response_action).toBe('update');
  // The preview job is queued after the ack and updates the same modal when the matcher is done.
  await expect.poll(() => rt.slackEmulator.workspace.views.topModal(lead.slackId)?.title, { timeout: 15_000 }).toMatchObject({ text: 'Preview' });
  const preview = rt.slackEmulator.workspace.views.topModal(lead.slackId)!;
  expect(preview.callback_id).toBe('wave_launch_confirm');
  const launched = await rt.slackEmulator.driver.submitView({ userId: lead.slackId });
  expect(launched.status).toBe(200);
  await expect.poll(async () => (await rt.db.selectFrom('wave').select('status').where('id', '=', preview.private_metadata).executeTakeFirstOrThrow()).status, { timeout: 15_000 }).toBe('inviting');
  await rt.drain();
  if (!input.holdInvites) await deliverHeldInvites(rt);
  return { preview, waveId: preview.private_metadata };
}

/**
 * Invites reach each person inside their own working hours (the respect policy), so a launch at
 * 09:00 UTC holds New York's until 08:00 there. Tests about what an invite says or what people
 * answer move the clock on to when the last one has arrived (nothing moves when none is held).
 */
export async function deliverHeldInvites(rt: TestRuntime): Promise<void> {
  const clock = rt.clock as ManualClock;
  const last = await rt.db.selectFrom('nudge').select('send_at').where('kind', '=', 'invite').where('state', '=', 'planned').orderBy('send_at', 'desc').executeTakeFirst();
  if (!last?.send_at || typeof clock.set !== 'function') return;
  clock.set(new Date(Math.max(clock.now().getTime(), last.send_at.getTime() + 30_000)));
  await reconcile(rt);
  await rt.drain();
}

/** The invite DM a person got (the first message carrying invite buttons or its later version). */
export function inviteMessageOf(rt: TestRuntime, slackId: string) {
  return rt.slackEmulator.log.dmsTo(slackId).find((m) => (m.metadata?.event_payload as { idempotency_key?: string } | undefined)?.idempotency_key?.endsWith('/message'));
}

export async function answer(rt: TestRuntime, person: Seeded, actionId: 'invite_accept' | 'invite_not_this_time') {
  const message = inviteMessageOf(rt, person.slackId);
  if (!message) throw new Error(`${person.name} has no invite`);
  const result = await rt.slackEmulator.driver.clickButton({ userId: person.slackId, actionId, message: { channel: message.channel, ts: message.ts } });
  expect(result.status).toBe(200);
  // The answer is stored before the ack, but its enqueues run after it: wait until the row shows the
  // answer so a following drain sees its jobs.
  await expect.poll(async () => (await rt.db.selectFrom('invite').select('status').where('person_id', '=', person.personId).where('status', '!=', 'pending').execute()).length).toBeGreaterThan(0);
  return result;
}

/** A lead, people in these teams, the default programme, and a wave launched over all of them through Slack. */
export async function launchFreshWave(rt: TestRuntime, teams: Record<string, number>, options: { zones?: string[]; holdInvites?: boolean } = {}) {
  const lead = await seedLead(rt);
  const people = await seedPeople(rt, teams, options.zones);
  const programme = await createProgramme(rt, lead);
  const teamIds = (await rt.db.selectFrom('team').select('id').where('name', 'in', Object.keys(teams)).execute()).map((t) => t.id);
  const { waveId } = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds, ...(options.holdInvites ? { holdInvites: true } : {}) });
  return { lead, people, programme, waveId };
}

/**
 * launchFreshWave, everyone accepts, and the invite deadline passes: the wave's pods are confirmed
 * and scheduled (booked in the Google emulator when CALENDAR_BOOKING is on).
 */
export async function confirmedWave(rt: TestRuntime, clock: ManualClock, teams: Record<string, number>, zones?: string[]) {
  const launched = await launchFreshWave(rt, teams, zones ? { zones } : {});
  for (const p of launched.people) await answer(rt, p, 'invite_accept');
  await rt.drain();
  clock.set(`${DEADLINE}T17:00:01Z`);
  await reconcile(rt);
  await rt.drain();
  return launched;
}

/**
 * The pods' intros go through the respect policy: closed on a Friday at 17:00 UTC, a pod with a
 * member in Helsinki (19:00 there) hears on Monday, inside everyone's hours. Moves the clock to
 * each held intro's moment in turn and delivers it.
 */
export async function deliverHeldIntros(rt: TestRuntime, clock: ManualClock): Promise<void> {
  // Moment by moment, earliest first: jumping straight to the last one would pass a pod's first
  // session before its own (earlier) intro went out, and the policy drops an intro gone stale.
  for (let i = 0; i < 20; i++) {
    const held = await rt.db.selectFrom('nudge').select('send_at').where('kind', '=', 'pod_intro').where('state', '=', 'planned')
      .orderBy('send_at').limit(1).executeTakeFirst();
    if (!held?.send_at) break;
    if (held.send_at.getTime() > clock.now().getTime()) clock.set(held.send_at.toISOString());
    await reconcile(rt);
    await rt.drain(60_000);
  }
  // A released intro may still wait on work of its own (the Meet link, the group DM): let it land.
  for (let i = 0; i < 2; i++) {
    await reconcile(rt);
    await rt.drain(60_000);
  }
}

