import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerInvite, InviteClosedError, NotYourInviteError, type Answer } from '../../../waves/answer.service.ts';
import type { AppContext } from '../../context.ts';
import { tell } from '../guard.ts';

/**
 * Accept and "Not this time" on an invite DM. Acked first; the answer is a short transaction
 * (outbox intents update the message in place). Only the invitee may answer (checked in the service).
 */
export function inviteAnswer(ctx: AppContext, answer: Exclude<Answer, 'decline'>) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    try {
      await answerInvite(ctx, { inviteId: action.value ?? '', slackUserId: body.user.id, answer });
    } catch (error) {
      if (error instanceof NotYourInviteError || error instanceof InviteClosedError) {
        await tell(client, body.user.id, `:no_entry: ${error.message}`);
        return;
      }
      throw error;
    }
  };
}
