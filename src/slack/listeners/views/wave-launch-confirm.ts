import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { recordAudit } from '../../../audit/audit.repository.ts';
import { authorize } from '../../../roster/roles.service.ts';
import { findWave } from '../../../waves/wave.repository.ts';
import { launchedView, noticeView } from '../../blocks/launch.blocks.ts';
import type { AppContext } from '../../context.ts';

/**
 * "Launch" on the preview: re-checks the role server-side (a member replaying this payload is
 * refused and audited; nothing changes), then queues the launch and acknowledges at once.
 */
export function waveLaunchConfirm(ctx: AppContext) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const now = ctx.clock.now();
    const waveId = view.private_metadata;
    const actor = await authorize(ctx.db, { slackUserId: body.user.id, permission: 'wave.launch', admins: ctx.config.PEERPODS_ADMINS, now, subject: { waveId } })
      .catch((error: Error) => error);
    if (actor instanceof Error) {
      await ack({ response_action: 'update', view: noticeView('Not allowed', actor.message) });
      return;
    }
    const wave = /^[0-9a-f-]{36}$/i.test(waveId) ? await findWave(ctx.db, waveId) : undefined;
    if (!wave || wave.status !== 'draft') {
      await ack({ response_action: 'update', view: noticeView('Launch a wave', wave ? `This wave is already ${wave.status}.` : 'This preview has expired: open "Launch wave" again.') });
      return;
    }
    await ack({ response_action: 'update', view: launchedView(wave.name) });
    await recordAudit(ctx.db, { actorId: actor.person.id, actorSlackId: body.user.id, action: 'wave.launch.requested', allowed: true, subject: { waveId } }, now);
    await ctx.enqueue('wave-launch', { waveId, actorPersonId: actor.person.id, actorSlackId: body.user.id });
  };
}
