import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Actor } from '../../../waves/launch.service.ts';
import { WaveControlError } from '../../../waves/wave-control.service.ts';
import type { AppContext } from '../../context.ts';
import { guard, tell } from '../guard.ts';
import { refreshWaveDetail } from './wave-detail-show.ts';
import { isUuid } from '../../../core/ids.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * A lead's change to a pod below its minimum (the button's value: pod ids joined by `|`, the short
 * pod first; two for a merge, one for a re-match): the role is re-checked, then the change is made (or refused, changing nothing) before
 * the ack, so the click is never lost; the lead is told the result and the wave modal shows the new
 * state. `run` gets the short pod's wave and the ids, and says what it did.
 */
export function shortPodAction(ctx: AppContext, kind: 'merge' | 'rematch', run: (waveId: string, ids: string[], actor: Actor) => Promise<string>) {
  const arity = kind === 'merge' ? 2 : 1;
  return async ({ ack, body, action, client }: Args) => {
    const ids = String(action.value ?? '').split('|');
    const actor = await guard(ctx, client, body.user.id, 'wave.manage', { podId: ids[0], ...(arity === 2 ? { intoId: ids[1] } : {}), action: kind });
    if (!actor) return ack();
    const pod = ids.length === arity && ids.every(isUuid) ? await ctx.db.selectFrom('pod').select('wave_id').where('id', '=', ids[0]!).executeTakeFirst() : undefined;
    if (!pod) { await ack(); return tell(client, body.user.id, 'That pod no longer exists.'); }
    let said: string;
    try {
      said = `:twisted_rightwards_arrows: ${await run(pod.wave_id, ids, { personId: actor.person.id, slackUserId: body.user.id })}; everyone concerned gets a DM.`;
    } catch (error) {
      if (!(error instanceof WaveControlError)) { await ack(); throw error; }
      said = `:no_entry: ${error.message}`;
    }
    await ack();
    await tell(client, body.user.id, said);
    if (body.view) await refreshWaveDetail(ctx, client, body.view.id, pod.wave_id, 0, actor.person.timezone);
  };
}
