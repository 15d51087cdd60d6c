import type { KnownBlock } from '@slack/types';
import { actions, button, escape, section } from './common.ts';
import { deadlineText, INVITE_ACTIONS } from './invite.blocks.ts';
import { dayText } from './time.ts';

/** The lead's one nudge to someone who has not answered: short, with the same three answers. */
export function nudgeBlocks(m: { inviteId: string; programmeName: string; startWeek: string; deadline: Date; timezone?: string; leadName: string }): { text: string; blocks: KnownBlock[] } {
  const text = `${m.leadName} asked us to check in: your peer pod invite (${m.programmeName}) closes ${deadlineText(m.deadline, m.timezone)}.`;
  return {
    text,
    blocks: [
      section(`:wave: ${escape(text)} The pod starts the week of ${dayText(m.startWeek)}. Any answer helps: a "not this time" lets someone else have the place.`),
      actions(`nudge_${m.inviteId}`, [
        button('Accept', INVITE_ACTIONS.accept, m.inviteId, 'primary'),
        button('Not this time', INVITE_ACTIONS.notThisTime, m.inviteId),
        button('Decline with a note…', INVITE_ACTIONS.decline, m.inviteId),
      ]),
    ],
  };
}
