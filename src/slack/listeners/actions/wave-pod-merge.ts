import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { mergeShortPods } from '../../../waves/short-pods.service.ts';
import { WaveControlError } from '../../../waves/wave-control.service.ts';
import type { AppContext } from '../../context.ts';
import { guard, tell } from '../guard.ts';
import { refreshWaveDetail } from './wave-detail-show.ts';
import { isId } from './wave-preview-show.ts';

/**
 * "Merge into Pod N" on a meeting pod below its minimum (value `<from>|<into>`): done (or refused,
 * changing nothing) before the ack, so the click is never lost; the lead is told the result and the
 * wave modal shows the new state.
 */
export function wavePodMerge(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    const [fromId = '', intoId = ''] = (action.value ?? '').split('|');
    const actor = await guard(ctx, client, body.user.id, 'wave.manage', { podId: fromId, intoId, action: 'merge' });
    if (!actor) return ack();
    const pod = isId(fromId) && isId(intoId) ? await ctx.db.selectFrom('pod').select('wave_id').where('id', '=', fromId).executeTakeFirst() : undefined;
    if (!pod) { await ack(); return tell(client, body.user.id, 'That pod no longer exists.'); }
    let said: string;
    try {
      said = `:twisted_rightwards_arrows: ${await mergeShortPods(ctx, pod.wave_id, fromId, intoId, { personId: actor.person.id, slackUserId: body.user.id })}; everyone concerned gets a DM.`;
    } catch (error) {
      if (!(error instanceof WaveControlError)) { await ack(); throw error; }
      said = `:no_entry: ${error.message}`;
    }
    await ack();
    await tell(client, body.user.id, said);
    if (body.view) await refreshWaveDetail(ctx, client, body.view.id, pod.wave_id, 0, actor.person.timezone);
  };
}
