import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { extendDeadline, WaveControlError } from '../../../waves/wave-control.service.ts';
import { readState } from '../../blocks/modal.ts';
import { EXTEND_FIELD } from '../../blocks/wave-detail.blocks.ts';
import type { AppContext } from '../../context.ts';
import { refreshWaveDetail } from '../actions/wave-detail-show.ts';
import { guardSubmission } from '../guard-view.ts';

/**
 * The new deadline: checked and stored before the ack (a refused date is an inline error and
 * changes nothing); the wave modal underneath then shows the new date.
 */
export function waveExtend(ctx: AppContext) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const waveId = view.private_metadata;
    const actor = await guardSubmission(ctx, ack, body.user.id, 'wave.manage', { waveId, action: 'extend' });
    if (!actor) return;
    const day = readState(view.state.values as Record<string, Record<string, unknown>>)[EXTEND_FIELD];
    try {
      await extendDeadline(ctx, waveId, typeof day === 'string' ? day : '', { personId: actor.person.id, slackUserId: body.user.id });
    } catch (error) {
      if (error instanceof WaveControlError) return ack({ response_action: 'errors', errors: { [EXTEND_FIELD]: error.message } } as never);
      throw error;
    }
    await ack();
    if (view.previous_view_id) await refreshWaveDetail(ctx, client, view.previous_view_id, waveId, 0, actor.person.timezone);
  };
}
