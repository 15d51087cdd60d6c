import type { Button } from '@slack/types';
import { currentPodOf, pendingInviteCount } from '../../roster/my-pod.repository.ts';
import { actions, button, context, escape, header, section } from '../blocks/common.ts';
import { holdRetroNowButton } from '../blocks/retro.blocks.ts';
import { slackDate } from '../blocks/time.ts';
import type { HomeSection } from './sections.ts';

/**
 * "Leave" asks first (Slack's confirm dialog) and says exactly what happens to their pod and
 * invitations; join, pause and resume are one click (DESIGN.md §7).
 */
export function leaveButton(podName?: string): Button {
  const parts = [
    podName ? `You leave ${podName}; its members are told in their group chat.` : '',
    'Any open invitation, answered or not, is withdrawn and its place offered to someone else.',
    "You won't be invited again until you rejoin from this tab.",
  ].filter(Boolean);
  return {
    ...button('Leave the programme', 'member_leave', undefined, 'danger'),
    confirm: {
      title: { type: 'plain_text', text: 'Leave peer pods?' },
      text: { type: 'plain_text', text: parts.join(' ').slice(0, 300) },
      confirm: { type: 'plain_text', text: 'Leave' },
      deny: { type: 'plain_text', text: 'Stay' },
      style: 'danger',
    },
  };
}

/** Pod states in a member's words. */
const POD_STATE_WORDS: Record<string, string> = {
  confirmed: 'confirmed, sessions being booked', scheduled: 'sessions booked', running: 'meeting', retro: 'reviewing the round',
};

/** Everyone's own view: their programme status, their pod, and one-click join/pause/leave. */
export const memberSection: HomeSection = {
  id: 'member',
  role: 'member',
  async render(ctx, { person }) {
    const [pod, pending] = await Promise.all([currentPodOf(ctx.db, person.id), pendingInviteCount(ctx.db, person.id)]);
    const status =
      person.status === 'active'
        ? ':large_green_circle: You are in the programme and may be invited to the next wave.'
        : person.status === 'paused'
          ? `:double_vertical_bar: Paused until ${person.paused_until ? slackDate(person.paused_until, person.timezone, 'day') : 'you resume'}. You won't be invited until then${pod ? `, and you're off *${escape(pod.name)}*'s upcoming sessions (calendar and reminders) until you resume` : ''}.`
          : ":white_circle: You're not in the programme. Join whenever you like.";
    const controls =
      person.status === 'left'
        ? [button('Join the programme', 'member_join', undefined, 'primary')]
        : [
            ...(person.status === 'paused'
              ? [button('Resume now', 'member_resume', undefined, 'primary')]
              : [button('Pause…', 'member_pause_open')]),
            leaveButton(pod?.name),
          ];
    const extra = [];
    if (pod) {
      const names = pod.members.map((m) => (m.slack_user_id ? `<@${m.slack_user_id}>` : escape(m.name))).join(', ');
      // Any member may bring the retro forward; the pod then decides together (src/pods/lifecycle.ts).
      const early = ['scheduled', 'running'].includes(pod.status) ? holdRetroNowButton(pod.id) : undefined;
      extra.push(section(`*Your pod:* ${escape(pod.name)} (round ${pod.round}, ${POD_STATE_WORDS[pod.status] ?? 'active'})\n${names}`, early));
    }
    if (pending > 0) extra.push(context(`:envelope: You have ${pending === 1 ? 'an invitation' : `${pending} invitations`} waiting for your answer in your DMs.`));
    return [header('Your peer pods'), section(status), ...extra, actions('member_controls', controls)];
  },
};
