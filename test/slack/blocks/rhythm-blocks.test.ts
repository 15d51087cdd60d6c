import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attentionMessage, checkInMessage, digestMessage, hostDeclinedMessage, movedModal, promptDoneMessage, promptMessage, reminderMessage, skipNoticeMessage, when,
  type SessionFacts,
} from '../../../src/slack/blocks/rhythm.blocks.ts';

const POD = '5b0e6f1c-2d3a-4b5c-8d9e-0f1a2b3c4d5e';

/** Slack's published Block Kit limits that these messages could reach. */
function assertWithinSlackLimits(message: { text?: string; blocks: unknown[] }, maxBlocks = 50): void {
  if (message.text !== undefined) expect(message.text.length).toBeLessThanOrEqual(40_000);
  expect(message.blocks.length).toBeLessThanOrEqual(maxBlocks);
  const walk = (node: unknown, parent?: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, parent));
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const text = (o.text as { text?: string } | undefined)?.text;
    if (o.type === 'section' && text) expect(text.length).toBeLessThanOrEqual(3000);
    if (o.type === 'header' && text) expect(text.length).toBeLessThanOrEqual(150);
    if (o.type === 'context') expect((o.elements as unknown[]).length).toBeLessThanOrEqual(10);
    if (o.type === 'actions') expect((o.elements as unknown[]).length).toBeLessThanOrEqual(25);
    if (o.type === 'button') {
      expect(text!.length).toBeLessThanOrEqual(75);
      if (o.value !== undefined) expect(String(o.value).length).toBeLessThanOrEqual(2000);
    }
    if (o.type === 'checkboxes') {
      expect((o.options as unknown[]).length).toBeLessThanOrEqual(10);
      for (const opt of o.options as { text: { text: string } }[]) expect(opt.text.text.length).toBeLessThanOrEqual(75);
    }
    if (o.type === 'mrkdwn' && parent === 'context') expect(String(o.text).length).toBeLessThanOrEqual(3000);
    for (const id of ['action_id', 'block_id']) if (typeof o[id] === 'string') expect((o[id] as string).length).toBeLessThanOrEqual(255);
    for (const [k, v] of Object.entries(o)) walk(v, k === 'elements' ? String(o.type) : parent);
  };
  walk(message.blocks);
}

const long = (n: number) => 'x'.repeat(n);
const facts = (over: Partial<SessionFacts> = {}): SessionFacts => ({
  sessionId: '0e4c7a52-8a37-4e0b-9a0e-2f8d3c1b7a11', podName: 'Otters <&>', programmeName: 'Peer pods', index: 2, count: 6,
  startsAt: new Date('2026-03-10T14:00:00Z'), endsAt: new Date('2026-03-10T15:00:00Z'), practice: 'A case clinic.', meetUrl: 'https://meet.google.com/abc-defg-hij',
  facilitator: { name: 'Ana', slackUserId: 'U1' }, ...over,
});
const eight = Array.from({ length: 8 }, (_, i) => ({ name: `Member ${i} ${long(80)}`, slackUserId: `U${i}`, zone: ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'][i % 4]!, personId: `p${i}`, present: i % 2 === 0 }));

describe('rhythm messages', () => {
  it('stay inside Slack\'s limits with the longest names, practices and pods', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), fc.integer({ min: 0, max: 3500 }), fc.integer({ min: 1, max: 52 }), (name, practiceLength, count) => {
      const f = facts({ podName: name || 'P', practice: long(practiceLength), count, index: count - 1, facilitator: { name, slackUserId: null } });
      for (const m of [
        promptMessage(f, 'Europe/London'), promptMessage(f, 'Asia/Kolkata', { name, slackUserId: 'U2' }), promptDoneMessage(f, { skipped: true }),
        promptDoneMessage(f, { swappedTo: { name, slackUserId: 'U3' } }), reminderMessage(f, eight, POD), skipNoticeMessage(f, { name, slackUserId: null }),
        checkInMessage(f, {}), checkInMessage(f, { followUp: true }), checkInMessage(f, { answered: 'met', attendees: eight }), checkInMessage(f, { answered: 'skipped' }),
        attentionMessage({ podId: '00000000-0000-4000-8000-000000000001', podName: name, missed: [{ outcome: 'skipped', startsAt: f.startsAt }, { outcome: 'unknown', startsAt: f.endsAt }] }),
      ]) assertWithinSlackLimits(m);
      assertWithinSlackLimits(movedModal(f, '2026-03-12') as { blocks: unknown[] }, 100);
    }), { numRuns: 60 });
  });

  it('a digest over 50 programmes and 500 waves fits, and says how many it left out', () => {
    const programmes = Array.from({ length: 50 }, (_, i) => ({
      name: `Programme ${i} ${long(60)}`, podsMeeting: 40, met: 30, skipped: 5, unknown: 5,
      flagged: Array.from({ length: 12 }, (_, j) => ({ podName: `Pod ${j}`, missed: [{ outcome: 'skipped' as const, startsAt: new Date() }, { outcome: 'unknown' as const, startsAt: new Date() }] })),
    }));
    const m = digestMessage({ weekOf: '9 Mar 2026', programmes, wavesInFlight: Array.from({ length: 500 }, (_, i) => ({ name: `Wave ${i}`, status: 'pods meeting' })) });
    assertWithinSlackLimits(m);
    expect(JSON.stringify(m.blocks)).toContain('and 490 more');
    expect(JSON.stringify(m.blocks)).toContain('and 7 more');
    const all = Array.from({ length: 400 }, (_, i) => ({ ...programmes[0]!, name: `P${i} ${long(200)}` }));
    const big = digestMessage({ weekOf: 'x', programmes: all, wavesInFlight: [] });
    assertWithinSlackLimits(big);
    expect(JSON.stringify(big.blocks)).toMatch(/and \d+ more programmes/);
  });

  it('names are escaped; times are tokens each reader sees in their own zone, with a named fallback', () => {
    const m = promptMessage(facts(), 'America/New_York');
    expect(JSON.stringify(m.blocks)).toContain('Otters &lt;&amp;&gt;');
    expect(JSON.stringify(m.blocks)).toContain(`<!date^${Date.parse('2026-03-10T14:00:00Z') / 1000}^{date_long_pretty} at {time}|Tue 10 Mar 10:00 America/New_York>`);
    expect(m.text).toContain('Tue 10 Mar 10:00');
    expect(when(new Date('2026-03-10T14:00:00Z'))).toBe('<!date^1773151200^{date_short_pretty} {time}|Tue 10 Mar 14:00 UTC>');
    const r = JSON.stringify(reminderMessage(facts(), eight.slice(0, 3), POD).blocks);
    expect(r).toContain('14:00 · Member 1');
    expect(r).toContain('10:00 · Member 2');
    expect(r).toContain('19:30');
  });

  it('a facilitator who declined their session is offered Swap my turn for that session, in their zone', () => {
    const m = hostDeclinedMessage({ sessionId: facts().sessionId, podName: 'Otters <&>', index: 2, count: 6, startsAt: new Date('2026-03-10T14:00:00Z'), zone: 'America/New_York' });
    const json = JSON.stringify(m.blocks);
    expect(json).toContain(`"action_id":"rhythm_swap","value":"${facts().sessionId}"`);
    expect(json).toContain('"confirm"');
    expect(json).toContain('Otters &lt;&amp;&gt;');
    expect(json).toContain(`<!date^${Date.parse('2026-03-10T14:00:00Z') / 1000}^`);
    expect(m.text).toContain('session 3 of 6');
    assertWithinSlackLimits(m);
  });

  it('the hour-before reminder offers Find a new time: the reschedule action, carrying the pod (never a time)', () => {
    const m = reminderMessage(facts(), eight.slice(0, 3), POD);
    const buttons = JSON.stringify(m.blocks).match(/"action_id":"pod_reschedule"[^}]*/g) ?? [];
    expect(buttons).toHaveLength(1);
    expect(buttons[0]).toContain(`"value":"${POD}"`);
    expect(JSON.stringify(m.blocks)).toContain('Find a new time');
    expect(m.blocks.at(-1)).toMatchObject({ type: 'actions', block_id: `pod_reschedule:${POD}` });
  });

  it('the prompt carries the session id on both buttons, with a confirm; answered check-ins lose their buttons', () => {
    const json = JSON.stringify(promptMessage(facts(), 'UTC').blocks);
    expect(json).toContain('"action_id":"rhythm_swap","value":"0e4c7a52-8a37-4e0b-9a0e-2f8d3c1b7a11"');
    expect(json).toContain('"action_id":"rhythm_skip"');
    expect(json.match(/"deny"/g)).toHaveLength(2);
    expect(JSON.stringify(checkInMessage(facts(), { answered: 'skipped' }).blocks)).not.toContain('rhythm_met');
    expect(JSON.stringify(promptMessage(facts({ meetUrl: null }), 'UTC').blocks)).toContain('No video link yet');
  });
});
