import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { draftSettings } from '../../../waves/draft.service.ts';
import { rerunSettingsView } from '../../blocks/preview-edit.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guard, tell } from '../guard.ts';
import { isUuid } from '../../../core/ids.ts';

/** "Re-run with other settings…" in the preview: pushes the settings form, filled with the draft's current ones. */
export function wavePreviewSettingsOpen(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.preview', { waveId, action: 'rerun_settings' });
    if (!actor) return;
    const current = isUuid(waveId) ? await draftSettings(ctx.db, waveId) : undefined;
    if (!current) return tell(client, body.user.id, 'That draft no longer exists.');
    await client.views.push({ trigger_id: body.trigger_id, view: rerunSettingsView(waveId, current) });
  };
}
