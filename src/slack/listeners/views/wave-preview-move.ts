import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { loadPreview } from '../../../waves/draft.service.ts';
import { DraftEditError, moveOutOfDraft } from '../../../waves/draft-edit.service.ts';
import { MOVE_FIELD, previewView } from '../../blocks/launch.blocks.ts';
import { readState } from '../../blocks/modal.ts';
import type { AppContext } from '../../context.ts';
import { isUuid } from '../../../core/ids.ts';
import { guardSubmission } from '../guard-view.ts';

/** "Move out": checked and stored before the ack (a refusal is an inline error); the preview underneath shows the new figures. */
export function wavePreviewMove(ctx: AppContext) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const waveId = view.private_metadata;
    const actor = await guardSubmission(ctx, ack, body.user.id, 'wave.preview', { waveId, action: 'move_out' });
    if (!actor) return;
    const personId = readState(view.state.values as Record<string, Record<string, unknown>>)[MOVE_FIELD];
    const error = (message: string) => ack({ response_action: 'errors', errors: { [MOVE_FIELD]: message } } as never);
    if (!isUuid(waveId) || typeof personId !== 'string' || !isUuid(personId)) return error('Pick someone from the list');
    try {
      await moveOutOfDraft(ctx.db, waveId, personId, { personId: actor.person.id, slackUserId: body.user.id }, ctx.clock.now());
    } catch (e) {
      if (e instanceof DraftEditError) return error(e.message);
      throw e;
    }
    await ack();
    const preview = await loadPreview(ctx.db, waveId);
    if (view.previous_view_id && preview) await client.views.update({ view_id: view.previous_view_id, view: previewView(preview) });
  };
}
