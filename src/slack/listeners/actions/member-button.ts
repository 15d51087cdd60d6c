import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { loadActor, type Actor } from '../../../roster/roles.service.ts';
import type { AppContext } from '../../context.ts';
import { publishHome } from '../home-publish.ts';

export type Change = (ctx: AppContext, actor: Actor) => Promise<string>;

/**
 * The one-click member buttons (join, resume, leave). Nothing privileged: a person only ever
 * changes their own status, read from the signed request's user, never from the payload's value.
 * The change is stored before the click is acknowledged (Slack never retries a click); the home
 * tab is re-published after.
 */
export function memberButton(change: Change) {
  return (ctx: AppContext) =>
    async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
      const actor = await loadActor(ctx.db, body.user.id, ctx.config.PEERPODS_ADMINS);
      const notice = actor ? await change(ctx, actor) : undefined;
      await ack();
      await publishHome(ctx, client, body.user.id, notice);
    };
}
