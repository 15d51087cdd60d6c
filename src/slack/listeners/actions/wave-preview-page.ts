import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.ts';
import { guard } from '../guard.ts';
import { showPreview } from './wave-preview-show.ts';

/** "Previous"/"Next" in the preview: value is `<waveId>|<page>`. */
export function wavePreviewPage(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const [waveId = '', page = '0'] = String(action.value ?? '').split('|');
    const actor = await guard(ctx, client, body.user.id, 'wave.preview', { waveId });
    if (!actor || !body.view) return;
    await showPreview(ctx, client, body.view.id, waveId, Math.max(0, Number.parseInt(page, 10) || 0));
  };
}
