import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addIntents, cancelPending, findOutboxByKey } from '../../src/outbox/outbox.repository.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

// An answer withdraws its invite's reminder and, if the reminder went out, closes it in place:
// it learns which from cancelPending's answer, so the state it gets must be the one the
// withdrawal acted on, also when a delivery marks the row sent at that very moment.
let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime({ workers: false });
});
afterAll(async () => rt?.stop());

const intent = (key: string) => ({ key, kind: 'slack.message' as const, payload: { channel: 'U0CANCEL', text: key } });

describe('cancelPending', () => {
  it("withdraws pending rows, leaves the others, and says each row's state afterwards", async () => {
    const [, sent, failed] = await addIntents(rt.db, ['cp/pending', 'cp/sent', 'cp/failed'].map(intent), rt.clock.now());
    await rt.db.updateTable('outbox').set({ state: 'sent', sent_at: new Date() }).where('id', '=', sent!.id).execute();
    await rt.db.updateTable('outbox').set({ state: 'failed' }).where('id', '=', failed!.id).execute();
    const states = await cancelPending(rt.db, ['cp/pending', 'cp/sent', 'cp/failed', 'cp/none']);
    expect(Object.fromEntries(states)).toEqual({ 'cp/pending': 'cancelled', 'cp/sent': 'sent', 'cp/failed': 'failed' });
    expect((await findOutboxByKey(rt.db, 'cp/pending'))?.state).toBe('cancelled');
    expect((await findOutboxByKey(rt.db, 'cp/sent'))?.state).toBe('sent');
    expect(await cancelPending(rt.db, [])).toEqual(new Map());
  });

  it('waits for a delivery marking the row sent and answers sent, not the pending it started from', async () => {
    const [row] = await addIntents(rt.db, [intent('cp/racing')], rt.clock.now());
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // The delivery: it holds the row (as markSent's UPDATE does) and commits a moment later.
    const delivery = rt.db.transaction().execute(async (trx) => {
      await trx.updateTable('outbox').set({ state: 'sent', sent_at: new Date() }).where('id', '=', row!.id).execute();
      await released;
    });
    await sleep(50);
    const cancelling = cancelPending(rt.db, ['cp/racing']);
    await sleep(100);
    release();
    await delivery;
    expect((await cancelling).get('cp/racing')).toBe('sent');
    expect((await findOutboxByKey(rt.db, 'cp/racing'))?.state).toBe('sent');
  });
});
