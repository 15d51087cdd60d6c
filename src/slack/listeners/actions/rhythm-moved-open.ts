import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { DateTime } from 'luxon';
import { sessionForUpdate, podMembers } from '../../../rhythm/rhythm.repository.ts';
import { movedModal } from '../../blocks/rhythm.blocks.ts';
import type { AppContext } from '../../context.ts';
import { tell } from '../guard.ts';
import { isUuid } from '../../../core/ids.ts';

/**
 * "We moved it…" opens the date picker. Opening changes nothing, so it is acknowledged first (the
 * trigger expires in 3 s); the submission re-checks membership and stores the move.
 */
export function rhythmMovedOpen(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const sessionId = action.value ?? '';
    const s = isUuid(sessionId) ? await ctx.db.transaction().execute((trx) => sessionForUpdate(trx, sessionId)) : undefined;
    const members = s ? await podMembers(ctx.db, s.pod_id) : [];
    const me = members.find((m) => m.slackUserId === body.user.id && m.status !== 'left');
    if (!s || !me) return tell(client, body.user.id, ':no_entry: Only members of this pod can answer for its sessions.');
    const today = DateTime.fromJSDate(ctx.clock.now(), { zone: me.zone }).toISODate()!;
    await client.views.open({ trigger_id: body.trigger_id, view: movedModal({ sessionId: s.id, podName: s.podName, index: s.index, count: s.sessionCount }, today) });
  };
}
