import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { section } from '../../blocks/common.ts';
import { CONFIRM_CALLBACK } from '../../blocks/launch.blocks.ts';
import { modal } from '../../blocks/modal.ts';
import type { AppContext } from '../../context.ts';
import { guard } from '../guard.ts';
import { showPreview } from './wave-preview-show.ts';

/** "Open preview" on a draft of the lead home: the stored preview, without matching again. */
export function wavePreviewOpen(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.preview', { waveId });
    if (!actor) return;
    const opened = await client.views.open({ trigger_id: body.trigger_id, view: modal({ callbackId: CONFIRM_CALLBACK, title: 'Preview', close: 'Close', blocks: [section(':hourglass_flowing_sand: Loading the draft…')] }) });
    await showPreview(ctx, client, opened.view!.id!, waveId, 0);
  };
}
