import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addIntents, findOutboxByKey } from '../../src/outbox/outbox.repository.ts';
import { DeliveryBusyError, deliverOutbox, withOutbox } from '../../src/outbox/outbox.service.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt?.stop());

let n = 0;
function person() {
  n++;
  return rt.slackEmulator.workspace.addUser({ email: `outbox${n}@example.com`, realName: `Outbox ${n}` });
}
const texts = (userId: string) => rt.slackEmulator.log.dmsTo(userId).map((m) => m.text);

describe('outbox delivery', () => {
  it('posts once when Slack did the work but the answer was lost (uncertain send)', async () => {
    const user = person();
    rt.slackEmulator.faults.injectAfterEffect('chat.postMessage', 'drop');
    await withOutbox(rt, async (_trx, emit) => emit({ key: 'uncertain/1', kind: 'slack.message', payload: { channel: user.id, text: 'once' } }));
    await rt.drain(30_000);
    expect(texts(user.id)).toEqual(['once']);
    const row = await findOutboxByKey(rt.db, 'uncertain/1');
    expect(row?.state).toBe('sent');
    expect(row?.attempts).toBe(2);
    expect(rt.slackEmulator.log.calls('conversations.history').length).toBeGreaterThan(0);
  });

  it('waits out a 429 Retry-After and then delivers, once', async () => {
    const user = person();
    rt.slackEmulator.faults.inject('chat.postMessage', '429', 1, 1);
    const started = Date.now();
    await withOutbox(rt, async (_trx, emit) => emit({ key: 'limited/1', kind: 'slack.message', payload: { channel: user.id, text: 'after the wait' } }));
    await rt.drain(30_000);
    expect(texts(user.id)).toEqual(['after the wait']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const limited = rt.slackEmulator.log.calls('chat.postMessage').filter((c) => c.status === 429);
    expect(limited.length).toBe(1);
  });

  it('rebuilds jobs Redis never had (a crash between commit and enqueue, or a flush) from Postgres', async () => {
    const user = person();
    await addIntents(rt.db, [{ key: 'orphan/1', kind: 'slack.message', payload: { channel: user.id, text: 'found again' } }], rt.clock.now());
    expect(await reconcile(rt)).toMatchObject({ outbox: 1 });
    await rt.drain();
    await reconcile(rt);
    await rt.drain();
    expect(texts(user.id)).toEqual(['found again']);
  });

  it('never sends an intent whose key was already used', async () => {
    const user = person();
    for (const text of ['first', 'second']) {
      await withOutbox(rt, async (_trx, emit) => emit({ key: 'same/1', kind: 'slack.message', payload: { channel: user.id, text } }));
    }
    await rt.drain();
    expect(texts(user.id)).toEqual(['first']);
  });

  it('lets only one of two concurrent deliveries of a row through', async () => {
    const user = person();
    const [row] = await addIntents(rt.db, [{ key: 'race/1', kind: 'slack.message', payload: { channel: user.id, text: 'raced' } }], rt.clock.now());
    const results = await Promise.allSettled([
      deliverOutbox(rt, row!.id, { finalAttempt: false }),
      deliverOutbox(rt, row!.id, { finalAttempt: false }),
    ]);
    const outcomes = results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason instanceof DeliveryBusyError ? 'busy' : String(r.reason)));
    expect(outcomes.sort()).toEqual(expect.arrayContaining(['sent']));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(texts(user.id)).toEqual(['raced']);
  });

  it('marks a permanent Slack error failed without retrying', async () => {
    await withOutbox(rt, async (_trx, emit) => emit({ key: 'nobody/1', kind: 'slack.message', payload: { channel: 'C_DOES_NOT_EXIST', text: 'lost' } }));
    await rt.drain();
    const row = await findOutboxByKey(rt.db, 'nobody/1');
    expect(row?.state).toBe('failed');
    expect(row?.attempts).toBe(1);
    expect(row?.last_error).toMatch(/channel_not_found/);
  });

  it('updates a message in place once it has been sent', async () => {
    const user = person();
    await withOutbox(rt, async (_trx, emit) => {
      emit({ key: 'msg/1', kind: 'slack.message', payload: { channel: user.id, text: 'v1' } });
      emit({ key: 'msg/1/v2', kind: 'slack.update', payload: { messageKey: 'msg/1', text: 'v2' } });
    });
    await rt.drain(30_000);
    expect(texts(user.id)).toEqual(['v2']);
  });

  it('holds an intent due later until the clock reaches it', async () => {
    const user = person();
    const later = new Date(rt.clock.now().getTime() + 3_600_000);
    await withOutbox(rt, async (_trx, emit) => emit({ key: 'later/1', kind: 'slack.message', payload: { channel: user.id, text: 'later' }, notBefore: later }));
    await reconcile(rt);
    await rt.drain();
    expect(texts(user.id)).toEqual([]);
  });
});
