import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { draftMembers } from '../../../waves/draft.service.ts';
import { swapView } from '../../blocks/preview-edit.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guard } from '../guard.ts';
import { isUuid } from '../../../core/ids.ts';

/** "Swap two people…" in the preview: pushes the two person pickers. */
export function wavePreviewSwapOpen(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.preview', { waveId, action: 'swap' });
    if (!actor || !isUuid(waveId)) return;
    await client.views.push({ trigger_id: body.trigger_id, view: swapView(waveId, (await draftMembers(ctx.db, waveId)).length) });
  };
}
