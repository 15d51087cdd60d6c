import { describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { messageBlockProblems } from '../../../src/sandbox/slack/block-kit/index.ts';
import { slotText } from '../../../src/core/slots/index.ts';
import { CONFIDENTIAL_TEXT, INVITE_ACTIONS, inviteBlocks, whyText, type InviteMessage } from '../../../src/slack/blocks/invite.blocks.ts';

const base: InviteMessage = {
  inviteId: 'inv-1', programmeName: 'Peer pods', podName: 'Pod 3',
  others: [{ name: 'Ana', team: 'Sales' }, { name: 'Bo', team: 'Support' }, { name: 'Cy', team: 'Platform' }],
  cadenceWeeks: 1, sessionCount: 6, sessionMinutes: 60, startWeek: '2026-03-16', deadline: new Date('2026-03-13T17:00:00Z'),
  status: 'pending', accepted: 0, size: 4, minSize: 4, team: 'Design', department: 'Product', leadName: 'Lena Lead',
};
const texts = (blocks: KnownBlock[]) => JSON.stringify(blocks);

/** Six Tuesdays 08:00–09:00 UTC from 17 March 2026: the slot a preview would have stored. */
const occurrences = Array.from({ length: 6 }, (_, k) => {
  const start = Date.parse('2026-03-17T08:00:00Z') + k * 7 * 86_400_000;
  return { start, end: start + 3_600_000 };
});

describe('an invite says why, what is private, who leads and when', () => {
  it('names the invitee\'s team and the others\' teams, the confidentiality rule and the lead', () => {
    const json = texts(inviteBlocks(base).blocks);
    expect(json).toContain('your team, *Design* (Product), is part of this wave');
    expect(json).toContain('the others are from Sales, Support, Platform');
    expect(json).toContain('confidential to the pod');
    expect(json).toContain('HR only sees totals of 5 or more people');
    expect(json).toContain('*Programme lead:* Lena Lead');
    expect(json).toContain('a weekly slot inside everyone'); // no slot planned: said, not left out
    expect(json).not.toContain('your team too');
  });

  it('says so honestly when someone else in the pod is from the same team', () => {
    expect(whyText({ team: 'Design', others: [{ name: 'Ana', team: 'Design' }, { name: 'Bo', team: 'Sales' }] })).toContain('1 of them from your team too');
    expect(whyText({ team: 'No team', others: [] })).toContain("you are on the programme's roster");
  });

  it('shows when the pod would meet in Berlin, Auckland and Los Angeles, with the deadline in the same zone', () => {
    const cases = [
      ['Europe/Berlin', 'Tuesdays 09:00–10:00', 'Fri 13 Mar, 18:00 your time'],
      ['Pacific/Auckland', 'Tuesdays 21:00–22:00', 'Sat 14 Mar, 06:00 your time'],
      ['America/Los_Angeles', 'Tuesdays 01:00–02:00', 'Fri 13 Mar, 10:00 your time'],
    ] as const;
    for (const [zone, when, deadline] of cases) {
      const slot = slotText(occurrences, zone);
      expect(slot).toContain(when);
      const built = inviteBlocks({ ...base, timezone: zone, slot });
      const json = texts(built.blocks);
      expect(json).toContain(`*When:* ${slot} (your time)`);
      expect(json).toContain(`*Answer by:* ${deadline}`);
      expect(built.text).toContain(`${slot} your time`);
    }
  });

  it('at the limits (8 others, 400-character names, a long programme name) Slack accepts it and nothing important is cut', () => {
    const long = (c: string) => c.repeat(400);
    const m: InviteMessage = {
      ...base, programmeName: long('P'), podName: long('Q'), leadName: long('L'), team: long('T'), department: long('D'),
      others: Array.from({ length: 8 }, (_, i) => ({ name: `${long('N')}${i}`, team: `${long('X')}${i}` })),
      timezone: 'Pacific/Auckland', slot: slotText(occurrences, 'Pacific/Auckland'),
    };
    for (const status of ['pending', 'accepted', 'declined', 'expired', 'withdrawn'] as const) {
      const built = inviteBlocks({ ...m, status });
      expect(messageBlockProblems(built.blocks)).toEqual([]);
      for (const b of built.blocks) if (b.type === 'section') expect(b.text!.text.length).toBeLessThan(3000); // never cut by the 3,000 cap
    }
    const json = texts(inviteBlocks(m).blocks);
    expect(json).toContain('Answer by:* Sat 14 Mar, 06:00 your time');
    expect(json).toContain(CONFIDENTIAL_TEXT);
    expect(json).toContain('…');
    for (const id of Object.values(INVITE_ACTIONS)) expect(json).toContain(`"action_id":"${id}"`);
  });
});
