import { expect } from 'vitest';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { createProgramme, seedLead, seedPeople, type Seeded } from '../waves/support.ts';

export const WEEK = 7 * 24 * 3_600_000;
export const DAY = 24 * 3_600_000;

export interface SeededRound {
  podId: string;
  members: Seeded[];
  /** Session start times, first to last. */
  sessions: Date[];
}

/**
 * A wave whose invitations have closed, with pods confirmed and their sessions written (rows
 * straight into the database: how pods got there is tested in test/waves; this is about what
 * happens next). Each pod gets `sessionCount` weekly sessions from the wave's start week,
 * Tuesdays 10:00 UTC, facilitated in seat order.
 */
export async function seedConfirmedWave(rt: TestRuntime, input: { pods: Record<string, number>; startWeek: string; sessionCount?: number; zones?: string[] }) {
  const lead = await seedLead(rt);
  const teams: Record<string, number> = {};
  for (const [name, size] of Object.entries(input.pods)) teams[name] = size;
  const people = await seedPeople(rt, teams, input.zones);
  const programme = await createProgramme(rt, lead);
  const wave = await rt.db.insertInto('wave').values({
    programme_id: programme.id, name: 'Wave 1', status: 'forming', start_week: input.startWeek,
    invite_deadline: new Date(new Date(`${input.startWeek}T00:00:00Z`).getTime() - 3 * DAY), created_by: lead.personId,
  }).returning('id').executeTakeFirstOrThrow();
  const rounds: SeededRound[] = [];
  const count = input.sessionCount ?? 6;
  for (const [name, size] of Object.entries(input.pods)) {
    // Each "team" here is one pod's members: the lifecycle does not care about mixing.
    const members = people.filter((p) => p.team === name).slice(0, size);
    const pod = await rt.db.insertInto('pod').values({ wave_id: wave.id, name: `Pod ${name}`, status: 'confirmed', min_size: 4, max_size: 5, confirmed_at: rt.clock.now() })
      .returning('id').executeTakeFirstOrThrow();
    await rt.db.insertInto('pod_member').values(members.map((m, seat) => ({ pod_id: pod.id, person_id: m.personId, seat }))).execute();
    const first = new Date(`${input.startWeek}T10:00:00Z`).getTime() + DAY;
    const sessions = Array.from({ length: count }, (_, i) => new Date(first + i * WEEK));
    await rt.db.insertInto('pod_session').values(sessions.map((s, index) => ({
      pod_id: pod.id, index, starts_at: s, ends_at: new Date(s.getTime() + 3_600_000), facilitator_id: members[index % members.length]!.personId,
    }))).execute();
    rounds.push({ podId: pod.id, members, sessions });
  }
  return { lead, programme, waveId: wave.id, rounds, people };
}

/** One reconcile tick at the current clock, then everything it queued, delivered. */
export async function tick(rt: TestRuntime, times = 2): Promise<void> {
  for (let i = 0; i < times; i++) {
    await reconcile(rt);
    await rt.drain();
  }
}

export async function podStatus(rt: TestRuntime, podId: string) {
  return (await rt.db.selectFrom('pod').select('status').where('id', '=', podId).executeTakeFirstOrThrow()).status;
}

/** The DMs of one kind a person got, by idempotency key pattern. */
export function dmsKeyed(rt: TestRuntime, slackId: string, pattern: RegExp) {
  return rt.slackEmulator.log.dmsTo(slackId).filter((m) => pattern.test(String((m.metadata?.event_payload as { idempotency_key?: string } | undefined)?.idempotency_key ?? '')));
}

export interface RetroValues {
  continue: 'continue' | 'close' | 'unsure';
  rating?: string;
  recommend?: 'yes' | 'no';
  celebrate?: string;
  change?: string;
  cadence_next?: 'same' | 'weekly' | 'fortnightly';
  facilitation_next?: 'rotate' | 'volunteer' | 'pass';
  share?: boolean;
}

/** A member's whole Slack path: the DM's button → the modal → submit. Returns the submission's answer. */
export async function answerRetro(rt: TestRuntime, member: Seeded, podId: string, v: RetroValues) {
  const ask = dmsKeyed(rt, member.slackId, new RegExp(`^pod/${podId}/retro/`)).at(-1);
  if (!ask) throw new Error(`${member.name} has no retro DM`);
  const click = await rt.slackEmulator.driver.clickButton({ userId: member.slackId, actionId: 'retro_open', message: { channel: ask.channel, ts: ask.ts } });
  expect(click.status).toBe(200);
  await expect.poll(() => rt.slackEmulator.workspace.views.topModal(member.slackId)?.callback_id).toBe('retro_submit');
  const { share, ...rest } = v;
  return rt.slackEmulator.driver.submitView({
    userId: member.slackId,
    values: { rating: '4', recommend: 'yes', ...rest, ...(share ? { share: ['share'] } : {}) },
  });
}
