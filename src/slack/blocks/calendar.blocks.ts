import type { KnownBlock } from '@slack/types';
import { section } from './common.ts';

/** Posted in the pod's group DM once Google has made the series' Meet link. */
export function meetLinkBlocks(m: { link: string; part: number }): { text: string; blocks: KnownBlock[] } {
  const text = m.part === 0
    ? `Your sessions are in your calendars, with a Google Meet link: ${m.link}`
    : `The new time is in your calendars, with a new Google Meet link: ${m.link}`;
  return { text, blocks: [section(`:calendar: ${m.part === 0 ? 'Your sessions are in your calendars' : 'The new time is in your calendars'}. Join each session on Google Meet: <${m.link}|${m.link.replace(/^https:\/\//, '')}>`)] };
}
