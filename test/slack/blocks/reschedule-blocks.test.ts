import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { messageBlockProblems } from '../../../src/sandbox/slack/block-kit/index.ts';
import {
  declinedAllMessage, declinedNextMessage, parsePickValue, pickValue, podMovedMessage, rescheduleChosenMessage, rescheduleOptionsMessage,
} from '../../../src/slack/blocks/reschedule.blocks.ts';

/** The reschedule and RSVP messages pass the emulator's Block Kit validator for any pod name, zone and slot. */
const name = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), fc.constantFrom('Ana & Bo <Design>', '李小龙', '👩🏽‍💻 Dev Rel'));
const zone = fc.constantFrom('Europe/Berlin', 'Pacific/Chatham', 'Not/AZone', 'UTC');
const at = fc.date({ min: new Date('2026-01-01'), max: new Date('2030-01-01'), noInvalidDate: true });
const slot = fc.record({ first: at, end: at, count: fc.integer({ min: 1, max: 20 }), cadenceWeeks: fc.integer({ min: 1, max: 4 }), conflicts: fc.nat(50) });
const slackId = fc.option(fc.constant('U0ABCDEF1'), { nil: null });

const ok = (built: { text: string; blocks: KnownBlock[] }) => {
  expect(built.text.length).toBeGreaterThan(0);
  expect(messageBlockProblems(built.blocks)).toEqual([]);
};

describe('reschedule and RSVP messages', () => {
  it('are accepted by Slack, with one button per offered slot carrying the offer and option only', () => {
    fc.assert(fc.property(name, slackId, fc.uuid(), fc.array(slot, { maxLength: 3 }), zone, fc.nat(20), (podName, who, offerId, options, z, from) => {
      const built = rescheduleOptionsMessage({ podName, requestedBy: who, offerId, fromSession: from, options, zone: z });
      ok(built);
      const values = [...JSON.stringify(built.blocks).matchAll(/"value":"([^"]+)"/g)].map((m) => m[1]);
      expect(values).toEqual(options.map((_, i) => pickValue(offerId, i)));
      for (const v of values) expect(parsePickValue(v!)).toEqual({ offerId, option: values.indexOf(v) });
    }), { numRuns: 60 });
    fc.assert(fc.property(name, slackId, slot, zone, fc.nat(20), fc.boolean(), fc.uuid(), (podName, who, s, z, n, calendar, podId) => {
      ok(rescheduleChosenMessage({ chosenBy: who, option: n % 3, slot: s, zone: z }));
      ok(podMovedMessage({ podName, movedBy: who, fromSession: n, slot: s, zone: z, calendar }));
      ok(declinedNextMessage({ podName, index: n, startsAt: s.first, zone: z, who: { name: podName, slackUserId: who } }));
      ok(declinedAllMessage({ podName, podId, firstAt: s.first, zone: z }));
    }), { numRuns: 60 });
  });

  it('reject a forged pick value', () => {
    for (const bad of ['', 'x:1', '00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000:10']) expect(parsePickValue(bad)).toBeUndefined();
  });
});
