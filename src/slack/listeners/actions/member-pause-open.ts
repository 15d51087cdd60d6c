import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { DateTime } from 'luxon';
import { currentPodOf } from '../../../roster/my-pod.repository.ts';
import { loadActor } from '../../../roster/roles.service.ts';
import { escape } from '../../blocks/common.ts';
import { pauseModal } from '../../blocks/roster.blocks.ts';
import type { AppContext } from '../../context.ts';

/** "Pause…": opens the date modal (trigger ids last 3 s, so this is the only work done). */
export function memberPauseOpen(ctx: AppContext) {
  return async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const actor = await loadActor(ctx.db, body.user.id, ctx.config.PEERPODS_ADMINS);
    const zone = actor?.person.timezone ?? 'UTC';
    const inFourWeeks = DateTime.fromJSDate(ctx.clock.now()).setZone(zone).plus({ weeks: 4 }).toISODate() ?? '';
    const pod = actor ? await currentPodOf(ctx.db, actor.person.id) : undefined;
    await client.views.open({ trigger_id: body.trigger_id, view: pauseModal(inFourWeeks, pod ? escape(pod.name) : undefined) });
  };
}
