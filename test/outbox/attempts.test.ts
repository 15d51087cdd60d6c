import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addIntents, findOutboxByKey, retryFailed } from '../../src/outbox/outbox.repository.ts';
import { DependencyPendingError, deliverOutbox } from '../../src/outbox/outbox.service.ts';
import { jobId } from '../../src/queue/job-id.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

// What counts as an attempt, and what `peerpods outbox retry` may forget: only real failures
// use up attempts, and a row that may already have been posted is looked for before every
// later post, also after an operator's retry.
let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime({ workers: false });
});
afterAll(async () => rt?.stop());

let n = 0;
function person() {
  n++;
  return rt.slackEmulator.workspace.addUser({ email: `attempts${n}@example.com`, realName: `Attempts ${n}` });
}
const texts = (userId: string) => rt.slackEmulator.log.dmsTo(userId).map((m) => m.text);
const last = { finalAttempt: true };

describe('outbox attempts', () => {
  it('`outbox retry` of a row whose send may have happened looks for it instead of posting twice', async () => {
    const user = person();
    const [row] = await addIntents(rt.db, [{ key: 'retry/1', kind: 'slack.message', payload: { channel: user.id, text: 'once' } }], rt.clock.now());
    // Slack posts it, the answer is lost, and it was the last attempt: the row is failed.
    rt.slackEmulator.faults.injectAfterEffect('chat.postMessage', 'drop');
    await expect(deliverOutbox(rt, row!.id, last)).rejects.toThrow();
    expect((await findOutboxByKey(rt.db, 'retry/1'))?.state).toBe('failed');
    // The operator fixes whatever it was and retries.
    expect(await retryFailed(rt.db, rt.clock.now())).toBeGreaterThanOrEqual(1);
    expect(await deliverOutbox(rt, row!.id, { finalAttempt: false })).toBe('sent');
    expect(texts(user.id)).toEqual(['once']);
    expect((await findOutboxByKey(rt.db, 'retry/1'))?.uncertain).toBe(true);
  });

  it('a 429 on the last attempt leaves the row pending, uncounted, and it is delivered later', async () => {
    const user = person();
    const [row] = await addIntents(rt.db, [{ key: 'limited-last/1', kind: 'slack.message', payload: { channel: user.id, text: 'later' } }], rt.clock.now());
    rt.slackEmulator.faults.inject('chat.postMessage', '429', 1, 1);
    await expect(deliverOutbox(rt, row!.id, last)).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error' });
    const after = await findOutboxByKey(rt.db, 'limited-last/1');
    expect(after).toMatchObject({ state: 'pending', attempts: 0, uncertain: false });
    expect(await deliverOutbox(rt, row!.id, last)).toBe('sent');
    expect(texts(user.id)).toEqual(['later']);
  });

  it('an update whose message is not sent yet waits on its last attempt instead of failing', async () => {
    const user = person();
    const [message] = await addIntents(rt.db, [{ key: 'invite-dm/1', kind: 'slack.message', payload: { channel: user.id, text: 'Accept?' } }], rt.clock.now());
    const [update] = await addIntents(rt.db, [{ key: 'invite-dm/1/withdrawn', kind: 'slack.update', payload: { messageKey: 'invite-dm/1', text: 'Withdrawn' } }], rt.clock.now());
    await expect(deliverOutbox(rt, update!.id, last)).rejects.toBeInstanceOf(DependencyPendingError);
    expect(await findOutboxByKey(rt.db, 'invite-dm/1/withdrawn')).toMatchObject({ state: 'pending', attempts: 0 });
    expect(await deliverOutbox(rt, message!.id, last)).toBe('sent');
    expect(await deliverOutbox(rt, update!.id, last)).toBe('sent');
    expect(texts(user.id)).toEqual(['Withdrawn']);
  });
});

describe('outbox attempts through the workers', () => {
  let live: TestRuntime;
  beforeAll(async () => {
    live = await startTestRuntime();
  });
  afterAll(async () => live?.stop());

  it('an update kept waiting by its message never uses up its job attempts, then is shown', async () => {
    const user = live.slackEmulator.workspace.addUser({ email: 'waiting@example.com', realName: 'Waiting' });
    const now = live.clock.now();
    // The invite DM is held (due in an hour); its "withdrawn" update is due now.
    await addIntents(live.db, [{ key: 'held/1', kind: 'slack.message', payload: { channel: user.id, text: 'Accept?' }, notBefore: new Date(now.getTime() + 3_600_000) }], now);
    const [update] = await addIntents(live.db, [{ key: 'held/1/withdrawn', kind: 'slack.update', payload: { messageKey: 'held/1', text: 'Withdrawn' } }], now);
    await reconcile(live);
    await sleep(4_500);
    const job = await live.backend.queue('outbox').getJob(jobId('outbox', update!.id));
    expect(job?.attemptsMade).toBe(0);
    expect(await job?.getState()).toBe('delayed');
    expect((await findOutboxByKey(live.db, 'held/1/withdrawn'))?.state).toBe('pending');
    // The message becomes due: both go out, and the update is what the person sees.
    await live.db.updateTable('outbox').set({ not_before: now }).where('idempotency_key', '=', 'held/1').execute();
    await reconcile(live);
    await live.drain(30_000);
    expect(live.slackEmulator.log.dmsTo(user.id).map((m) => m.text)).toEqual(['Withdrawn']);
  });
});
