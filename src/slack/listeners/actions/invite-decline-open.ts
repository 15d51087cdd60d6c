import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { DECLINE_CALLBACK, declineModal } from '../../blocks/decline.blocks.ts';
import type { AppContext } from '../../context.ts';

/** "Decline…": a modal with an optional reason; the answer is recorded when it is submitted. */
export function inviteDeclineOpen(_ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: declineModal(action.value ?? '') });
  };
}

export { DECLINE_CALLBACK };
