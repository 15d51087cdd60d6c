import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { nudgeNonResponders, WaveControlError } from '../../../waves/wave-control.service.ts';
import type { AppContext } from '../../context.ts';
import { guard, tell } from '../guard.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Nudge N people": one DM per non-responder, ever; the lead is told how many went out. */
export function waveNudge(ctx: AppContext) {
  return async ({ ack, body, action, client }: Args) => {
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.manage', { waveId, action: 'nudge' });
    if (!actor) return ack();
    // The nudges are planned before the ack: Slack never retries a click, so an ack first could lose them.
    let said: string;
    try {
      const sent = await nudgeNonResponders(ctx, waveId, { personId: actor.person.id, slackUserId: body.user.id, name: actor.person.name });
      said = sent
        ? `:wave: ${sent} ${sent === 1 ? 'person' : 'people'} who had not answered will get one short nudge, inside their own working hours.`
        : 'Everyone who has not answered was nudged already (nobody is nudged twice), or their working hours start after the deadline.';
    } catch (error) {
      if (!(error instanceof WaveControlError)) throw error;
      said = `:no_entry: ${error.message}`;
    }
    await ack();
    await tell(client, body.user.id, said);
  };
}
