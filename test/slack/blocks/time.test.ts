import { describe, expect, it } from 'vitest';
import { parsePauseUntil } from '../../../src/roster/pause-date.ts';
import { inviteBlocks, type InviteMessage } from '../../../src/slack/blocks/invite.blocks.ts';
import { dayText, localText, slackDate } from '../../../src/slack/blocks/time.ts';

const base: InviteMessage = {
  inviteId: 'i1', programmeName: 'Peer pods', podName: 'Pod 1', others: [], cadenceWeeks: 1, sessionCount: 6, sessionMinutes: 60,
  startWeek: '2026-03-16', deadline: new Date('2026-03-13T17:00:00Z'), status: 'expired', accepted: 0, size: 4, minSize: 4,
};

describe("times are the reader's", () => {
  it('a pause picked as 10 April reads 10 April in Berlin, Auckland and Los Angeles', () => {
    for (const zone of ['Europe/Berlin', 'Pacific/Auckland', 'America/Los_Angeles']) {
      const parsed = parsePauseUntil('2026-04-10', zone, new Date('2026-03-02T09:00:00Z'));
      if (!('until' in parsed)) throw new Error(parsed.error);
      expect(localText(parsed.until, zone, 'day')).toBe('Fri 10 Apr 2026');
      expect(slackDate(parsed.until, zone, 'day')).toBe(`<!date^${parsed.until.getTime() / 1000}^{date_short_pretty}|Fri 10 Apr 2026>`);
    }
  });

  it('an expired invite says it closed on the day the reader saw as its deadline', () => {
    const auckland = JSON.stringify(inviteBlocks({ ...base, timezone: 'Pacific/Auckland' }).blocks);
    expect(auckland).toContain('closed* on Sat 14 Mar 2026');
    expect(auckland).toContain('Answer by:* Sat 14 Mar, 06:00 your time');
    const la = JSON.stringify(inviteBlocks({ ...base, timezone: 'America/Los_Angeles' }).blocks);
    expect(la).toContain('closed* on Fri 13 Mar 2026');
    expect(la).toContain('Answer by:* Fri 13 Mar, 10:00 your time');
  });

  it('instants carry their zone; a day is a day everywhere; bad zones fall back to a labelled UTC', () => {
    const at = new Date('2026-03-29T00:30:00Z'); // Europe's DST change night
    expect(localText(at, 'Europe/Berlin')).toBe('Sun 29 Mar 2026 at 01:30');
    expect(localText(at, 'Pacific/Auckland')).toBe('Sun 29 Mar 2026 at 13:30');
    expect(localText(at, 'America/Los_Angeles')).toBe('Sat 28 Mar 2026 at 17:30');
    expect(localText(at, 'Not/AZone')).toBe('Sun 29 Mar 2026 at 00:30 UTC');
    expect(dayText('2026-03-16')).toBe('Mon 16 Mar 2026');
  });
});
