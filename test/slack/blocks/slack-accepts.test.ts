import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KnownBlock, View } from '@slack/types';
import { messageBlockProblems, viewProblems } from '../../../src/sandbox/slack/block-kit/index.ts';
import { inviteBlocks, reminderBlocks, type InviteMessage } from '../../../src/slack/blocks/invite.blocks.ts';
import { launchLoadingView, launchModal, launchedView, noticeView, preparingView, previewFailedView, previewView, type LaunchChoices } from '../../../src/slack/blocks/launch.blocks.ts';
import { memberLeftBlocks, podIntroBlocks, podOutcomeBlocks } from '../../../src/slack/blocks/pod.blocks.ts';
import { programmeModal } from '../../../src/slack/blocks/programme.blocks.ts';
import { declineModal } from '../../../src/slack/blocks/decline.blocks.ts';
import { pauseModal, rolesModal } from '../../../src/slack/blocks/roster.blocks.ts';
import { coverageLine, funnelLine } from '../../../src/slack/blocks/funnel.ts';
import { section } from '../../../src/slack/blocks/common.ts';
import type { WavePreview } from '../../../src/waves/preview.service.ts';
import { waveDetailView } from '../../../src/slack/blocks/wave-detail.blocks.ts';
import { nudgeBlocks } from '../../../src/slack/blocks/nudge.blocks.ts';
import { podMoveBlocks } from '../../../src/slack/blocks/pod-merge.blocks.ts';
import type { WaveDetail } from '../../../src/waves/wave-detail.repository.ts';
import { extendDeadlineView } from '../../../src/slack/blocks/wave-detail.blocks.ts';
import { addTeamsConfirmView, addTeamsView } from '../../../src/slack/blocks/wave-add-teams.blocks.ts';
import { effectLine, rerunSettingsView, swapView } from '../../../src/slack/blocks/preview-edit.blocks.ts';
import { moveOutView } from '../../../src/slack/blocks/launch.blocks.ts';
import { retroAskBlocks, retroModal, retroOutcomeBlocks, retroReminderBlocks, retroThanksView } from '../../../src/slack/blocks/retro.blocks.ts';
import { reminderClosedBlocks } from '../../../src/slack/blocks/invite.blocks.ts';
import { meetLinkBlocks } from '../../../src/slack/blocks/calendar.blocks.ts';
import { additionSummary } from '../../../src/waves/add-teams.service.ts';

/**
 * The app's own Block Kit builders, fed random data at the sizes of a real organisation (up to
 * 300 teams, 50 programmes, hundreds of pods and people; long and non-Latin names), must produce
 * payloads the emulator's Block Kit validator, and so Slack, accepts.
 */
const name = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 100, maxLength: 400 }),
  fc.constantFrom('Ana & Bo <Design>', 'Zoë Ñúñez', '李小龙', 'محمد', '👩🏽‍💻 Dev Rel'),
);
const id = fc.uuid();
const count = fc.nat({ max: 10_000 });
const week = fc.constantFrom('2026-03-16', '2026-12-28');
const zone = fc.constantFrom(undefined, 'Europe/Berlin', 'Pacific/Chatham', 'Not/AZone');
const person = fc.record({ id, name, slackUserId: fc.option(fc.constant('U0ABCDEF1'), { nil: null }), email: fc.constant('a@example.com'), team: name, teamId: fc.constant(null), department: fc.constant(null), location: fc.constant(null) });

const message = (built: { text: string; blocks: KnownBlock[] }) => {
  expect(built.text.length).toBeGreaterThan(0);
  expect(built.text.length).toBeLessThanOrEqual(40_000);
  expect(messageBlockProblems(built.blocks)).toEqual([]);
};
const modalOk = (view: View): void => {
  expect(viewProblems(view, 'modal')).toEqual([]);
};
const runs = { numRuns: 60 };

describe('Slack accepts every payload the app builds', () => {
  it('the launch modal, for 0..50 programmes, 0..300 teams and 0..300 departments', () => {
    const department = fc.record({ name, teams: count, available: count });
    const choices: fc.Arbitrary<LaunchChoices> = fc.record({
      programmes: fc.array(fc.record({ id, name, minSize: fc.integer({ min: 2, max: 8 }), maxSize: fc.integer({ min: 2, max: 12 }), sessionCount: count, sessionMinutes: count }), { maxLength: 50 }),
      rollout: fc.record({ teams: fc.nat(300), people: count, notReached: fc.nat(300), notReachedPeople: count }),
      departments: fc.array(department, { maxLength: 300 }),
      startWeek: week, inviteDeadline: week,
      deadlineAt: fc.date({ min: new Date('2026-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
      timezone: zone,
    });
    fc.assert(fc.property(choices, (c) => {
      modalOk(launchModal(c));
    }), runs);
    // The largest case always, not only when the generator happens to reach it.
    fc.assert(fc.property(fc.array(department, { minLength: 100, maxLength: 300 }), (departments) => {
      modalOk(launchModal({ programmes: [{ id: 'p', name: 'P', minSize: 4, maxSize: 5, sessionCount: 6, sessionMinutes: 60 }], rollout: { teams: 300, people: 5000, notReached: 300, notReachedPeople: 5000 }, departments, startWeek: '2026-03-16', inviteDeadline: '2026-03-13', deadlineAt: new Date('2026-03-13T17:00:00Z'), timezone: 'Pacific/Auckland' }));
    }), { numRuns: 10 });
  });

  it('the wave preview, with up to 200 pods and 500 unplaced people', () => {
    const pod = fc.record({ podId: id, name, members: fc.array(person, { minLength: 1, maxLength: 8 }), score: fc.double({ noNaN: true }), allTeamsDistinct: fc.boolean(), window: name, relaxations: fc.array(name, { maxLength: 4 }) });
    const preview = fc.record({
      waveId: id, waveName: name, programmeName: name, startWeek: week,
      pods: fc.array(pod, { maxLength: 200 }),
      unplaced: fc.array(fc.record({ person, reason: name, suggestion: name }), { maxLength: 500 }),
      metrics: fc.record({ pods: count, placed: count, people: count, unplaced: count, podsAllTeamsDistinct: count, allTeamsDistinctUpperBound: count, totalScore: count, repeatPairs: count }),
    }) as unknown as fc.Arbitrary<WavePreview>;
    fc.assert(fc.property(preview, (p) => {
      modalOk(previewView(p));
    }), { numRuns: 30 });
    fc.assert(fc.property(name, (text) => {
      for (const view of [previewFailedView(text), launchedView(text), noticeView(text, text), preparingView(text.slice(0, 36)), launchLoadingView()]) modalOk(view);
    }), runs);
  });

  it('invites and reminders in every state', () => {
    const invite: fc.Arbitrary<InviteMessage> = fc.record({
      inviteId: id, programmeName: name, podName: name, others: fc.array(fc.record({ name, team: name }), { maxLength: 11 }),
      cadenceWeeks: fc.integer({ min: 1, max: 4 }), sessionCount: count, sessionMinutes: count, startWeek: week,
      deadline: fc.date({ min: new Date('2026-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), timezone: zone,
      status: fc.constantFrom('pending', 'accepted', 'declined', 'expired', 'withdrawn'), declineKind: fc.constantFrom(undefined, null, 'decline', 'not_this_time'),
      note: fc.option(name, { nil: undefined }), accepted: count, size: count, minSize: count,
      team: name, department: fc.option(name, { nil: null }), leadName: name, slot: name,
    }, { requiredKeys: ['inviteId', 'programmeName', 'podName', 'others', 'cadenceWeeks', 'sessionCount', 'sessionMinutes', 'startWeek', 'deadline', 'status', 'accepted', 'size', 'minSize'] }) as fc.Arbitrary<InviteMessage>;
    fc.assert(fc.property(invite, (m) => {
      message(inviteBlocks(m));
      message(reminderBlocks({ inviteId: m.inviteId, programmeName: m.programmeName, startWeek: m.startWeek, deadline: m.deadline, ...(m.timezone ? { timezone: m.timezone } : {}) }));
    }), runs);
  });

  it('pod messages: intro, outcome after the deadline, a member leaving', () => {
    const member = fc.record({ name, team: name, slackUserId: fc.option(fc.constant('U0ABCDEF1'), { nil: null }), localStart: fc.option(name, { nil: undefined }) }, { requiredKeys: ['name', 'team', 'slackUserId'] });
    fc.assert(fc.property(fc.record({ podName: name, programmeName: name, members: fc.array(member, { minLength: 1, maxLength: 12 }), facilitator: fc.record({ name, slackUserId: fc.constant(null) }), cadenceWeeks: fc.integer({ min: 1, max: 4 }), sessionCount: count, sessionMinutes: count, startWeek: week, guide: fc.oneof(name, fc.string({ minLength: 2000, maxLength: 6000 })), windowLabel: fc.option(name, { nil: undefined }) }, { requiredKeys: ['podName', 'programmeName', 'members', 'facilitator', 'cadenceWeeks', 'sessionCount', 'sessionMinutes', 'startWeek', 'guide'] }), (p) => {
      message(podIntroBlocks(p));
    }), runs);
    fc.assert(fc.property(fc.constantFrom('moved', 'new', 'unplaced') as fc.Arbitrary<'moved' | 'new' | 'unplaced'>, name, name, count, (kind, fromPod, toPod, accepted) => {
      message(podOutcomeBlocks({ kind, fromPod, toPod, accepted, minSize: 4, detail: fromPod }));
      message(memberLeftBlocks({ name: fromPod, remaining: accepted, minSize: 4 }));
    }), runs);
  });

  it('programme settings, decline, pause and roles modals', () => {
    fc.assert(fc.property(name, fc.string({ maxLength: 5000 }), fc.array(name, { maxLength: 20 }), fc.option(id, { nil: undefined }), (n, guide, questions, programmeId) => {
      modalOk(programmeModal({ name: n, minSize: 4, maxSize: 5, podSizes: 'larger', cadenceWeeks: 1, sessionCount: 6, sessionMinutes: 60, workStart: '09:00', workEnd: '17:00', workDays: [1, 2, 3, 4, 5], facilitationGuide: guide, retroQuestions: questions }, programmeId));
      modalOk(declineModal(programmeId ?? 'inv'));
      modalOk(pauseModal('2026-04-01'));
      modalOk(rolesModal(n));
    }), runs);
  });

  it('funnel and coverage lines fit a section for 300 teams', () => {
    const funnel = fc.record({ pool: count, unplaced: count, invited: count, accepted: count, acceptedUnplaced: count, declined: count, pending: count, expired: count, podsInviting: count, podsConfirmed: count, podsDissolved: count, podsShort: count });
    fc.assert(fc.property(funnel, fc.array(name, { maxLength: 300 }), fc.array(name, { maxLength: 300 }), (f, covered, notReached) => {
      expect(messageBlockProblems([section(funnelLine(f)), section(coverageLine(covered, notReached))])).toEqual([]);
    }), runs);
  });
});

describe('Slack accepts the lead console at organisation size', () => {
  it('the DMs of a merge or re-match (a pod meeting or still inviting), with long names and up to 8 others', () => {
    const names = fc.array(name, { minLength: 1, maxLength: 8 });
    fc.assert(fc.property(name, name, names, fc.boolean(), zone, (fromPod, intoPod, members, accepted, timezone) => {
      message(podMoveBlocks({ kind: 'moved', fromPod, intoPod, members, nextSession: new Date('2026-03-16T09:00:00Z'), timezone: timezone ?? 'UTC', hostsOn: new Date('2026-03-23T09:00:00Z') }));
      message(podMoveBlocks({ kind: 'joined', fromPod, intoPod, newcomers: members }));
      message(podMoveBlocks({ kind: 'invite-moved', fromPod, intoPod, members, accepted }));
      message(podMoveBlocks({ kind: 'invite-joined', fromPod, intoPod, newcomers: members }));
    }), runs);
  });


  it('the wave modal with up to 2,000 pods, 5,000 non-responders and long decline reasons, and the nudge', () => {
    const invitee = fc.record({ name, decline_kind: fc.constantFrom('decline', 'not_this_time', null), decline_reason: fc.option(fc.string({ maxLength: 600 }), { nil: null }), answered_at: fc.constant(new Date('2026-03-05T10:00:00Z')) });
    const detail = fc.record({
      wave: fc.record({ id, name, status: fc.constantFrom('draft', 'inviting', 'forming', 'running', 'retro', 'done', 'cancelled'), start_week: week, invite_deadline: fc.constant(new Date('2026-03-13T17:00:00Z')), programmeName: name }),
      teams: fc.array(name, { maxLength: 300 }),
      pods: fc.array(fc.record({ id, name, status: fc.constantFrom('inviting', 'confirmed', 'scheduled', 'dissolved'), min_size: fc.constant(4), max_size: fc.constant(5), dissolved_reason: fc.option(name, { nil: null }), accepted: fc.oneof(count, fc.nat(3)), pending: fc.oneof(count, fc.nat(3)), members: fc.nat(8) }), { maxLength: 2000 }),
      waiting: fc.nat(50),
      pending: fc.array(invitee, { maxLength: 5000 }),
      declined: fc.array(invitee, { maxLength: 500 }),
    }) as unknown as fc.Arbitrary<WaveDetail>;
    const funnel = { pool: 9000, unplaced: 3, invited: 8000, accepted: 6000, acceptedUnplaced: 1, declined: 900, pending: 1100, expired: 0, podsInviting: 1500, podsConfirmed: 0, podsDissolved: 2, podsShort: 1 };
    fc.assert(fc.property(detail, fc.nat(200), zone, (d, page, timezone) => {
      modalOk(waveDetailView({ detail: d, funnel, page, ...(timezone ? { timezone } : {}) }));
    }), { numRuns: 25 });
    fc.assert(fc.property(name, name, zone, (programmeName, leadName, timezone) => {
      message(nudgeBlocks({ inviteId: 'i1', programmeName, startWeek: '2026-03-16', deadline: new Date('2026-03-13T17:00:00Z'), leadName, ...(timezone ? { timezone } : {}) }));
    }), runs);
  });
});

describe('Slack accepts the rest of the lead console and the retro at organisation size', () => {
  it('adding teams: the picker over 300 teams, the confirmation naming up to 300 teams (and saying how many it does not name), the summary', () => {
    fc.assert(fc.property(id, name, fc.nat(300), fc.nat(300), count, (waveId, waveName, outside, notReached, people) => {
      modalOk(addTeamsView(waveId, waveName, { teamsOutside: outside, notReached, notReachedPeople: people }));
      message(additionSummary(waveName, { teams: outside, invited: people, pods: notReached, unplaced: outside }, 'Pacific/Auckland'));
      message(additionSummary(waveName, { teams: 0, invited: 0, pods: 0, unplaced: 0, refused: 'the wave is cancelled, so nobody was invited' }));
    }), runs);
    fc.assert(fc.property(fc.array(name, { minLength: 1, maxLength: 300 }), count, (teams, people) => {
      const teamIds = teams.slice(0, 60).map((_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      const view = addTeamsConfirmView({ waveId: 'w', teamIds, teams, people, minSize: 4, maxSize: 5 });
      modalOk(view);
      if (teams.length > 30) expect(JSON.stringify(view.blocks)).toContain(`and ${teams.length - 30} more`);
      modalOk(addTeamsConfirmView({ waveId: 'w', teamIds: [], teams, people, minSize: 4, maxSize: 5, rule: { kind: 'departments', departments: teams.slice(0, 15) }, changed: true }));
    }), { numRuns: 25 });
  });

  it('editing a draft: swap, move out and re-run over 5,000 placed people, the effect line, the deadline modal', () => {
    fc.assert(fc.property(id, fc.nat(5000), fc.integer({ min: 2, max: 8 }), (waveId, placed, size) => {
      modalOk(swapView(waveId, placed));
      modalOk(moveOutView(waveId, placed));
      modalOk(rerunSettingsView(waveId, { minSize: size, maxSize: Math.max(size, 5), podSizes: 'larger' }));
      modalOk(extendDeadlineView(waveId, '2026-03-14'));
      const figures = { pods: placed, placed, podsAllTeamsDistinct: size, sameTeamPairs: 3, repeatPairs: 1, totalScore: 12.5 };
      expect(messageBlockProblems(effectLine({ label: 'seed 7', figures }, { ...figures, pods: placed + 1, repeatPairs: 0 }) as KnownBlock[])).toEqual([]);
    }), runs);
  });

  it('the retro: ask, reminder, form (answered, with 3,000-character answers), thanks and every outcome for 8 members', () => {
    const answer = fc.string({ maxLength: 3000 });
    fc.assert(fc.property(id, name, fc.integer({ min: 1, max: 20 }), zone, answer, fc.array(name, { minLength: 1, maxLength: 8 }), (podId, podName, round, timezone, text, members) => {
      const ask = { podId, podName, round, programmeName: podName, closesAt: new Date('2026-04-24T17:00:00Z'), timezone: timezone ?? null };
      message(retroAskBlocks(ask));
      message(retroReminderBlocks(ask));
      modalOk(retroModal({ podId, podName, round, cadenceWeeks: 2 }, { wantsToContinue: 'yes', rating: 5, celebrate: text, change: text, cadenceNext: 'same', facilitationNext: 'rotate', recommend: true, share: true }));
      modalOk(retroThanksView({ podName, decided: round % 2 === 0 }));
      message(retroOutcomeBlocks({ kind: 'continuing', podName, round, members, cadenceWeeks: 2, startWeek: '2026-05-04', firstHost: members[0]! }));
      message(retroOutcomeBlocks({ kind: 'not_continuing', podName, nextRoundOf: members }));
      message(retroOutcomeBlocks({ kind: 'closed', podName, reason: 'too_few_to_continue', offeredNextWave: true }));
    }), runs);
  });

  it('a closed invite reminder and the Meet link message', () => {
    fc.assert(fc.property(name, fc.constantFrom('accepted', 'declined', 'expired', 'withdrawn') as fc.Arbitrary<'accepted' | 'declined' | 'expired' | 'withdrawn'>, (programmeName, status) => {
      message(reminderClosedBlocks({ programmeName, status }));
      message(meetLinkBlocks({ link: 'https://meet.google.com/abc-defg-hij', part: programmeName.length % 2 }));
    }), runs);
  });
});
