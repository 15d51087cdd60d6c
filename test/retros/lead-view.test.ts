import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { leadHome } from '../waves/support.ts';
import { answerRetro, seedConfirmedWave, tick } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock('2026-03-13T09:00:00Z');
  rt = await startTestRuntime({ clock });
});
afterEach(async () => rt.stop());

const texts = (view: { blocks: unknown[] }) => view.blocks.map((b) => JSON.stringify(b)).join('\n');

describe("the lead's view of a round's end", () => {
  it('shows retro outcomes, only the words people chose to share, who is silent, and who asked to continue', async () => {
    const { lead, rounds } = await seedConfirmedWave(rt, { pods: { Alpha: 5, Beta: 4 }, startWeek: '2026-03-16' });
    await rt.db.insertInto('team').values({ name: 'Unreached', source: 'csv', external_id: null }).execute();
    const [a, b] = rounds;
    // Alpha held its sessions, Beta skipped its last two.
    await rt.db.updateTable('pod_session').set({ status: 'held' }).where('pod_id', '=', a!.podId).execute();
    await rt.db.updateTable('pod_session').set({ status: 'skipped' }).where('pod_id', '=', b!.podId).where('index', '>=', 4).execute();
    clock.set(new Date(a!.sessions.at(-1)!.getTime() + 60_000));
    await tick(rt, 3);

    await answerRetro(rt, a!.members[0]!, a!.podId, { continue: 'continue', rating: '5', share: true, celebrate: 'SHARED-celebration' });
    await answerRetro(rt, a!.members[1]!, a!.podId, { continue: 'continue', rating: '4', celebrate: 'PRIVATE-celebration', change: 'PRIVATE-change' });
    await answerRetro(rt, a!.members[2]!, a!.podId, { continue: 'close', rating: '2', recommend: 'no', share: true, change: 'SHARED-change' });
    await answerRetro(rt, b!.members[0]!, b!.podId, { continue: 'continue', rating: '3' });
    await answerRetro(rt, b!.members[1]!, b!.podId, { continue: 'close', rating: '3' });
    await rt.drain();

    const home = texts(await leadHome(rt, lead.slackId));
    expect(home).toContain('How the pods are doing');
    expect(home).toContain('SHARED-celebration');
    expect(home).toContain('SHARED-change');
    expect(home).not.toContain('PRIVATE');
    expect(home).toMatch(/5 of 9 answered · want to continue \*60%\*/);
    expect(home).toContain('1★ 0 · 2★ 1 · 3★ 2 · 4★ 1 · 5★ 1');
    expect(home).toMatch(/Sessions:\* 6 met · 2 skipped/);
    // Names of who has not answered are fine for leads.
    for (const m of [a!.members[3]!, a!.members[4]!, b!.members[2]!, b!.members[3]!]) expect(home).toContain(`<@${m.slackId}>`);
    expect(home).toContain('Pod Beta*: the last two sessions were skipped');
    expect(home).toContain('Unreached');

    // The window closes: both pods close (too few said yes); those who wanted more are listed for the next wave.
    clock.advance(8 * 86_400_000);
    await tick(rt, 3);
    const after = await leadHome(rt, lead.slackId);
    const text = texts(after);
    expect(text).toContain('2 closed');
    expect(text).toMatch(/Asked to continue after their pod closed \(3\)/);
    for (const m of [a!.members[0]!, a!.members[1]!, b!.members[0]!]) expect(text).toContain(`<@${m.slackId}>`);
    expect(after.blocks.length).toBeLessThanOrEqual(100);
  });
});
