import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { requestRerun } from '../../../waves/draft.service.ts';
import { WaveNotDraftError } from '../../../waves/preview.service.ts';
import { jobId } from '../../../queue/job-id.ts';
import { preparingView } from '../../blocks/launch.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guard, tell } from '../guard.ts';
import { isUuid } from '../../../core/ids.ts';

/**
 * "Re-run with a new seed": the request is stored (and audited) before the ack, the modal shows
 * "matching…", and the preview job replaces it with the new pods and figures. The job id names the
 * seed, so a re-run within the same instant as the last preview is not taken for it.
 */
export function wavePreviewRerun(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.preview', { waveId, action: 'rerun' });
    if (!actor || !body.view || !isUuid(waveId)) return ack();
    const now = ctx.clock.now();
    let seed: number;
    try {
      seed = await requestRerun(ctx.db, waveId, { viewId: body.view.id, slackUserId: body.user.id, personId: actor.person.id }, now);
    } catch (error) {
      await ack();
      if (error instanceof WaveNotDraftError) return tell(client, body.user.id, `:no_entry: ${error.message}`);
      throw error;
    }
    await ack();
    await client.views.update({ view_id: body.view.id, view: preparingView(waveId) });
    await ctx.enqueue('wave-preview', { waveId, viewId: body.view.id, slackUserId: body.user.id }, { jobId: jobId('wave-preview', waveId, now.getTime(), seed) });
  };
}
