import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { jobId } from '../../queue/job-id.ts';
import type { AppContext } from '../context.ts';
import { renderHome } from '../home/render-home.ts';
import type { HomeState } from '../home/sections.ts';

/**
 * Re-publishes a person's home tab right away, with an optional one-line notice on top (the
 * "ephemeral" answer to a home-tab button). If Slack refuses (e.g. rate-limited), the refresh is
 * handed to the home-refresh queue instead, without the notice.
 */
export async function publishHome(ctx: AppContext, client: WebClient, slackUserId: string, notice?: string, state?: HomeState): Promise<void> {
  const view = await renderHome(ctx, slackUserId, state);
  if (notice) {
    const note: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: notice.slice(0, 2900) }] };
    view.blocks = [note, ...view.blocks].slice(0, 100);
  }
  try {
    await client.views.publish({ user_id: slackUserId, view });
  } catch (error) {
    ctx.log.warn('views.publish failed; queued a refresh', { error: String(error), slackUserId });
    await ctx.enqueue('home-refresh', { slackUserId }, { jobId: jobId('home', slackUserId, ctx.clock.now().getTime()) });
  }
}
