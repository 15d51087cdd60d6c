import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { draftMembers } from '../../../waves/draft.service.ts';
import { moveOutView } from '../../blocks/launch.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guard } from '../guard.ts';
import { isUuid } from '../../../core/ids.ts';

/** "Move someone out…" in the preview: pushes the person picker. */
export function wavePreviewMoveOpen(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.preview', { waveId, action: 'move_out' });
    if (!actor || !isUuid(waveId)) return;
    await client.views.push({ trigger_id: body.trigger_id, view: moveOutView(waveId, (await draftMembers(ctx.db, waveId)).length) });
  };
}
