import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readState } from '../../../src/slack/blocks/modal.ts';

// Every modal handler reads its fields through readState before it can answer Slack. A payload
// with wrong-typed state (forged, or from a broken client) must read as "nothing entered" so the
// handler answers with its inline errors, not throw before the ack (a 500 the person sees as a failure).
type Values = Parameters<typeof readState>[0];

describe('readState', () => {
  it('reads what Slack sends: text, one or many options, dates and times', () => {
    expect(readState({
      a: { name: { type: 'plain_text_input', value: 'Ana' }, team: { type: 'static_select', selected_option: { value: 't1' } } },
      b: { teams: { type: 'multi_static_select', selected_options: [{ value: 't1' }, { value: 't2' }] }, day: { selected_date: '2026-03-13' }, at: { selected_time: '09:30' } },
      c: { empty: { value: null }, none: { selected_option: null } },
    })).toEqual({ name: 'Ana', team: 't1', teams: ['t1', 't2'], day: '2026-03-13', at: '09:30', empty: undefined, none: undefined });
  });

  it('never throws on wrong-typed state, and reads no value that is not a string', () => {
    fc.assert(fc.property(fc.anything(), (junk) => {
      const read = readState(junk as Values);
      for (const v of Object.values(read)) {
        expect(v === undefined || typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))).toBe(true);
      }
    }), { numRuns: 500 });
    expect(readState(null as unknown as Values)).toEqual({});
    expect(readState({ b: { d: { selected_date: 7 }, o: { selected_options: 'x' }, n: { value: { x: 1 } } } } as unknown as Values)).toEqual({ d: undefined, o: [], n: undefined });
  });
});
