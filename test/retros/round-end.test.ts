import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { availablePeople } from '../../src/roster/availability.repository.ts';
import { askedToContinue } from '../../src/retros/retro.repository.ts';
import { parseRetroAnswer, RetroInputError } from '../../src/retros/retro-answer.ts';
import { recordRetroAnswer, NotInThisPodError } from '../../src/retros/retro.service.ts';
import { craftedSubmission, sendCrafted } from '../waves/forge.ts';
import { leadHome } from '../waves/support.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { answerRetro, DAY, dmsKeyed, podStatus, seedConfirmedWave, tick } from './support.ts';

const START_WEEK = '2026-03-16';
let rt: TestRuntime;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock('2026-03-13T09:00:00Z');
  rt = await startTestRuntime({ clock });
});
afterEach(async () => rt.stop());

const waveStatus = async (id: string) => (await rt.db.selectFrom('wave').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('the end of a pod round', () => {
  it('moves pods and the wave through scheduled, running and retro on the clock, and asks each member once', async () => {
    const { waveId, rounds } = await seedConfirmedWave(rt, { pods: { Alpha: 5, Beta: 4 }, startWeek: START_WEEK });
    const [a] = rounds;
    await tick(rt);
    expect(await podStatus(rt, a!.podId)).toBe('scheduled');
    expect(await waveStatus(waveId)).toBe('forming');

    clock.set(new Date(a!.sessions[0]!.getTime() + 60_000));
    await tick(rt);
    expect(await podStatus(rt, a!.podId)).toBe('running');
    expect(await waveStatus(waveId)).toBe('running');

    clock.set(new Date(a!.sessions.at(-1)!.getTime() + 60_000));
    await tick(rt, 3);
    expect(await podStatus(rt, a!.podId)).toBe('retro');
    expect(await waveStatus(waveId)).toBe('retro');
    for (const m of a!.members) {
      const asks = dmsKeyed(rt, m.slackId, new RegExp(`^pod/${a!.podId}/retro/.*/ask$`));
      expect(asks).toHaveLength(1);
      expect(JSON.stringify(asks[0]!.blocks)).toContain('retro_open');
    }
  });

  it('continues a pod whose majority wants another round: new round row, chosen rhythm, rotated facilitation, everyone told', async () => {
    const { waveId, rounds } = await seedConfirmedWave(rt, { pods: { Alpha: 5 }, startWeek: START_WEEK });
    const [a] = rounds;
    clock.set(new Date(a!.sessions.at(-1)!.getTime() + 60_000));
    await tick(rt, 3);
    const [p0, p1, p2, p3, p4] = a!.members;
    await answerRetro(rt, p0!, a!.podId, { continue: 'continue', cadence_next: 'fortnightly', share: true, celebrate: 'We learned to listen' });
    await answerRetro(rt, p1!, a!.podId, { continue: 'continue', cadence_next: 'fortnightly', facilitation_next: 'volunteer' });
    await answerRetro(rt, p2!, a!.podId, { continue: 'continue', cadence_next: 'fortnightly' });
    await answerRetro(rt, p3!, a!.podId, { continue: 'continue', facilitation_next: 'pass' });
    const last = await answerRetro(rt, p4!, a!.podId, { continue: 'close', rating: '3' });
    expect((last.body as { response_action?: string }).response_action).toBe('update');
    await rt.drain();
    await tick(rt);

    const old = await rt.db.selectFrom('pod').selectAll().where('id', '=', a!.podId).executeTakeFirstOrThrow();
    expect(old).toMatchObject({ status: 'continued', end_reason: 'continued' });
    const next = await rt.db.selectFrom('pod').selectAll().where('previous_pod_id', '=', a!.podId).executeTakeFirstOrThrow();
    expect(next).toMatchObject({ round: 2, status: 'confirmed', wave_id: waveId, settings: { cadenceWeeks: 2 } });
    // The last session was hosted by seat 5 % 5 = 0 (p0); the rotation carries on from p1, who also volunteered; p3 passes.
    const seats = await rt.db.selectFrom('pod_member').select(['person_id', 'seat']).where('pod_id', '=', next.id).orderBy('seat').execute();
    expect(seats.map((s) => s.person_id)).toEqual([p1!.personId, p2!.personId, p0!.personId, p3!.personId]);
    expect(next.round_start_week! > a!.sessions.at(-1)!.toISOString().slice(0, 10)).toBe(true);

    for (const m of a!.members) expect(dmsKeyed(rt, m.slackId, new RegExp(`^pod/${a!.podId}/retro-outcome/`))).toHaveLength(1);
    expect(dmsKeyed(rt, p4!.slackId, /retro-outcome/)[0]!.text).toContain('continues without you');
    expect(dmsKeyed(rt, p0!.slackId, /retro-outcome/)[0]!.text).toContain('round 2');
    // The new round's group DM opens with the four who stay.
    const intro = rt.slackEmulator.log.messages().find((m) => (m.metadata?.event_payload as { idempotency_key?: string } | undefined)?.idempotency_key === `pod/${next.id}/intro`);
    expect(intro).toBeDefined();
    // The member who stopped is invitable again; those continuing are not.
    const available = (await availablePeople(rt.db, [(await rt.db.selectFrom('person').select('team_id').where('id', '=', p4!.personId).executeTakeFirstOrThrow()).team_id!], clock.now())).map((p) => p.id);
    expect(available).toEqual([p4!.personId]);
    expect(await waveStatus(waveId)).toBe('done');
  });

  it('closes a pod most want to end; those who wanted more are first in line and everyone is invitable again', async () => {
    const { waveId, rounds, programme } = await seedConfirmedWave(rt, { pods: { Alpha: 4 }, startWeek: START_WEEK });
    const [a] = rounds;
    clock.set(new Date(a!.sessions.at(-1)!.getTime() + 60_000));
    await tick(rt, 3);
    const [p0, p1, p2, p3] = a!.members;
    await answerRetro(rt, p0!, a!.podId, { continue: 'continue' });
    await answerRetro(rt, p1!, a!.podId, { continue: 'continue' });
    await answerRetro(rt, p2!, a!.podId, { continue: 'close' });
    await answerRetro(rt, p3!, a!.podId, { continue: 'unsure' });
    await rt.drain();
    await tick(rt);
    // A tie (2 of 4) is not a majority.
    expect(await rt.db.selectFrom('pod').select(['status', 'end_reason']).where('id', '=', a!.podId).executeTakeFirstOrThrow()).toEqual({ status: 'closed', end_reason: 'decided_to_close' });
    expect(await rt.db.selectFrom('pod').select('id').where('previous_pod_id', '=', a!.podId).execute()).toHaveLength(0);
    expect(dmsKeyed(rt, p0!.slackId, /retro-outcome/)[0]!.text).toContain('offered a place in the next wave first');
    expect(dmsKeyed(rt, p2!.slackId, /retro-outcome/)[0]!.text).toContain('may be invited to a later wave');
    expect((await askedToContinue(rt.db, programme.id)).map((r) => r.personId).sort()).toEqual([p0!.personId, p1!.personId].sort());
    const teamId = (await rt.db.selectFrom('person').select('team_id').where('id', '=', p0!.personId).executeTakeFirstOrThrow()).team_id!;
    expect((await availablePeople(rt.db, [teamId], clock.now())).map((p) => p.id).sort()).toEqual(a!.members.map((m) => m.personId).sort());
    expect(await waveStatus(waveId)).toBe('done');
  });

  it('reminds the silent once, then decides when the window closes: too few answers close the pod', async () => {
    const { rounds } = await seedConfirmedWave(rt, { pods: { Alpha: 5 }, startWeek: START_WEEK });
    const [a] = rounds;
    clock.set(new Date(a!.sessions.at(-1)!.getTime() + 60_000));
    await tick(rt, 3);
    const [p0, p1, p2, p3, p4] = a!.members;
    await answerRetro(rt, p0!, a!.podId, { continue: 'continue' });
    await answerRetro(rt, p1!, a!.podId, { continue: 'continue' });
    await answerRetro(rt, p2!, a!.podId, { continue: 'continue' });
    // Twelve-hourly ticks through the week: the one reminder goes out when the respect policy allows
    // (the pod's own prompts and check-ins share the weekly cap), then the window closes.
    for (let h = 0; h < 8 * 24; h += 12) {
      clock.advance(12 * 3_600_000);
      await tick(rt, 1);
    }
    const reminders = await rt.db.selectFrom('nudge').select(['key', 'state']).where('kind', '=', 'retro_reminder').where('pod_id', '=', a!.podId).orderBy('key').execute();
    expect(reminders.map((r) => r.key).sort()).toEqual([p3, p4].map((m) => `pod/${a!.podId}/retro/${m!.personId}/reminder`).sort());
    for (const m of [p0, p1, p2]) expect(dmsKeyed(rt, m!.slackId, /\/retro\/.*\/reminder$/)).toHaveLength(0);
    for (const m of [p3, p4]) expect(dmsKeyed(rt, m!.slackId, /\/retro\/.*\/reminder$/).length).toBeLessThanOrEqual(1);
    // 3 yes of 3 answers is a majority, but 3 is below the pod's minimum of 4: close; silence is no vote.
    expect(await rt.db.selectFrom('pod').select(['status', 'end_reason']).where('id', '=', a!.podId).executeTakeFirstOrThrow()).toEqual({ status: 'closed', end_reason: 'too_few_to_continue' });
    expect(dmsKeyed(rt, p4!.slackId, /retro-outcome/)).toHaveLength(1);
  });

  it('closes a pod nobody answered for, once the window is over', async () => {
    const { rounds } = await seedConfirmedWave(rt, { pods: { Alpha: 4 }, startWeek: START_WEEK });
    clock.set(new Date(rounds[0]!.sessions.at(-1)!.getTime() + 60_000));
    await tick(rt, 3);
    clock.advance(8 * DAY);
    await tick(rt, 3);
    expect(await rt.db.selectFrom('pod').select(['status', 'end_reason']).where('id', '=', rounds[0]!.podId).executeTakeFirstOrThrow()).toEqual({ status: 'closed', end_reason: 'no_retro_answers' });
  });

  it('refuses answers from anyone who is not a member of that round, inline errors for a bad form, and changes nothing', async () => {
    const { rounds } = await seedConfirmedWave(rt, { pods: { Alpha: 4, Beta: 4 }, startWeek: START_WEEK });
    const [a, b] = rounds;
    clock.set(new Date(a!.sessions.at(-1)!.getTime() + 60_000));
    await tick(rt, 3);
    const outsider = b!.members[0]!;
    await expect(recordRetroAnswer(rt, { podId: a!.podId, slackUserId: outsider.slackId, answer: { wantsToContinue: 'close', rating: 1, celebrate: null, change: null, cadenceNext: 'same', facilitationNext: 'rotate', recommend: false, share: false } }))
      .rejects.toBeInstanceOf(NotInThisPodError);
    const audit = await rt.db.selectFrom('audit_log').select(['action', 'allowed']).where('action', '=', 'retro.answer').execute();
    expect(audit).toEqual([{ action: 'retro.answer', allowed: false }]);

    // A correctly signed submission the outsider made up is refused by the handler too.
    const values = { continue: { continue: { type: 'radio_buttons', selected_option: { value: 'close' } } }, rating: { rating: { type: 'radio_buttons', selected_option: { value: '1' } } }, recommend: { recommend: { type: 'radio_buttons', selected_option: { value: 'no' } } } };
    const forged = craftedSubmission(outsider.slackId, 'retro_submit', a!.podId);
    const refused = await sendCrafted(rt, { ...forged, view: { ...forged.view, state: { values } } });
    expect(JSON.stringify(refused.body)).toContain("not a member of");
    // A member's submission without the required answers comes back as errors under the fields.
    const member = craftedSubmission(a!.members[0]!.slackId, 'retro_submit', a!.podId);
    const empty = await sendCrafted(rt, { ...member, view: { ...member.view, state: { values: { rating: { rating: { type: 'radio_buttons', selected_option: { value: '7' } } } } } } });
    expect(empty.body).toMatchObject({ response_action: 'errors', errors: { continue: expect.any(String), rating: expect.any(String), recommend: expect.any(String) } });

    // Values Slack's own client would not send (a forged or stale payload) are refused per field.
    expect(() => parseRetroAnswer({ continue: 'continue', rating: '9', recommend: 'maybe', change: 'x'.repeat(3001) })).toThrow(RetroInputError);
    const fields = (() => { try { parseRetroAnswer({ rating: '9', change: 'x'.repeat(3001) }); return {}; } catch (e) { return (e as RetroInputError).fields; } })();
    expect(Object.keys(fields).sort()).toEqual(['change', 'continue', 'rating', 'recommend']);
    expect(await rt.db.selectFrom('retro_response').selectAll().execute()).toHaveLength(0);
  });

  it('closes a round left with fewer than two members, and the database refuses a move the lifecycle does not have', async () => {
    const { rounds } = await seedConfirmedWave(rt, { pods: { Alpha: 4 }, startWeek: START_WEEK });
    const [a] = rounds;
    await rt.db.updateTable('pod_member').set({ left_at: clock.now() }).where('pod_id', '=', a!.podId).where('person_id', 'in', a!.members.slice(1).map((m) => m.personId)).execute();
    await tick(rt);
    expect(await rt.db.selectFrom('pod').select(['status', 'end_reason']).where('id', '=', a!.podId).executeTakeFirstOrThrow()).toEqual({ status: 'closed', end_reason: 'below_two_members' });
    expect(dmsKeyed(rt, a!.members[0]!.slackId, /retro-outcome/)[0]!.text).toContain('fewer than two members');
    await expect(rt.db.updateTable('pod').set({ status: 'running' }).where('id', '=', a!.podId).execute()).rejects.toThrow(/closed -> running is not a transition/);
  });
});

describe('ending a round early, by the pod', () => {
  it('lets a member hold the retro now from their home; if the pod then closes, its remaining sessions are cancelled', async () => {
    const { rounds } = await seedConfirmedWave(rt, { pods: { Alpha: 4 }, startWeek: START_WEEK });
    const [a] = rounds;
    clock.set(new Date(a!.sessions[2]!.getTime() + 60_000));
    await tick(rt);
    expect(await podStatus(rt, a!.podId)).toBe('running');
    const [p0] = a!.members;
    await leadHome(rt, p0!.slackId);
    const click = await rt.slackEmulator.driver.clickButton({ userId: p0!.slackId, actionId: 'pod_retro_now' });
    expect(click.status).toBe(200);
    await expect.poll(() => podStatus(rt, a!.podId)).toBe('retro');
    await rt.drain();
    for (const m of a!.members) await answerRetro(rt, m, a!.podId, { continue: m === p0 ? 'continue' : 'close' });
    await rt.drain();
    await tick(rt);
    expect(await rt.db.selectFrom('pod').select(['status', 'end_reason']).where('id', '=', a!.podId).executeTakeFirstOrThrow()).toEqual({ status: 'closed', end_reason: 'closed_early' });
    const left = await rt.db.selectFrom('pod_session').select('status').where('pod_id', '=', a!.podId).where('starts_at', '>', clock.now()).execute();
    expect(left.map((s) => s.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(dmsKeyed(rt, p0!.slackId, /retro-outcome/)[0]!.text).toContain('chose to end early');
  });
});

describe('retro nudges respect people', () => {
  it('holds the ask for someone whose evening it is until their morning, and sends nothing to a paused member', async () => {
    const { rounds } = await seedConfirmedWave(rt, { pods: { Alpha: 4 }, startWeek: START_WEEK, zones: ['Europe/London', 'Asia/Tokyo'] });
    const [a] = rounds;
    const [london, tokyo, , paused] = a!.members;
    await rt.db.updateTable('person').set({ status: 'paused', paused_until: new Date('2026-06-01T00:00:00Z') }).where('id', '=', paused!.personId).execute();
    // The last session starts Tuesday 10:00 UTC: 19:00 in Tokyo, past its quiet-hours line.
    clock.set(new Date(a!.sessions.at(-1)!.getTime() + 60_000));
    await tick(rt, 3);
    expect(dmsKeyed(rt, london!.slackId, /\/ask$/)).toHaveLength(1);
    expect(dmsKeyed(rt, tokyo!.slackId, /\/ask$/)).toHaveLength(0);
    expect(dmsKeyed(rt, paused!.slackId, /\/ask$/)).toHaveLength(0);
    const held = await rt.db.selectFrom('nudge').select(['state', 'reason', 'send_at']).where('key', 'like', `pod/${a!.podId}/retro/${tokyo!.personId}/ask`).executeTakeFirstOrThrow();
    expect(held).toMatchObject({ state: 'planned', reason: expect.stringContaining('quiet_hours') });
    clock.set(new Date(held.send_at!.getTime() + 60_000));
    await tick(rt, 2);
    const ask = dmsKeyed(rt, tokyo!.slackId, /\/ask$/);
    expect(ask).toHaveLength(1);
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', hourCycle: 'h23' }).format(held.send_at!));
    expect(hour).toBeGreaterThanOrEqual(8);
    expect(hour).toBeLessThan(19);
  });
});
