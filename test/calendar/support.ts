import { expect } from 'vitest';
import { SANDBOX_ADMIN } from '../../src/google/auth.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { confirmedWave, deliverHeldIntros, type Seeded } from '../waves/support.ts';

export { deliverHeldIntros };

/** Ticks until nothing is left to do (retries after injected faults included). */
export async function settle(rt: TestRuntime, rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await reconcile(rt);
    await rt.drain(60_000);
  }
}

/**
 * Two pods of four, confirmed at the deadline through Slack: booked in the Google emulator when
 * CALENDAR_BOOKING is on, their group DMs open (the intro carries "Find a new time").
 */
export async function confirmedPods(rt: TestRuntime, clock: ManualClock, zones: string[]): Promise<{ people: Seeded[]; waveId: string }> {
  const { people, waveId } = await confirmedWave(rt, clock, { Design: 2, Sales: 2, Support: 2, Platform: 2 }, zones);
  await settle(rt);
  await deliverHeldIntros(rt, clock);
  const pods = await rt.db.selectFrom('pod').select(['id', 'slack_channel_id']).where('wave_id', '=', waveId).execute();
  expect(pods).toHaveLength(2);
  expect(pods.every((p) => p.slack_channel_id)).toBe(true);
  return { people, waveId };
}

/** A pod's members (seat order) with their Slack ids and emails. */
export async function membersOf(rt: TestRuntime, podId: string) {
  return rt.db.selectFrom('pod_member').innerJoin('person', 'person.id', 'pod_member.person_id')
    .select(['person.id', 'person.email', 'person.slack_user_id as slackId', 'person.timezone']).where('pod_id', '=', podId).orderBy('seat').execute();
}

/** The pod's message in its group DM whose blocks carry this action id. */
export function messageWithAction(rt: TestRuntime, channel: string, actionId: string) {
  return rt.slackEmulator.log.messages(channel).filter((m) => JSON.stringify(m.blocks ?? []).includes(`"${actionId}"`)).at(-1);
}

/** The guests of a series' event as the organiser's calendar in the Google emulator shows it, sorted. */
export function attendeesOf(rt: TestRuntime, eventId: string): string[] {
  return (rt.googleEmulator.calendars.events(SANDBOX_ADMIN).find((e) => e.id === eventId)?.attendees ?? []).map((a) => a.email!).filter((e) => e !== SANDBOX_ADMIN).sort();
}

/** A pod's current members (seat order), ids and emails. */
export async function seatedIn(rt: TestRuntime, podId: string) {
  return rt.db.selectFrom('pod_member').innerJoin('person', 'person.id', 'pod_member.person_id')
    .select(['person.id', 'person.email']).where('pod_id', '=', podId).where('left_at', 'is', null).orderBy('seat').execute();
}
