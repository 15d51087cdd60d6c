import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.ts';
import { guard } from '../guard.ts';
import { refreshWaveDetail } from './wave-detail-show.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Previous"/"Next" in the wave modal: value is `<waveId>|<page>`. */
export function waveDetailPage(ctx: AppContext) {
  return async ({ ack, body, action, client }: Args) => {
    await ack();
    const [waveId = '', page = '0'] = String(action.value ?? '').split('|');
    const actor = await guard(ctx, client, body.user.id, 'wave.view', { waveId });
    if (!actor || !body.view) return;
    await refreshWaveDetail(ctx, client, body.view.id, waveId, Math.max(0, Number.parseInt(page, 10) || 0), actor.person.timezone);
  };
}
