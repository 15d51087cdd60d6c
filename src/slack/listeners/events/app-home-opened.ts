import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.ts';
import { renderHome } from '../../home/render-home.ts';

/** The user is looking at the home tab: publish it now rather than through the queue. */
export function appHomeOpened(ctx: AppContext) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    const view = await renderHome(ctx, event.user);
    await client.views.publish({ user_id: event.user, view });
  };
}
