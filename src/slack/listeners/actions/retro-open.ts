import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { NotInThisPodError, RetroClosedError, retroFormFor } from '../../../retros/retro.service.ts';
import { noticeView } from '../../blocks/launch.blocks.ts';
import { retroModal } from '../../blocks/retro.blocks.ts';
import type { AppContext } from '../../context.ts';

/**
 * "Answer the retro": opens the form (pre-filled with a saved answer) for a current member of that
 * round whose retro is open; anyone else gets a modal saying why. Nothing is stored by the click.
 */
export function retroOpen(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    try {
      const { pod, cadenceWeeks, saved } = await retroFormFor(ctx, { podId: action.value ?? '', slackUserId: body.user.id });
      const values = saved ? {
        wantsToContinue: saved.wants_to_continue, rating: saved.rating, celebrate: saved.celebrate, change: saved.change,
        cadenceNext: saved.cadence_next, facilitationNext: saved.facilitation_next, recommend: saved.recommend, share: saved.share_with_leads,
      } : {};
      await client.views.open({ trigger_id: body.trigger_id, view: retroModal({ podId: pod.id, podName: pod.name, round: pod.round, cadenceWeeks }, values) });
    } catch (error) {
      if (error instanceof NotInThisPodError || error instanceof RetroClosedError) {
        await client.views.open({ trigger_id: body.trigger_id, view: noticeView('Pod retro', error.message) });
        return;
      }
      throw error;
    }
  };
}
