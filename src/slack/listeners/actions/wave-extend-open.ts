import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { extendDeadlineView } from '../../blocks/wave-detail.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guard, tell } from '../guard.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Extend the deadline…": pushes the date modal over the wave modal. */
export function waveExtendOpen(ctx: AppContext) {
  return async ({ ack, body, action, client }: Args) => {
    await ack();
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.manage', { waveId, action: 'extend' });
    if (!actor) return;
    const wave = await ctx.db.selectFrom('wave').select('invite_deadline').where('id', '=', waveId).executeTakeFirst();
    if (!wave) return tell(client, body.user.id, 'That wave no longer exists.');
    const nextDay = new Date(wave.invite_deadline.getTime() + 86_400_000).toISOString().slice(0, 10);
    await client.views.push({ trigger_id: body.trigger_id, view: extendDeadlineView(waveId, nextDay) });
  };
}
