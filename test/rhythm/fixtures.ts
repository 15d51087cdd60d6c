import { DateTime } from 'luxon';
import { expect } from 'vitest';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import type { TestRuntime } from '../support/runtime.ts';

export interface Member {
  personId: string;
  slackId: string;
  name: string;
  zone: string;
}

let seq = 0;

/** A person in the emulator's Slack and on the roster. */
export async function addPerson(rt: TestRuntime, name: string, zone: string, extra: Record<string, unknown> = {}): Promise<Member> {
  const email = `${name.toLowerCase().replace(/\W+/g, '')}${++seq}@example.com`;
  const user = rt.slackEmulator.workspace.addUser({ email, realName: name, tz: zone });
  const row = await rt.db.insertInto('person').values({ email, name, slack_user_id: user.id, timezone: zone, ...extra } as never).returning('id').executeTakeFirstOrThrow();
  return { personId: row.id, slackId: user.id, name, zone };
}

/**
 * A confirmed, scheduled pod with its sessions, as the calendar branch writes them at
 * confirmation: weekly at `localTime` in `recurrenceZone` (so UTC shifts across DST), the
 * facilitator rotating in seat order.
 */
export async function seedPod(rt: TestRuntime, input: {
  members: Member[]; firstDate: string; localTime: string; recurrenceZone: string; sessions?: number; programmeId?: string; name?: string;
}): Promise<{ podId: string; programmeId: string; sessionIds: string[] }> {
  const programmeId = input.programmeId ?? (await rt.db.insertInto('programme').values({ name: `Pods ${++seq}` }).returning('id').executeTakeFirstOrThrow()).id;
  const wave = await rt.db.insertInto('wave').values({
    programme_id: programmeId, name: `Wave ${seq}`, status: 'running', start_week: DateTime.fromISO(input.firstDate).startOf('week').toISODate()!,
    invite_deadline: new Date(`${input.firstDate}T00:00:00Z`),
  }).returning('id').executeTakeFirstOrThrow();
  const pod = await rt.db.insertInto('pod').values({ wave_id: wave.id, name: input.name ?? `Pod ${seq}`, status: 'scheduled', min_size: 2, max_size: 5, confirmed_at: new Date() })
    .returning('id').executeTakeFirstOrThrow();
  await rt.db.insertInto('pod_member').values(input.members.map((m, seat) => ({ pod_id: pod.id, person_id: m.personId, seat }))).execute();
  const count = input.sessions ?? 6;
  const first = DateTime.fromISO(`${input.firstDate}T${input.localTime}`, { zone: input.recurrenceZone });
  const rows = await rt.db.insertInto('pod_session').values(Array.from({ length: count }, (_, index) => {
    const start = first.plus({ weeks: index });
    return { pod_id: pod.id, index, starts_at: start.toJSDate(), ends_at: start.plus({ minutes: 60 }).toJSDate(), facilitator_id: input.members[index % input.members.length]!.personId };
  })).returning(['id', 'index']).execute();
  return { podId: pod.id, programmeId, sessionIds: rows.sort((a, b) => a.index - b.index).map((r) => r.id) };
}

/** Moves the clock and runs what the minute tick runs, then lets the workers finish. */
export async function at(rt: TestRuntime, iso: string): Promise<void> {
  (rt.clock as unknown as { set(to: string): void }).set(iso);
  await reconcile(rt);
  await rt.drain();
  await reconcile(rt); // deliveries made due by this tick's releases
  await rt.drain();
}

/** Messages carrying an outbox key that matches, oldest first. */
export const withKey = (rt: TestRuntime, pattern: RegExp) =>
  rt.slackEmulator.log.messages().filter((m) => pattern.test(String((m.metadata?.event_payload as { idempotency_key?: string } | undefined)?.idempotency_key ?? '')));

/** A member clicks a button in the message carrying this key. */
export async function click(rt: TestRuntime, who: Member, key: RegExp, actionId: string, extra: { selected?: string[] } = {}) {
  const [message] = withKey(rt, key);
  expect(message, `a message keyed ${key}`).toBeDefined();
  const result = await rt.slackEmulator.driver.clickButton({ userId: who.slackId, actionId, message: { channel: message!.channel, ts: message!.ts }, ...extra });
  expect(result.status).toBe(200);
  await rt.drain();
  return result;
}
