import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { isRescheduleRefusal, RescheduleNoLongerFreeError } from '../../../calendar/reschedule.errors.ts';
import { jobId } from '../../../queue/job-id.ts';
import { chooseNewTime } from '../../../calendar/reschedule.service.ts';
import { parsePickValue } from '../../blocks/reschedule.blocks.ts';
import type { AppContext } from '../../context.ts';
import { answerPrivately } from './pod-reschedule-answer.ts';

/**
 * "Move here" on one offered slot: the move (sessions, calendar split, the pod told) is stored
 * before the ack. Membership is re-checked server-side; a stale choice or a second click is
 * answered privately and changes nothing. Free/busy is read again first: a slot that members
 * have filled since the offer is not applied, and fresh options are offered instead.
 */
export function podReschedulePick(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    const pick = parsePickValue(action.value ?? '') ?? { offerId: '', option: -1 };
    let refusal: string | undefined;
    let fresh: string | null = null;
    try {
      await chooseNewTime(ctx, { ...pick, slackUserId: body.user.id });
    } catch (error) {
      if (!isRescheduleRefusal(error)) {
        await ack();
        throw error;
      }
      refusal = error.message;
      if (error instanceof RescheduleNoLongerFreeError) fresh = error.freshOfferId;
    }
    await ack();
    // The slot stopped fitting: fresh options (the request is stored; the reconciler re-queues a lost job).
    if (fresh) await ctx.enqueue('reschedule-offer', { offerId: fresh }, { jobId: jobId('reschedule-offer', fresh) });
    if (refusal) await answerPrivately(client, body, `:no_entry: ${refusal}`);
  };
}
