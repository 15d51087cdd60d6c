import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { jobId } from '../../../queue/job-id.ts';
import type { AppContext } from '../../context.ts';

/**
 * The user is looking at the home tab: Bolt has acked the event already; the render (five
 * queries) and views.publish run in a worker, so the app's event loop and pool stay free for
 * acks however many people open the tab at once. One job per person at a time: opens while
 * theirs waits add nothing.
 */
export function appHomeOpened(ctx: AppContext) {
  return async ({ event }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    await ctx.enqueue('home-open', { slackUserId: event.user }, { jobId: jobId('home-open', event.user) });
  };
}
