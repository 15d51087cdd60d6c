import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { answerInvite, InviteClosedError, NotYourInviteError } from '../../../waves/answer.service.ts';
import { readState } from '../../blocks/modal.ts';
import type { AppContext } from '../../context.ts';
import { tell } from '../guard.ts';

/** The decline modal's submit: records the decline (and its optional reason) for the invitee only. */
export function inviteDecline(ctx: AppContext) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    await ack();
    const reason = readState(view.state.values as Record<string, Record<string, unknown>>).reason;
    try {
      await answerInvite(ctx, { inviteId: view.private_metadata, slackUserId: body.user.id, answer: 'decline', ...(typeof reason === 'string' ? { reason } : {}) });
    } catch (error) {
      if (error instanceof NotYourInviteError || error instanceof InviteClosedError) return tell(client, body.user.id, `:no_entry: ${error.message}`);
      throw error;
    }
  };
}
