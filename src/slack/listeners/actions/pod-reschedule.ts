import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { isRescheduleRefusal } from '../../../calendar/reschedule.errors.ts';
import { requestNewTime } from '../../../calendar/reschedule.service.ts';
import { jobId } from '../../../queue/job-id.ts';
import type { AppContext } from '../../context.ts';
import { answerPrivately } from './pod-reschedule-answer.ts';

/**
 * "Find a new time" in the pod's group DM: membership is re-checked in the service (refusals
 * audited); the request is stored before the ack, and the slow part (free/busy, slot finding)
 * runs in the `reschedule-offer` job, which posts the options to the pod.
 */
export function podReschedule(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    let answer: string;
    let offerId: string | undefined;
    try {
      const request = await requestNewTime(ctx, { podId: action.value ?? '', slackUserId: body.user.id });
      if (request.fresh) offerId = request.offerId;
      answer = request.fresh ? 'Looking for times that suit everyone; the options will appear in this chat.' : 'New times were asked for a moment ago: the options are (or will be) in this chat.';
    } catch (error) {
      if (!isRescheduleRefusal(error)) {
        await ack();
        throw error;
      }
      answer = `:no_entry: ${error.message}`;
    }
    await ack();
    if (offerId) await ctx.enqueue('reschedule-offer', { offerId }, { jobId: jobId('reschedule-offer', offerId) });
    await answerPrivately(client, body, answer);
  };
}
