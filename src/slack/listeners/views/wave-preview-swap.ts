import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { loadPreview } from '../../../waves/draft.service.ts';
import { DraftEditError, swapInDraft } from '../../../waves/draft-edit.service.ts';
import { previewView } from '../../blocks/launch.blocks.ts';
import { readState } from '../../blocks/modal.ts';
import { SWAP_FIELDS } from '../../blocks/preview-edit.blocks.ts';
import type { AppContext } from '../../context.ts';
import { isUuid } from '../../../core/ids.ts';
import { guardSubmission } from '../guard-view.ts';

/** "Swap": checked and stored before the ack (a refusal is an inline error); the preview underneath shows the swap's effect. */
export function wavePreviewSwap(ctx: AppContext) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const waveId = view.private_metadata;
    const actor = await guardSubmission(ctx, ack, body.user.id, 'wave.preview', { waveId, action: 'swap' });
    if (!actor) return;
    const state = readState(view.state.values as Record<string, Record<string, unknown>>);
    const [first, second] = [state[SWAP_FIELDS.first], state[SWAP_FIELDS.second]];
    const error = (field: string, message: string) => ack({ response_action: 'errors', errors: { [field]: message } } as never);
    if (!isUuid(waveId) || typeof first !== 'string' || !isUuid(first)) return error(SWAP_FIELDS.first, 'Pick someone from the list');
    if (typeof second !== 'string' || !isUuid(second)) return error(SWAP_FIELDS.second, 'Pick someone from the list');
    try {
      await swapInDraft(ctx.db, waveId, first, second, { personId: actor.person.id, slackUserId: body.user.id }, ctx.clock.now());
    } catch (e) {
      if (e instanceof DraftEditError) return error(SWAP_FIELDS.second, e.message);
      throw e;
    }
    await ack();
    const preview = await loadPreview(ctx.db, waveId);
    if (view.previous_view_id && preview) await client.views.update({ view_id: view.previous_view_id, view: previewView(preview) });
  };
}
