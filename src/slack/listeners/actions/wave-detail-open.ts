import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { section } from '../../blocks/common.ts';
import { modal } from '../../blocks/modal.ts';
import type { AppContext } from '../../context.ts';
import { guard } from '../guard.ts';
import { refreshWaveDetail } from './wave-detail-show.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Open" on a wave of the lead home: the whole wave in a modal. A loading view opens first (the
 * trigger lasts 3 s), then the figures replace it. Leads and admins only, re-checked here.
 */
export function waveDetailOpen(ctx: AppContext) {
  return async ({ ack, body, action, client }: Args) => {
    await ack();
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.view', { waveId });
    if (!actor) return;
    const opened = await client.views.open({ trigger_id: body.trigger_id, view: modal({ callbackId: 'wave_detail', title: 'Wave', blocks: [section(':hourglass_flowing_sand: Loading the wave…')] }) });
    await refreshWaveDetail(ctx, client, opened.view!.id!, waveId, 0, actor.person.timezone);
  };
}
