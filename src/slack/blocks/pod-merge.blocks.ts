import type { KnownBlock } from '@slack/types';
import { escape, section } from './common.ts';
import { slackDate } from './time.ts';

/** What a member is told when a lead merges or re-matches a pod below its minimum. */
export type PodMoveNote =
  | { kind: 'moved'; fromPod: string; intoPod: string; members: string[]; nextSession: Date | null; timezone: string }
  | { kind: 'joined'; intoPod: string; fromPod: string; newcomers: string[] };

const list = (names: readonly string[]) => names.map((n) => escape(n.slice(0, 80))).join(', ');

/** Pure: the DM for one member (text + blocks); the next session in their own zone. */
export function podMoveBlocks(n: PodMoveNote): { text: string; blocks: KnownBlock[] } {
  if (n.kind === 'moved') {
    const text = `${n.fromPod} had too few members to carry on, so the programme lead moved you to ${n.intoPod}.`;
    const when = n.nextSession ? ` Your next session is ${slackDate(n.nextSession, n.timezone)}; the calendar invitation follows.` : '';
    return { text, blocks: [section(`:twisted_rightwards_arrows: *${escape(n.fromPod)}* had too few members to carry on, so the programme lead moved you to *${escape(n.intoPod)}*, with ${list(n.members)}.${when} What you shared in ${escape(n.fromPod)} stays with it.`)] };
  }
  const text = `${n.newcomers.length === 1 ? 'Someone joins' : `${n.newcomers.length} people join`} ${n.intoPod} from ${n.fromPod}.`;
  return { text, blocks: [section(`:wave: ${list(n.newcomers)} ${n.newcomers.length === 1 ? 'joins' : 'join'} *${escape(n.intoPod)}* from ${escape(n.fromPod)}, which had too few members to carry on. Same time and place as before; they get the calendar invitation from the next session.`)] };
}
