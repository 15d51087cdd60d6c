import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { loadActor, type Actor } from '../../../roster/roles.service.ts';
import type { AppContext } from '../../context.ts';
import { publishHome } from '../home-publish.ts';

export type Change = (ctx: AppContext, actor: Actor) => Promise<string>;

/**
 * The one-click member buttons (join, resume, leave). Nothing privileged: a person only ever
 * changes their own status, read from the signed request's user, never from the payload's value.
 */
export function memberButton(change: Change) {
  return (ctx: AppContext) =>
    async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
      await ack();
      const actor = await loadActor(ctx.db, body.user.id, ctx.config.PEERPODS_ADMINS);
      if (!actor) return publishHome(ctx, client, body.user.id);
      const notice = await change(ctx, actor);
      await publishHome(ctx, client, body.user.id, notice);
    };
}
