import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { BadMoveDateError, NotYourSessionError, SessionClosedError } from '../../../rhythm/errors.ts';
import type { AppContext } from '../../context.ts';
import { tell } from '../guard.ts';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * A session button (prompt, check-in): the change is stored first and acknowledged after (Slack
 * never retries a click), well inside Slack's 3 s. Who may click is re-checked in the service from
 * the signed request's user; a refusal or a stale click is told to the person, nothing changed.
 */
export function sessionButton(ctx: AppContext, run: (sessionId: string, slackUserId: string, args: Args) => Promise<unknown>) {
  return async (args: Args) => {
    const { ack, body, client, action } = args;
    const sessionId = 'value' in action && typeof action.value === 'string' ? action.value : (body as { actions?: { block_id?: string }[] }).actions?.[0]?.block_id?.split(':')[1] ?? '';
    let refusal: string | undefined;
    try {
      await run(sessionId, body.user.id, args);
    } catch (error) {
      if (!(error instanceof NotYourSessionError || error instanceof SessionClosedError || error instanceof BadMoveDateError)) {
        await ack();
        throw error;
      }
      refusal = error.message;
    }
    await ack();
    if (refusal) await tell(client, body.user.id, `:no_entry: ${refusal}`);
  };
}
