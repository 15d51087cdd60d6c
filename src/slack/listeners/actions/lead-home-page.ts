import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { homeStateOf } from '../../blocks/lead-home.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guard } from '../guard.ts';
import { publishHome } from '../home-publish.ts';

/** "Show N more" / "Previous" under the lead home's programmes or waves: re-publishes that page. */
export function leadHomePage(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const actor = await guard(ctx, client, body.user.id, 'wave.preview', { action: 'home.page' });
    if (!actor) return;
    await publishHome(ctx, client, body.user.id, undefined, homeStateOf(action.value));
  };
}
