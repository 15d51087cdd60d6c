import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.ts';
import { publishHome } from '../home-publish.ts';

/** "Open my home tab" on a lead digest: the home is refreshed now (it renders from the viewer's own roles). */
export function rhythmDigestHome(ctx: AppContext) {
  return async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    await publishHome(ctx, client, body.user.id, 'Up to date as of now: the Home tab of peerpods shows your programmes.');
  };
}
