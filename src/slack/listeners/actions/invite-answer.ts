import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerInvite, InviteClosedError, NotYourInviteError, type Answer } from '../../../waves/answer.service.ts';
import type { AppContext } from '../../context.ts';
import { tell } from '../guard.ts';

/**
 * Accept and "Not this time" on an invite DM. The answer is stored first (a short transaction;
 * outbox intents update the message in place), then acknowledged: Slack never retries a click,
 * so an ack before the write could lose it. A failed write is not acknowledged and Slack shows
 * the person an error. Only the invitee may answer (checked in the service).
 */
export function inviteAnswer(ctx: AppContext, answer: Exclude<Answer, 'decline'>) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    let refusal: string | undefined;
    // Acked the moment the answer is committed; its follow-ups (enqueues) run after the ack.
    let acked = false;
    const ackOnce = async () => {
      if (acked) return;
      acked = true;
      await ack();
    };
    try {
      await answerInvite(ctx, { inviteId: action.value ?? '', slackUserId: body.user.id, answer }, ackOnce);
    } catch (error) {
      if (!(error instanceof NotYourInviteError || error instanceof InviteClosedError)) throw error;
      refusal = error.message;
    }
    await ackOnce();
    if (refusal) await tell(client, body.user.id, `:no_entry: ${refusal}`);
  };
}
