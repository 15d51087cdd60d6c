import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOutbox } from '../../src/outbox/outbox.service.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { nudgeMany, type NudgeRequest } from '../../src/nudges/nudge.service.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

// Tuesday 3 March 2026, 22:00 UTC: after 19:00 in London, so every invite is held for the morning
// (nothing is sent; the test is about the ledger's statements, not delivery).
const clock = new ManualClock('2026-03-03T22:00:00Z');
let rt: TestRuntime;

beforeAll(async () => { rt = await startTestRuntime({ clock }); });
afterAll(async () => rt?.stop());

describe('nudgeMany at the size of a 1,000-pod wave', () => {
  it('books 5,000 invites in one call (over Postgres\' 65,535 parameters for one statement) and the weekly cap still counts across slices', async () => {
    const programmeId = (await rt.db.insertInto('programme').values({ name: 'Big' }).returning('id').executeTakeFirstOrThrow()).id;
    const people = await rt.db.insertInto('person')
      .values(Array.from({ length: 5_000 }, (_, i) => ({ email: `p${i}@example.com`, name: `P ${i}`, slack_user_id: `U${String(i).padStart(8, '0')}`, timezone: 'Europe/London' }) as never))
      .returning('id').execute();
    const invite = (key: string, personId: string): NudgeRequest =>
      ({ key, kind: 'invite', to: [personId], programmeId, message: { text: `invite ${key}` } });
    const requests = people.map((p, i) => invite(`big/${i}`, p.id));
    // The first person gets four more invites at the end of the batch, in the last slice: the
    // programme's cap is 3 a week, so the first slice's booking must count against them.
    requests.push(...[1, 2, 3, 4].map((n) => invite(`big/extra/${n}`, people[0]!.id)));

    const outcomes = await withOutbox(rt, (trx, emit) => nudgeMany(trx, emit, requests, clock.now()));

    expect(outcomes).toHaveLength(5_004);
    expect(outcomes.slice(0, 5_000).every((o) => o.state === 'planned' && o.reason === 'quiet_hours')).toBe(true);
    const stored = await rt.db.selectFrom('nudge').select((eb) => eb.fn.countAll<string>().as('n')).where('programme_id', '=', programmeId).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(5_004);
    // The cap is 3 a week (Monday to Sunday, London): of the first person's five, three go this week.
    const weekOf = (d: Date) => Math.floor((d.getTime() - Date.parse('2026-03-02T00:00:00Z')) / (7 * 86_400_000));
    const firsts = [outcomes[0]!, ...outcomes.slice(5_000)];
    expect(firsts.filter((o) => o.sendAt && weekOf(o.sendAt) === 0)).toHaveLength(3);
  });
});
