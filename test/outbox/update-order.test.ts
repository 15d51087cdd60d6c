import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addIntents, findOutboxByKey } from '../../src/outbox/outbox.repository.ts';
import { deliverOutbox } from '../../src/outbox/outbox.service.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime({ workers: false });
});
afterAll(async () => rt?.stop());

const text = (userId: string) => rt.slackEmulator.log.dmsTo(userId).map((m) => m.text);

describe('in-place updates of one message', () => {
  it('show the last state written, whatever order they are delivered in', async () => {
    const user = rt.slackEmulator.workspace.addUser({ email: 'order@example.com', realName: 'Order' });
    const now = rt.clock.now();
    const [message] = await addIntents(rt.db, [{ key: 'order/msg', kind: 'slack.message', payload: { channel: user.id, text: 'v1' } }], now);
    expect(await deliverOutbox(rt, message!.id, { finalAttempt: false })).toBe('sent');
    // Two changes, committed one after the other (as two answers in one pod are).
    const [older] = await addIntents(rt.db, [{ key: 'order/msg/a', kind: 'slack.update', payload: { messageKey: 'order/msg', text: '1 of 5' } }], now);
    const [newer] = await addIntents(rt.db, [{ key: 'order/msg/b', kind: 'slack.update', payload: { messageKey: 'order/msg', text: '2 of 5' } }], now);
    // The queue delivers the newer first (concurrency, a retry): the older must not overwrite it.
    expect(await deliverOutbox(rt, newer!.id, { finalAttempt: false })).toBe('sent');
    expect(await deliverOutbox(rt, older!.id, { finalAttempt: false })).toBe('superseded');
    expect(text(user.id)).toEqual(['2 of 5']);
    expect((await findOutboxByKey(rt.db, 'order/msg/a'))?.state).toBe('sent');
    expect(rt.slackEmulator.log.calls('chat.update')).toHaveLength(1);
  });

  it('in order, each update is shown in turn; concurrent deliveries still end on the newest', async () => {
    const user = rt.slackEmulator.workspace.addUser({ email: 'order2@example.com', realName: 'Order 2' });
    const now = rt.clock.now();
    const [message] = await addIntents(rt.db, [{ key: 'order2/msg', kind: 'slack.message', payload: { channel: user.id, text: 'v1' } }], now);
    await deliverOutbox(rt, message!.id, { finalAttempt: false });
    const rows = [];
    for (let i = 2; i <= 6; i++) {
      rows.push(...(await addIntents(rt.db, [{ key: `order2/msg/${i}`, kind: 'slack.update', payload: { messageKey: 'order2/msg', text: `v${i}` } }], now)));
    }
    await Promise.all([...rows].reverse().map((r) => deliverOutbox(rt, r.id, { finalAttempt: false })));
    expect(text(user.id)).toEqual(['v6']);
  });
});
