import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { nudgeNonResponders, WaveControlError } from '../../../waves/wave-control.service.ts';
import { extendDeadlineView } from '../../blocks/wave-detail.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guard, tell } from '../guard.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Nudge N people": one DM per non-responder, ever; the lead is told how many went out. */
export function waveNudge(ctx: AppContext) {
  return async ({ ack, body, action, client }: Args) => {
    await ack();
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.manage', { waveId, action: 'nudge' });
    if (!actor) return;
    try {
      const sent = await nudgeNonResponders(ctx, waveId, { personId: actor.person.id, slackUserId: body.user.id, name: actor.person.name });
      await tell(client, body.user.id, sent
        ? `:wave: ${sent} ${sent === 1 ? 'person' : 'people'} who had not answered will get one short nudge, inside their own working hours.`
        : 'Everyone who has not answered was nudged already (nobody is nudged twice), or their working hours start after the deadline.');
    } catch (error) {
      if (error instanceof WaveControlError) return tell(client, body.user.id, `:no_entry: ${error.message}`);
      throw error;
    }
  };
}

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
