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
    // Acked the moment the answer is committed; its follow-ups (enqueues) run after the ack.
    let acked = false;
    const ackOnce = async () => {
      if (acked) return;
      acked = true;
      await ack();
    };
    try {
      await answerInvite(ctx, { inviteId: view.private_metadata, slackUserId: body.user.id, answer: 'decline', ...(typeof reason === 'string' ? { reason } : {}) }, ackOnce);
    } catch (error) {
      if (!(error instanceof NotYourInviteError || error instanceof InviteClosedError)) throw error;
      refusal = error.message;
    }
    await ackOnce();
    if (refusal) await tell(client, body.user.id, `:no_entry: ${refusal}`);
  };
}
