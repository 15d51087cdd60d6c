import type { KnownBlock } from '@slack/types';
import { escape, section } from './common.ts';
import { slackDate } from './time.ts';

/**
 * What a member is told when a lead merges or re-matches a pod below its minimum: `moved` and
 * `joined` for a pod that meets; `invite-moved` and `invite-joined` for a pod still inviting (their
 * invite DM above is rewritten in place; this says why it changed).
 */
export type PodMoveNote =
  | { kind: 'moved'; fromPod: string; intoPod: string; members: string[]; nextSession: Date | null; timezone: string; hostsOn: Date | null }
  | { kind: 'joined'; intoPod: string; fromPod: string; newcomers: string[] }
  | { kind: 'invite-moved'; fromPod: string; intoPod: string; members: string[]; accepted: boolean }
  | { kind: 'invite-joined'; intoPod: string; fromPod: string; newcomers: string[] };

const list = (names: readonly string[]) => names.map((n) => escape(n.slice(0, 80))).join(', ');
const joinText = (n: { intoPod: string; fromPod: string; newcomers: string[] }) =>
  `${n.newcomers.length === 1 ? 'Someone joins' : `${n.newcomers.length} people join`} ${n.intoPod} from ${n.fromPod}.`;

/** A newcomer's facilitator turn in their new pod (the rotation was re-planned with them in it). */
function hostText(n: { hostsOn: Date | null; timezone: string }): string {
  return n.hostsOn
    ? ` *Your turn to facilitate:* the session of ${slackDate(n.hostsOn, n.timezone)} (the role rotates; newcomers host before anyone hosts twice).`
    : ' Every session left in this round already has a facilitator, so you won\'t host in this one.';
}

/** Pure: the DM for one member (text + blocks); the next session in their own zone. */
export function podMoveBlocks(n: PodMoveNote): { text: string; blocks: KnownBlock[] } {
  switch (n.kind) {
    case 'moved': {
      const text = `${n.fromPod} had too few members to carry on, so the programme lead moved you to ${n.intoPod}.`;
      const when = n.nextSession ? ` Your next session is ${slackDate(n.nextSession, n.timezone)}; the calendar invitation follows.` : '';
      return { text, blocks: [section(`:twisted_rightwards_arrows: *${escape(n.fromPod)}* had too few members to carry on, so the programme lead moved you to *${escape(n.intoPod)}*, with ${list(n.members)}.${when}${hostText(n)} What you shared in ${escape(n.fromPod)} stays with it.`)] };
    }
    case 'joined':
      return { text: joinText(n), blocks: [section(`:wave: ${list(n.newcomers)} ${n.newcomers.length === 1 ? 'joins' : 'join'} *${escape(n.intoPod)}* from ${escape(n.fromPod)}, which had too few members to carry on. Same time and place as before; they get the calendar invitation from the next session.`)] };
    case 'invite-moved': {
      const text = `${n.fromPod} could not reach its minimum, so the programme lead moved your invite to ${n.intoPod}.`;
      const answer = n.accepted
        ? 'Your yes stands for it; you can still change your mind there until invites close.'
        : 'Answer there by the deadline, as before.';
      return { text, blocks: [section(`:twisted_rightwards_arrows: *${escape(n.fromPod)}* could not reach its minimum, so the programme lead moved your invite to *${escape(n.intoPod)}*, with ${list(n.members)}. Your invite above now shows ${escape(n.intoPod)} and when it would meet. ${answer}`)] };
    }
    case 'invite-joined':
      return { text: joinText(n), blocks: [section(`:wave: ${list(n.newcomers)} ${n.newcomers.length === 1 ? 'joins' : 'join'} *${escape(n.intoPod)}* from ${escape(n.fromPod)}, which could not reach its minimum. Your invite above shows who is in the pod now and when it would meet.`)] };
  }
}
