import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { cancelWave, WaveNotCancellableError } from '../../../waves/cancel.service.ts';
import type { AppContext } from '../../context.ts';
import { guard, tell } from '../guard.ts';

/**
 * "Cancel wave" on the lead home: leads and admins only, re-checked here whatever the UI showed.
 * The cancel is stored before the ack: Slack never retries a click, so an ack first could lose it.
 */
export function waveCancel(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.cancel', { waveId });
    if (!actor) return ack();
    let refusal: string | undefined;
    try {
      await cancelWave(ctx, waveId, { personId: actor.person.id, slackUserId: body.user.id });
    } catch (error) {
      if (!(error instanceof WaveNotCancellableError)) throw error;
      refusal = error.message;
    }
    await ack();
    if (refusal) await tell(client, body.user.id, refusal);
  };
}
