import { describe, expect, it } from 'vitest';
import { coverageLine, funnelLine, rate } from '../../../src/slack/blocks/funnel.ts';
import { deadlineText, INVITE_ACTIONS, inviteBlocks, progressText, reminderBlocks, type InviteMessage } from '../../../src/slack/blocks/invite.blocks.ts';
import { podIntroBlocks, podOutcomeBlocks } from '../../../src/slack/blocks/pod.blocks.ts';

const base: InviteMessage = {
  inviteId: 'inv-1', programmeName: 'Peer pods', podName: 'Pod 1', others: [{ name: 'Ana <script>', team: 'Design' }, { name: 'Bo', team: 'Sales' }],
  cadenceWeeks: 1, sessionCount: 6, sessionMinutes: 60, startWeek: '2026-03-16', deadline: new Date('2026-03-13T17:00:00Z'),
  status: 'pending', accepted: 1, size: 4, minSize: 4,
};

describe('invite blocks', () => {
  it('a pending invite shows who, the rhythm, why, and the three answers carrying the invite id', () => {
    const { text, blocks } = inviteBlocks(base);
    const json = JSON.stringify(blocks);
    expect(text).toContain('Fri 13 Mar, 17:00 UTC');
    expect(json).toContain('Ana &lt;script&gt; (Design)');
    expect(json).toContain('60 minutes, weekly, 6 sessions');
    expect(json).toContain('1 of 4 accepted');
    for (const id of Object.values(INVITE_ACTIONS)) expect(json).toContain(`"action_id":"${id}","value":"inv-1"`);
  });
  it('after an answer the buttons are gone and the state is said', () => {
    const accepted = JSON.stringify(inviteBlocks({ ...base, status: 'accepted', accepted: 4 }).blocks);
    expect(accepted).not.toContain('invite_accept');
    expect(accepted).toContain('4 of 4 accepted: the pod will go ahead');
    expect(inviteBlocks({ ...base, status: 'declined', declineKind: 'not_this_time' }).text).toContain('Not this time');
    expect(inviteBlocks({ ...base, status: 'withdrawn', note: 'Wave cancelled.' }).blocks.at(-1)).toMatchObject({ text: { text: expect.stringContaining('Wave cancelled.') } });
  });
  it('progress says whether the pod reaches its minimum', () => {
    expect(progressText(3, 5, 4)).toBe('3 of 5 accepted (the pod needs 4)');
    expect(progressText(4, 5, 4)).toBe('4 of 5 accepted: the pod will go ahead');
  });
});

describe('pod blocks', () => {
  it('the intro names members, the first facilitator and the session 1 guide', () => {
    const members = [{ name: 'Ana', team: 'Design', slackUserId: 'U1' }, { name: 'Bo', team: 'Sales', slackUserId: 'U2' }];
    const json = JSON.stringify(podIntroBlocks({ podName: 'Pod 1', programmeName: 'P', members, facilitator: members[0]!, cadenceWeeks: 2, sessionCount: 6, sessionMinutes: 45, startWeek: '2026-03-16', guide: 'Check in.' }).blocks);
    expect(json).toContain('<@U1> (Design)');
    expect(json).toContain('*Facilitating session 1:* <@U1>');
    expect(json).toContain('every 2 weeks');
    expect(json).toContain('Check in.');
  });
  it('the intro shows the practice of session 1 only, scaled to the round, and says where the rest comes', () => {
    const members = [{ name: 'Ana', team: 'Design', slackUserId: 'U1' }, { name: 'Bo', team: 'Sales', slackUserId: 'U2' }];
    const guide = '1: Arrive and agree.\n2: Share a challenge.\n3: Case clinic.\n4: Appreciation.\n5: Free session.\n6: Closing retro.';
    const intro = podIntroBlocks({ podName: 'Pod 1', programmeName: 'P', members, facilitator: members[0]!, cadenceWeeks: 1, sessionCount: 6, sessionMinutes: 60, startWeek: '2026-03-16', guide });
    const json = JSON.stringify(intro.blocks);
    expect(json).toContain('Arrive and agree.');
    for (const later of ['Share a challenge', 'Case clinic', 'Appreciation', 'Free session', 'Closing retro', '2:', '6:']) expect(json).not.toContain(later);
    expect(json).toContain('an hour before');
    expect(json).toContain('home tab');
    // The default guide when the programme has none: still one practice, the first.
    const fallback = JSON.stringify(podIntroBlocks({ podName: 'Pod 1', programmeName: 'P', members, facilitator: members[0]!, cadenceWeeks: 1, sessionCount: 4, sessionMinutes: 60, startWeek: '2026-03-16', guide: '' }).blocks);
    expect(fallback).toContain('Check-in rounds');
    expect(fallback).not.toContain('closing retrospective');
  });
  it('people from a pod under minimum are told what happened', () => {
    expect(podOutcomeBlocks({ kind: 'moved', fromPod: 'Pod 1', toPod: 'Pod 2', accepted: 2, minSize: 4 }).text).toBe("Only 2 people accepted Pod 1 by the deadline (it needed 4). You've joined Pod 2 instead; its group chat opens now.");
    expect(podOutcomeBlocks({ kind: 'unplaced', fromPod: 'Pod 1', accepted: 1, minSize: 4, detail: 'no pod has room' }).text).toContain('first in line for the next wave');
  });
});

describe('deadline in the reader\'s own time', () => {
  it('shows the date and the hour in the invitee\'s zone (17:00 UTC is 18:00 in Berlin, next day in Auckland)', () => {
    const deadline = new Date('2026-03-13T17:00:00Z');
    expect(deadlineText(deadline, 'Europe/Berlin')).toBe('Fri 13 Mar, 18:00 your time');
    expect(deadlineText(deadline, 'Pacific/Auckland')).toBe('Sat 14 Mar, 06:00 your time');
    expect(deadlineText(deadline)).toBe('Fri 13 Mar, 17:00 UTC');
    const invite = inviteBlocks({ ...base, timezone: 'America/New_York' });
    expect(invite.text).toContain('by Fri 13 Mar, 13:00 your time');
    expect(JSON.stringify(invite.blocks)).toContain('*Answer by:* Fri 13 Mar, 13:00 your time');
    expect(reminderBlocks({ inviteId: 'i1', programmeName: 'P', startWeek: '2026-03-16', deadline, timezone: 'Asia/Tokyo' }).text).toContain('Sat 14 Mar, 02:00 your time');
  });
});

describe('funnel', () => {
  it('shows pool → invited → accepted → pods confirmed with the acceptance rate', () => {
    const line = funnelLine({ pool: 20, unplaced: 2, invited: 18, accepted: 12, acceptedUnplaced: 0, declined: 3, pending: 3, expired: 0, podsInviting: 0, podsConfirmed: 3, podsDissolved: 1, podsShort: 0 });
    expect(line).toContain('pool *20* → invited *18* → accepted *12* (67%) → pods confirmed *3*');
    expect(line).toContain('3 awaiting an answer · 3 declined · 2 unplaced · 1 dissolved');
    const after = funnelLine({ pool: 20, unplaced: 3, invited: 18, accepted: 12, acceptedUnplaced: 1, declined: 3, pending: 0, expired: 3, podsInviting: 0, podsConfirmed: 3, podsDissolved: 1, podsShort: 1 });
    expect(after).toContain('accepted *12*');
    expect(after).toContain('1 accepted, unplaced · 2 unplaced');
    expect(after).toContain('1 pod is below minimum after members left');
    expect(line).not.toContain('below minimum');
    expect(rate(0, 0)).toBe('–');
  });
  it('lists teams covered and not yet reached', () => {
    expect(coverageLine(['Design'], [])).toContain('none: every team has had a wave');
    expect(coverageLine([], ['Ops'])).toContain('*Teams covered (0):* none yet');
  });
});
