import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOutbox } from '../../src/outbox/outbox.service.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { cancelNudge, nudge, nudgeMany, InvalidNudgeError, updateNudge, type NudgeRequest } from '../../src/nudges/nudge.service.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { botClient } from '../support/slack.ts';

// Tuesday 3 March 2026, 10:00 UTC.
const clock = new ManualClock('2026-03-03T10:00:00Z');
let rt: TestRuntime;
let programmeId: string;
const people: Record<string, { id: string; slack: string }> = {};

async function addPerson(name: string, tz: string) {
  const user = rt.slackEmulator.workspace.addUser({ email: `${name}@example.com`, realName: name, tz });
  const row = await rt.db.insertInto('person').values({ email: `${name}@example.com`, name, slack_user_id: user.id, timezone: tz } as never)
    .returning('id').executeTakeFirstOrThrow();
  people[name] = { id: row.id, slack: user.id };
}

const send = (request: Omit<NudgeRequest, 'message'> & { message?: NudgeRequest['message'] }) =>
  withOutbox(rt, (trx, emit) => nudge(trx, emit, { message: { text: `hello ${request.key}` }, programmeId, ...request }, clock.now()));
const tick = async () => { await reconcile(rt); await rt.drain(); };
const texts = (name: string) => rt.slackEmulator.log.dmsTo(people[name]!.slack).map((m) => m.text);

beforeAll(async () => {
  rt = await startTestRuntime({ clock });
  programmeId = (await rt.db.insertInto('programme').values({ name: 'Pods' }).returning('id').executeTakeFirstOrThrow()).id;
  await addPerson('ana', 'Europe/London');
  await addPerson('bo', 'America/Los_Angeles');
  await addPerson('cy', 'Asia/Kolkata');
  await addPerson('di', 'Europe/London');
});
afterAll(async () => rt?.stop());

describe('the nudge service', () => {
  it('sends at once inside the window, once per key', async () => {
    expect(await send({ key: 'k/1', kind: 'prompt', to: [people.ana!.id] })).toMatchObject({ state: 'sent', reason: null });
    expect(await send({ key: 'k/1', kind: 'prompt', to: [people.ana!.id] })).toMatchObject({ state: 'sent' });
    await rt.drain();
    expect(texts('ana')).toEqual(['hello k/1']);
  });

  it('holds a nudge for 02:00 in Los Angeles until 08:00 there, and the tick releases it', async () => {
    const out = await send({ key: 'k/2', kind: 'reminder', to: [people.bo!.id] });
    expect(out).toMatchObject({ state: 'planned', reason: 'quiet_hours', sendAt: new Date('2026-03-03T16:00:00Z') });
    await tick();
    expect(texts('bo')).toEqual([]);
    clock.set('2026-03-03T16:00:30Z');
    await tick();
    expect(texts('bo')).toEqual(['hello k/2']);
    const ledger = await rt.db.selectFrom('nudge').select(['state', 'reason']).where('key', '=', 'k/2').executeTakeFirstOrThrow();
    expect(ledger).toEqual({ state: 'sent', reason: 'quiet_hours' });
  });

  it('a held nudge whose recipient pauses meanwhile is dropped at release, with the reason', async () => {
    clock.set('2026-03-03T20:00:00Z'); // 20:00 in London
    expect(await send({ key: 'k/3', kind: 'prompt', to: [people.di!.id] })).toMatchObject({ state: 'planned' });
    await rt.db.updateTable('person').set({ status: 'paused', paused_until: new Date('2026-04-01T00:00:00Z') }).where('id', '=', people.di!.id).execute();
    clock.set('2026-03-04T08:30:00Z');
    await tick();
    expect(texts('di')).toEqual([]);
    expect(await rt.db.selectFrom('nudge').select(['state', 'reason']).where('key', '=', 'k/3').executeTakeFirstOrThrow()).toEqual({ state: 'dropped', reason: 'paused after quiet_hours' });
  });

  it('a group nudge leaves paused members out of the group DM', async () => {
    clock.set('2026-03-04T13:00:00Z'); // 13:00 London, 05:00 LA: LA is asleep
    const out = await send({ key: 'k/4', kind: 'reminder', to: [people.ana!.id, people.cy!.id, people.di!.id], group: true, staleAt: new Date('2026-03-04T14:00:00Z') });
    expect(out.state).toBe('sent');
    await rt.drain();
    const [message] = rt.slackEmulator.log.messagesWithKey('k/4');
    const members = rt.slackEmulator.workspace.conversations.byId.get(message!.channel)!.members;
    expect([...members].sort()).toEqual(expect.arrayContaining([people.ana!.slack, people.cy!.slack].sort()));
    expect(members).not.toContain(people.di!.slack);
    const rows = await rt.db.selectFrom('nudge_recipient').innerJoin('nudge', 'nudge.id', 'nudge_recipient.nudge_id').select(['person_id', 'nudge_recipient.state', 'nudge_recipient.reason']).where('key', '=', 'k/4').execute();
    expect(rows.find((r) => r.person_id === people.di!.id)).toMatchObject({ state: 'dropped', reason: 'paused' });
  });

  it('a reminder that cannot reach everyone before it goes stale is dropped', async () => {
    const out = await send({ key: 'k/5', kind: 'reminder', to: [people.ana!.id, people.bo!.id], group: true, staleAt: new Date('2026-03-04T14:00:00Z') });
    expect(out).toMatchObject({ state: 'dropped', reason: 'stale after quiet_hours' });
  });

  it('the weekly cap moves the fourth counted nudge to next week; a reply to a click is never held', async () => {
    clock.set('2026-03-05T10:00:00Z'); // Thursday; ana had k/1 and k/4 this week
    expect(await send({ key: 'k/6', kind: 'check_in', to: [people.ana!.id] })).toMatchObject({ state: 'sent' });
    expect(await send({ key: 'k/7', kind: 'check_in', to: [people.ana!.id] })).toMatchObject({ state: 'planned', reason: 'weekly_cap,quiet_hours', sendAt: new Date('2026-03-09T08:00:00Z') });
    expect(await send({ key: 'k/8', kind: 'reply', to: [people.ana!.id] })).toMatchObject({ state: 'sent' });
    expect(await send({ key: 'k/9', kind: 'digest', to: [people.ana!.id] })).toMatchObject({ state: 'sent' });
    await rt.db.updateTable('programme').set({ nudge_weekly_cap: 5 }).where('id', '=', programmeId).execute();
    expect(await send({ key: 'k/10', kind: 'prompt', to: [people.ana!.id] })).toMatchObject({ state: 'sent' });
    await rt.db.updateTable('programme').set({ nudge_weekly_cap: 3 }).where('id', '=', programmeId).execute();
  });

  it('a held nudge can be rewritten or cancelled; a sent one is edited in place', async () => {
    await withOutbox(rt, (trx, emit) => updateNudge(trx, emit, 'k/7', { text: 'rewritten k/7' }, 'v2'));
    clock.set('2026-03-09T08:00:10Z');
    await tick();
    expect(texts('ana')).toContain('rewritten k/7');
    await withOutbox(rt, (trx, emit) => updateNudge(trx, emit, 'k/1', { text: 'edited k/1' }, 'v2'));
    await rt.drain();
    expect(texts('ana')[0]).toBe('edited k/1');
    clock.set('2026-03-09T20:00:00Z');
    expect(await send({ key: 'k/11', kind: 'prompt', to: [people.ana!.id] })).toMatchObject({ state: 'planned' });
    expect(await withOutbox(rt, (trx) => cancelNudge(trx, 'k/11', 'session skipped'))).toBe(true);
    clock.set('2026-03-10T09:00:00Z');
    await tick();
    expect(texts('ana')).not.toContain('hello k/11');
  });

  it('refuses a request that cannot be delivered as asked, and writes nothing', async () => {
    await expect(send({ key: 'k/12', kind: 'prompt', to: [people.ana!.id, people.bo!.id] })).rejects.toBeInstanceOf(InvalidNudgeError);
    await expect(send({ key: 'k/12', kind: 'prompt', to: [] })).rejects.toBeInstanceOf(InvalidNudgeError);
    expect(await rt.db.selectFrom('nudge').select('id').where('key', '=', 'k/12').execute()).toEqual([]);
  });
  it('a group nudge posts into the group DM they already share while nobody is left out', async () => {
    clock.set('2026-03-16T10:00:00Z');
    const opened = await botClient(rt.slackEmulator).conversations.open({ users: [people.ana!.slack, people.cy!.slack].join(',') });
    const channel = opened.channel!.id!;
    const before = rt.slackEmulator.log.calls('conversations.open').length;
    expect(await send({ key: 'k/4b', kind: 'reminder', to: [people.ana!.id, people.cy!.id], group: true, channel })).toMatchObject({ state: 'sent' });
    await rt.drain();
    expect(rt.slackEmulator.log.messagesWithKey('k/4b')[0]!.channel).toBe(channel);
    expect(rt.slackEmulator.log.calls('conversations.open').length).toBe(before);
  });

  it('a batch decides each nudge in order: earlier ones of the batch count toward the cap, a known key keeps its first decision', async () => {
    clock.set('2026-03-24T10:00:00Z'); // Tuesday 10:00 in London; cy (Kolkata, 15:30) has had nothing this week
    const req = (key: string, kind: NudgeRequest['kind'] = 'prompt'): NudgeRequest => ({ key, kind, to: [people.cy!.id], message: { text: `hello ${key}` }, programmeId });
    const outcomes = await withOutbox(rt, (trx, emit) => nudgeMany(trx, emit, [req('b/1'), req('b/2'), req('b/r', 'reply'), req('b/3'), req('b/4')], clock.now()));
    expect(outcomes.map((o) => [o.key, o.state])).toEqual([['b/1', 'sent'], ['b/2', 'sent'], ['b/r', 'sent'], ['b/3', 'sent'], ['b/4', 'planned']]);
    // Monday 30 March 08:00 in Kolkata.
    expect(outcomes[4]).toMatchObject({ reason: 'weekly_cap,quiet_hours', sendAt: new Date('2026-03-30T02:30:00Z') });
    const again = await withOutbox(rt, (trx, emit) => nudgeMany(trx, emit, [req('b/4'), req('b/5')], clock.now()));
    expect(again[0]).toMatchObject({ key: 'b/4', state: 'planned', sendAt: new Date('2026-03-30T02:30:00Z') });
    expect(again[1]).toMatchObject({ key: 'b/5', state: 'planned', reason: 'weekly_cap,quiet_hours' });
    await rt.drain();
    expect(texts('cy').filter((t) => t?.startsWith('hello b/')).sort()).toEqual(['hello b/1', 'hello b/2', 'hello b/3', 'hello b/r']);
  });
});
