import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { DraftEditError, discardDraft } from '../../../waves/draft-edit.service.ts';
import { refreshLeadHomes } from '../../../waves/lead-refresh.ts';
import { noticeView } from '../../blocks/launch.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guard, tell } from '../guard.ts';
import { isUuid } from '../../../core/ids.ts';

/**
 * "Discard draft" (after Slack's confirm dialog): the draft is cancelled before the ack, so a
 * click Slack does not retry is never lost; the modal then says so and the home tab drops it.
 */
export function wavePreviewDiscard(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.preview', { waveId, action: 'discard' });
    if (!actor || !isUuid(waveId)) return ack();
    let name: string;
    try {
      name = await discardDraft(ctx.db, waveId, { personId: actor.person.id, slackUserId: body.user.id }, ctx.clock.now());
    } catch (error) {
      await ack();
      if (error instanceof DraftEditError) return tell(client, body.user.id, `:no_entry: ${error.message}`);
      throw error;
    }
    await ack();
    if (body.view) await client.views.update({ view_id: body.view.id, view: noticeView('Draft discarded', `${name} was discarded: nobody was invited, and it no longer shows on your home tab.`) });
    await refreshLeadHomes(ctx);
  };
}
