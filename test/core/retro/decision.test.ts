import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chosenCadence, decideRetro, facilitationOrder, type RetroAnswer } from '../../../src/core/retro/decision.ts';

const members = ['a', 'b', 'c', 'd', 'e'];
const say = (personId: string, wantsToContinue: RetroAnswer['wantsToContinue'], extra: Partial<RetroAnswer> = {}): RetroAnswer => ({ personId, wantsToContinue, ...extra });
const base = { members, minSize: 4, cadenceWeeks: 1, windowClosed: false };

describe('the retro decision', () => {
  it('continues when a majority of those who answered and at least the minimum want to', () => {
    const d = decideRetro({ ...base, answers: [say('a', 'continue'), say('b', 'continue'), say('c', 'continue'), say('d', 'continue'), say('e', 'close')] });
    expect(d).toMatchObject({ kind: 'continue', members: ['a', 'b', 'c', 'd'], cadenceWeeks: 1, tally: { answered: 5, continue: 4, close: 1, silent: 0 } });
  });

  it('closes when most want to stop, and offers the next wave first to those who wanted more', () => {
    const d = decideRetro({ ...base, answers: [say('a', 'close'), say('b', 'close'), say('c', 'close'), say('d', 'continue'), say('e', 'unsure')] });
    expect(d).toMatchObject({ kind: 'close', reason: 'decided_to_close', offerNextWave: ['d'] });
  });

  it('closes on a tie: half is not a majority', () => {
    const d = decideRetro({ ...base, members: ['a', 'b', 'c', 'd'], minSize: 2, answers: [say('a', 'continue'), say('b', 'continue'), say('c', 'close'), say('d', 'unsure')] });
    expect(d).toMatchObject({ kind: 'close', reason: 'decided_to_close', offerNextWave: ['a', 'b'] });
  });

  it('closes when too few answered yes for a pod, even if every answer was yes', () => {
    const d = decideRetro({ ...base, windowClosed: true, answers: [say('a', 'continue'), say('c', 'continue'), say('e', 'continue')] });
    expect(d).toMatchObject({ kind: 'close', reason: 'too_few_to_continue', offerNextWave: ['a', 'c', 'e'], tally: { answered: 3, silent: 2 } });
  });

  it('waits for silent members while the window is open, and treats silence as no vote once it closes', () => {
    const answers = [say('a', 'continue'), say('b', 'continue'), say('c', 'continue'), say('d', 'continue')];
    expect(decideRetro({ ...base, answers })).toEqual({ kind: 'wait', missing: ['e'] });
    // e stays silent: 4 of 4 answers are yes, the minimum is met, e is not signed up for more.
    expect(decideRetro({ ...base, answers, windowClosed: true })).toMatchObject({ kind: 'continue', members: ['a', 'b', 'c', 'd'], tally: { silent: 1 } });
  });

  it('closes when nobody answered at all', () => {
    expect(decideRetro({ ...base, answers: [], windowClosed: true })).toMatchObject({ kind: 'close', reason: 'no_retro_answers', offerNextWave: [] });
  });

  it('ignores answers from people who are no longer members', () => {
    const d = decideRetro({ ...base, members: ['a', 'b', 'c', 'd'], answers: [say('a', 'continue'), say('b', 'continue'), say('c', 'continue'), say('d', 'continue'), say('x', 'close')] });
    expect(d).toMatchObject({ kind: 'continue', tally: { answered: 4, close: 0 } });
  });

  it('applies the cadence most of those continuing chose; a split keeps the current one', () => {
    expect(chosenCadence([say('a', 'continue', { cadenceNext: 'fortnightly' }), say('b', 'continue', { cadenceNext: 'fortnightly' }), say('c', 'continue', { cadenceNext: 'same' })], 1)).toBe(2);
    expect(chosenCadence([say('a', 'continue', { cadenceNext: 'fortnightly' }), say('b', 'continue', { cadenceNext: 'same' })], 1)).toBe(1);
    expect(chosenCadence([], 2)).toBe(2);
  });

  it('rotates facilitation on from the last facilitator, volunteers first and those passing last', () => {
    const yes = members.map((m) => say(m, 'continue'));
    expect(facilitationOrder(members, yes, 'b')).toEqual(['c', 'd', 'e', 'a', 'b']);
    const wishes = [say('a', 'continue', { facilitationNext: 'volunteer' }), say('c', 'continue', { facilitationNext: 'pass' }), say('d', 'continue'), say('e', 'continue')];
    expect(facilitationOrder(members, wishes, 'b')).toEqual(['a', 'd', 'e', 'c']);
  });

  it('never continues without a strict majority of answers and the minimum, and keeps only those who said yes', () => {
    const answer = fc.constantFrom('continue', 'close', 'unsure', null);
    fc.assert(fc.property(fc.array(answer, { minLength: 2, maxLength: 8 }), fc.integer({ min: 2, max: 5 }), fc.boolean(), (wants, minSize, windowClosed) => {
      const ids = wants.map((_, i) => `p${i}`);
      const answers = wants.flatMap((w, i) => (w ? [say(ids[i]!, w)] : []));
      const d = decideRetro({ members: ids, answers, minSize, windowClosed, cadenceWeeks: 1 });
      const yes = answers.filter((a) => a.wantsToContinue === 'continue').map((a) => a.personId);
      if (d.kind === 'wait') return !windowClosed && answers.length < ids.length;
      if (d.kind === 'continue') return 2 * yes.length > answers.length && yes.length >= minSize && [...d.members].sort().join() === [...yes].sort().join();
      return d.offerNextWave.join() === yes.join() && !(2 * yes.length > answers.length && yes.length >= minSize && (windowClosed || answers.length === ids.length));
    }));
  });
});
