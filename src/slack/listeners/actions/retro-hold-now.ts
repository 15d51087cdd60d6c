import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { holdRetroNow, NotInThisPodError } from '../../../retros/retro.service.ts';
import type { AppContext } from '../../context.ts';
import { tell } from '../guard.ts';
import { isUuid } from '../../../core/ids.ts';

/**
 * "Wrap up early…" on a member's home (after Slack's confirm dialog): the pod's retro opens now,
 * stored before the ack (Slack never retries a click).
 */
export function retroHoldNow(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    let said: string | undefined;
    // A value that cannot be a pod id (an altered payload) names no pod: said so, nothing changed.
    if (!isUuid(action.value)) {
      await ack();
      return tell(client, body.user.id, ':no_entry: That pod does not exist (the button may be from an old or altered message). Nothing was changed.');
    }
    try {
      const outcome = await holdRetroNow(ctx, { podId: action.value, slackUserId: body.user.id });
      if (outcome !== 'opened') said = "Your pod's retro is already open or the round has ended: look for the retro DM from peerpods.";
    } catch (error) {
      if (!(error instanceof NotInThisPodError)) throw error;
      said = `:no_entry: ${error.message}`;
    }
    await ack();
    if (said) await tell(client, body.user.id, said);
  };
}
