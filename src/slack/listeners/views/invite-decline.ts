import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { answerInvite, InviteClosedError, NotYourInviteError } from '../../../waves/answer.service.ts';
import { readState } from '../../blocks/modal.ts';
import type { AppContext } from '../../context.ts';
import { tell } from '../guard.ts';

/**
 * The decline modal's submit: records the decline (and its optional reason) for the invitee
 * only, then acknowledges (closing the modal): stored before acked, as every click is.
 */
export function inviteDecline(ctx: AppContext) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const reason = readState(view.state.values as Record<string, Record<string, unknown>>).reason;
    let refusal: string | undefined;
    try {
      await answerInvite(ctx, { inviteId: view.private_metadata, slackUserId: body.user.id, answer: 'decline', ...(typeof reason === 'string' ? { reason } : {}) });
    } catch (error) {
      if (!(error instanceof NotYourInviteError || error instanceof InviteClosedError)) throw error;
      refusal = error.message;
    }
    await ack();
    if (refusal) await tell(client, body.user.id, `:no_entry: ${refusal}`);
  };
}
