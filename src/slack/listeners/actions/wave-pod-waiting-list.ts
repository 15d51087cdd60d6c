import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { WaveControlError } from '../../../waves/wave-control.service.ts';
import { inviteFromWaitingList } from '../../../waves/waiting-list.service.ts';
import type { AppContext } from '../../context.ts';
import { guard, tell } from '../guard.ts';
import { refreshWaveDetail } from './wave-detail-show.ts';
import { isUuid } from '../../../core/ids.ts';

/**
 * "Invite from the waiting list" on a pod below its minimum (value: the pod id); the modal then
 * shows the new state. The invites are stored before the ack: Slack never retries a click.
 */
export function wavePodWaitingList(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    const podId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.manage', { podId, action: 'waiting_list' });
    if (!actor) return ack();
    if (!isUuid(podId)) { await ack(); return tell(client, body.user.id, 'That pod no longer exists.'); }
    let said: string;
    try {
      const result = await inviteFromWaitingList(ctx, podId, { personId: actor.person.id, slackUserId: body.user.id });
      said = result.invited
        ? `:inbox_tray: ${result.invited} ${result.invited === 1 ? 'person' : 'people'} from the waiting list invited to the pod${result.reason ? `; nobody else fits (${result.reason})` : ''}.`
        : `Nobody from the waiting list fits this pod: ${result.reason ?? 'no candidates'}.`;
    } catch (error) {
      if (!(error instanceof WaveControlError)) throw error;
      await ack();
      return tell(client, body.user.id, `:no_entry: ${error.message}`);
    }
    await ack();
    await tell(client, body.user.id, said);
    const pod = await ctx.db.selectFrom('pod').select('wave_id').where('id', '=', podId).executeTakeFirst();
    if (body.view && pod) await refreshWaveDetail(ctx, client, body.view.id, pod.wave_id, 0, actor.person.timezone);
  };
}
