import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { moveSession } from '../../../rhythm/checkin.service.ts';
import { BadMoveDateError, NotYourSessionError, SessionClosedError } from '../../../rhythm/errors.ts';
import { noticeView } from '../../blocks/launch.blocks.ts';
import { readState } from '../../blocks/modal.ts';
import type { AppContext } from '../../context.ts';

/** The moved session's new date: stored, then acknowledged; a bad date is an inline error. */
export function rhythmMoved(ctx: AppContext) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const date = readState(view.state.values as Record<string, Record<string, unknown>>).moved_date;
    try {
      await moveSession(ctx, { sessionId: view.private_metadata, slackUserId: body.user.id, date: typeof date === 'string' ? date : '' });
    } catch (error) {
      if (error instanceof BadMoveDateError) return void (await ack({ response_action: 'errors', errors: { moved_date: error.message } }));
      if (error instanceof NotYourSessionError || error instanceof SessionClosedError) {
        return void (await ack({ response_action: 'update', view: noticeView('Not changed', error.message) }));
      }
      await ack({ response_action: 'update', view: noticeView('Something went wrong', 'Something went wrong on our side. Please try again in a minute.') });
      throw error;
    }
    await ack();
  };
}
