import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { parseRetroAnswer, RetroInputError } from '../../../retros/retro-answer.ts';
import { NotInThisPodError, RetroClosedError, recordRetroAnswer } from '../../../retros/retro.service.ts';
import { noticeView } from '../../blocks/launch.blocks.ts';
import { readState } from '../../blocks/modal.ts';
import { retroThanksView } from '../../blocks/retro.blocks.ts';
import type { AppContext } from '../../context.ts';
import { SOMETHING_WENT_WRONG } from '../guard-view.ts';

/**
 * The retro form's submit. The answer is validated (bad input → inline errors under the fields,
 * nothing stored), then stored, and only then acknowledged (Slack never retries a submission).
 * Membership of that round is re-checked on the server by the service.
 */
export function retroSubmit(ctx: AppContext) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    try {
      const answer = parseRetroAnswer(readState(view.state.values as Record<string, Record<string, unknown>>));
      const saved = await recordRetroAnswer(ctx, { podId: view.private_metadata, slackUserId: body.user.id, answer });
      await ack({ response_action: 'update', view: retroThanksView({ podName: saved.podName, decided: saved.everyoneAnswered }) });
    } catch (error) {
      if (error instanceof RetroInputError) return void (await ack({ response_action: 'errors', errors: error.fields }));
      if (error instanceof NotInThisPodError || error instanceof RetroClosedError) {
        return void (await ack({ response_action: 'update', view: noticeView('Pod retro', error.message) }));
      }
      await ack({ response_action: 'update', view: noticeView('Something went wrong', SOMETHING_WENT_WRONG) });
      throw error;
    }
  };
}
