import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { createProgramme, leadHome } from '../waves/support.ts';
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

  it('groups the view per programme and, inside it, per wave, with each programme\'s own suggestions', async () => {
    const { lead, programme, waveId, rounds, people } = await seedConfirmedWave(rt, { pods: { Alpha: 4, Beta: 4 }, startWeek: '2026-03-16' });
    await rt.db.updateTable('programme').set({ name: 'Mentoring circles' }).where('id', '=', programme.id).execute();
    const alphaTeam = (await rt.db.selectFrom('person').select('team_id').where('id', '=', rounds[0]!.members[0]!.personId).executeTakeFirstOrThrow()).team_id!;
    await rt.db.insertInto('wave_team').values({ wave_id: waveId, team_id: alphaTeam }).execute();
    // A second programme, launched later: one wave still inviting, with an invite nobody answered yet.
    const other = await createProgramme(rt, lead, 'New joiners');
    const later = await rt.db.insertInto('wave').values({
      programme_id: other.id, name: 'Spring', status: 'inviting', start_week: '2026-04-13', invite_deadline: new Date('2026-04-10T17:00:00Z'), created_by: lead.personId,
    }).returning('id').executeTakeFirstOrThrow();
    const pod = await rt.db.insertInto('pod').values({ wave_id: later.id, name: 'Pod Spring', status: 'inviting', min_size: 4, max_size: 5 })
      .returning('id').executeTakeFirstOrThrow();
    const invitee = people.find((p) => p.team === 'Beta')!;
    await rt.db.insertInto('invite').values({ pod_id: pod.id, wave_id: later.id, person_id: invitee.personId }).execute();

    const view = await leadHome(rt, lead.slackId);
    const blocks = view.blocks.map((b) => JSON.stringify(b));
    const start = blocks.findIndex((b) => b.includes('How the pods are doing'));
    const at = (text: string) => blocks.findIndex((b, i) => i > start && b.includes(text));
    // Newest programme first; each wave sits between its programme's title and the next one's.
    const [newJoiners, spring, mentoring, wave1] = [at(':seedling: *New joiners*'), at('*Spring*'), at(':seedling: *Mentoring circles*'), at('*Wave 1*')];
    expect([newJoiners, spring, mentoring, wave1].every((i) => i > start)).toBe(true);
    expect(newJoiners).toBeLessThan(spring);
    expect(spring).toBeLessThan(mentoring);
    expect(mentoring).toBeLessThan(wave1);
    // The funnel is part of each wave's block; the inviting wave names who has not answered.
    expect(blocks[spring]).toMatch(/invited/i);
    expect(blocks.slice(spring, mentoring).join('\n')).toContain(`<@${invitee.slackId}>`);
    expect(blocks.slice(mentoring).join('\n')).not.toContain(`<@${invitee.slackId}>`);
    // Suggestions per programme: Alpha was reached by Mentoring circles only.
    const suggestions = blocks.map((b, i) => [b, i] as const).filter(([b]) => b.includes('For the next wave'));
    expect(suggestions.map(([, i]) => i > mentoring)).toEqual([false, true]);
    const alphaName = (await rt.db.selectFrom('team').select('name').where('id', '=', alphaTeam).executeTakeFirstOrThrow()).name;
    const notReached = (b: string) => /Teams not yet reached[^\\]*/.exec(b)?.[0] ?? '';
    expect(notReached(suggestions[0]![0])).toContain(alphaName);
    expect(notReached(suggestions[1]![0])).not.toContain(alphaName);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });
});
