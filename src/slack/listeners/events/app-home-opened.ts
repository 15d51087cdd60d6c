import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.ts';

/**
 * The user is looking at the home tab: Bolt has acked the event already; the render (five
 * queries) and views.publish run in a worker, so the app's event loop and pool stay free for
 * acks however many people open the tab at once; opens within 20 ms share one Redis round trip
 * (the queue's batchMs). No job id: a deterministic one costs two more
 * Redis round trips per open (enqueue checks for a failed job of that id first), and a person
 * opening the tab twice in a moment is rare and harmless (two publishes).
 */
export function appHomeOpened(ctx: AppContext) {
  return async ({ event }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    await ctx.enqueue('home-open', { slackUserId: event.user });
  };
}
