import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { rematchShortPod } from '../../../waves/short-pods.service.ts';
import { WaveControlError } from '../../../waves/wave-control.service.ts';
import type { AppContext } from '../../context.ts';
import { guard, tell } from '../guard.ts';
import { refreshWaveDetail } from './wave-detail-show.ts';
import { isId } from './wave-preview-show.ts';

/** "Re-match its people" on a meeting pod below its minimum (value: the pod id): done or refused before the ack. */
export function wavePodRematch(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    const podId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.manage', { podId, action: 'rematch' });
    if (!actor) return ack();
    const pod = isId(podId) ? await ctx.db.selectFrom('pod').select('wave_id').where('id', '=', podId).executeTakeFirst() : undefined;
    if (!pod) { await ack(); return tell(client, body.user.id, 'That pod no longer exists.'); }
    let said: string;
    try {
      said = `:twisted_rightwards_arrows: ${await rematchShortPod(ctx, pod.wave_id, podId, { personId: actor.person.id, slackUserId: body.user.id })}; everyone concerned gets a DM.`;
    } catch (error) {
      if (!(error instanceof WaveControlError)) { await ack(); throw error; }
      said = `:no_entry: ${error.message}`;
    }
    await ack();
    await tell(client, body.user.id, said);
    if (body.view) await refreshWaveDetail(ctx, client, body.view.id, pod.wave_id, 0, actor.person.timezone);
  };
}
