import { describe, expect, it } from 'vitest';
import { inviteBlocks, reminderBlocks, type InviteMessage } from '../../../src/slack/blocks/invite.blocks.ts';
import { launchModal } from '../../../src/slack/blocks/launch.blocks.ts';
import { nudgeBlocks } from '../../../src/slack/blocks/nudge.blocks.ts';
import { retroAskBlocks, retroOutcomeBlocks, retroReminderBlocks } from '../../../src/slack/blocks/retro.blocks.ts';
import { checkInMessage, hostDeclinedMessage, promptMessage, type SessionFacts } from '../../../src/slack/blocks/rhythm.blocks.ts';
import { waveDetailView } from '../../../src/slack/blocks/wave-detail.blocks.ts';
import { additionSummary } from '../../../src/waves/add-teams.service.ts';
import type { WaveDetail } from '../../../src/waves/wave-detail.repository.ts';

/**
 * Every builder that shows a time, rendered for a reader in Berlin, Auckland and Los Angeles: the
 * time is theirs (a Slack date token with a fallback in their zone, or plain text in their zone),
 * never UTC, never an ISO date. 17:00 UTC on Friday 13 March 2026 is 18:00 Friday in Berlin,
 * 06:00 Saturday in Auckland and 10:00 Friday in Los Angeles (already on summer time).
 */
const AT = new Date('2026-03-13T17:00:00Z');
const LATER = new Date('2026-03-14T02:00:00Z');
const ZONES = [
  { zone: 'Europe/Berlin', day: 'Fri 13 Mar', time: '18:00' },
  { zone: 'Pacific/Auckland', day: 'Sat 14 Mar', time: '06:00' },
  { zone: 'America/Los_Angeles', day: 'Fri 13 Mar', time: '10:00' },
] as const;

/** What a reader sees: the payload minus Slack's own machine fields (a date picker's initial_date is ISO by Slack's rule). */
function shown(payload: unknown): string {
  return JSON.stringify(payload).replace(/"initial_date":"[^"]*"/g, '').replace(/"private_metadata":"[^"]*"/g, '');
}

function expectReaders(payload: unknown, z: { day: string; time: string }, what: string) {
  const text = shown(payload);
  expect(text, what).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  expect(text, what).not.toMatch(/UTC/);
  expect(text, what).toContain(z.day);
  expect(text, what).toContain(z.time);
}

const invite = (zone: string): InviteMessage => ({
  inviteId: 'i1', programmeName: 'Peer pods', podName: 'Pod 1', others: [], cadenceWeeks: 1, sessionCount: 6, sessionMinutes: 60,
  startWeek: '2026-03-16', deadline: AT, timezone: zone, status: 'pending', accepted: 0, size: 4, minSize: 4,
});
const facts: SessionFacts = {
  sessionId: 's1', podName: 'Otters', programmeName: 'Peer pods', index: 2, count: 6, startsAt: AT, endsAt: new Date(AT.getTime() + 3_600_000),
  practice: 'A case clinic.', meetUrl: null, facilitator: { name: 'Ana', slackUserId: 'U1' },
};
const detail = {
  wave: { id: 'w1', name: 'Wave 1', status: 'inviting', start_week: '2026-03-16', invite_deadline: AT, programmeName: 'Peer pods' },
  teams: ['Design'], pods: [], waiting: 0, pending: [], declined: [],
} as unknown as WaveDetail;
const funnel = { pool: 9, unplaced: 0, invited: 8, accepted: 4, acceptedUnplaced: 0, declined: 1, pending: 3, expired: 0, podsInviting: 2, podsConfirmed: 0, podsDissolved: 0, podsShort: 0 };

describe("every time shown is in the reader's zone", () => {
  for (const z of ZONES) {
    it(`for a reader in ${z.zone}`, () => {
      expectReaders(inviteBlocks(invite(z.zone)), z, 'invite');
      expectReaders(reminderBlocks({ inviteId: 'i1', programmeName: 'Peer pods', startWeek: '2026-03-16', deadline: AT, timezone: z.zone }), z, 'invite reminder');
      expectReaders(nudgeBlocks({ inviteId: 'i1', programmeName: 'Peer pods', startWeek: '2026-03-16', deadline: AT, timezone: z.zone, leadName: 'Lee' }), z, 'lead nudge');
      const ask = { podId: 'p1', podName: 'Otters', round: 1, programmeName: 'Peer pods', closesAt: AT, timezone: z.zone };
      expectReaders(retroAskBlocks(ask), z, 'retro ask');
      expectReaders(retroReminderBlocks(ask), z, 'retro reminder');
      expectReaders(promptMessage(facts, z.zone), z, 'facilitator prompt');
      expectReaders(checkInMessage(facts, {}, z.zone), z, 'check-in');
      expectReaders(checkInMessage(facts, { followUp: true }, z.zone), z, 'check-in follow-up');
      expectReaders(hostDeclinedMessage({ sessionId: 's1', podName: 'Otters', index: 2, count: 6, startsAt: AT, zone: z.zone }), z, 'host declined');
      expectReaders(waveDetailView({ detail, funnel, page: 0, timezone: z.zone }), z, 'wave modal');
      expectReaders(launchModal({ programmes: [{ id: 'p', name: 'P', minSize: 4, maxSize: 5, sessionCount: 6, sessionMinutes: 60 }], rollout: { teams: 1, people: 5, notReached: 1, notReachedPeople: 5 }, departments: [], startWeek: '2026-03-16', inviteDeadline: '2026-03-13', deadlineAt: AT, timezone: z.zone }), { ...z, day: '' }, 'launch modal');
      const moved = additionSummary('Wave 1', { teams: 2, invited: 6, pods: 1, unplaced: 0, deadlineMoved: { from: AT.toISOString(), to: LATER.toISOString() } }, z.zone);
      expectReaders(moved, z, 'add-teams summary');
    });
  }

  it('a start week is a calendar day, the same everywhere, written out', () => {
    const outcome = retroOutcomeBlocks({ kind: 'continuing', podName: 'Otters', round: 2, members: ['Ana', 'Bo'], cadenceWeeks: 2, startWeek: '2026-05-04', firstHost: 'Ana' });
    expect(shown(outcome)).toContain('starts the week of Mon 4 May 2026');
    expect(shown(outcome)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
