import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { pauseUntil } from '../../../roster/membership.service.ts';
import { parsePauseUntil } from '../../../roster/pause-date.ts';
import { loadActor } from '../../../roster/roles.service.ts';
import { PAUSE_FIELD } from '../../blocks/roster.blocks.ts';
import type { AppContext } from '../../context.ts';
import { publishHome } from '../home-publish.ts';

/**
 * The pause modal's submit. Validation decides how to ack (errors under the date field keep the
 * modal open); the pause is stored before the ack that closes the modal, the home refresh after.
 */
export function memberPause(ctx: AppContext) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const actor = await loadActor(ctx.db, body.user.id, ctx.config.PEERPODS_ADMINS);
    if (!actor) {
      await ack({ response_action: 'errors', errors: { [PAUSE_FIELD]: "peerpods doesn't know you yet; try again after the next roster sync." } });
      return;
    }
    // A crafted or broken payload may carry no state or a non-string date: it reads as nothing picked.
    const raw = (view.state.values as typeof view.state.values | undefined)?.[PAUSE_FIELD]?.[PAUSE_FIELD]?.selected_date;
    const picked = typeof raw === 'string' ? raw : undefined;
    const parsed = parsePauseUntil(picked, actor.person.timezone, ctx.clock.now());
    if ('error' in parsed) {
      await ack({ response_action: 'errors', errors: { [PAUSE_FIELD]: parsed.error } });
      return;
    }
    await pauseUntil(ctx, actor.person.id, parsed.until);
    await ack();
    await publishHome(ctx, client, body.user.id, `:double_vertical_bar: Paused until ${picked}. You won't be invited until then, and any pod you're in drops you from its upcoming sessions until you're back.`);
  };
}
