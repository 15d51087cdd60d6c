import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { recordAudit } from '../../../audit/audit.repository.ts';
import { guardSubmission } from '../guard-view.ts';
import { findWave } from '../../../waves/wave.repository.ts';
import { launchJobId, recordLaunchRequest } from '../../../waves/wave-requests.ts';
import { launchedView, noticeView } from '../../blocks/launch.blocks.ts';
import type { AppContext } from '../../context.ts';

/**
 * "Launch" on the preview: re-checks the role server-side (a member replaying this payload is
 * refused and audited; nothing changes), records the request on the wave, acknowledges, then
 * queues the launch.
 */
export function waveLaunchConfirm(ctx: AppContext) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const now = ctx.clock.now();
    const waveId = view.private_metadata;
    const actor = await guardSubmission(ctx, ack, body.user.id, 'wave.launch', { waveId });
    if (!actor) return;
    const wave = /^[0-9a-f-]{36}$/i.test(waveId) ? await findWave(ctx.db, waveId) : undefined;
    if (!wave || wave.status !== 'draft') {
      await ack({ response_action: 'update', view: noticeView('Launch a wave', wave ? `This wave is already ${wave.status}.` : 'This preview has expired: open "Launch wave" again.') });
      return;
    }
    // Recorded before the ack: if the job below is lost, the reconciler launches the wave anyway.
    const recorded = await ctx.db.transaction().execute(async (trx) => {
      if (!(await recordLaunchRequest(trx, waveId, { personId: actor.person.id, slackUserId: body.user.id }, now))) return false;
      await recordAudit(trx, { actorId: actor.person.id, actorSlackId: body.user.id, action: 'wave.launch.requested', allowed: true, subject: { waveId } }, now);
      return true;
    });
    if (!recorded) {
      await ack({ response_action: 'update', view: noticeView('Launch a wave', 'This wave is not a draft any more.') });
      return;
    }
    await ack({ response_action: 'update', view: launchedView(wave.name) });
    await ctx.enqueue('wave-launch', { waveId, actorPersonId: actor.person.id, actorSlackId: body.user.id }, { jobId: launchJobId(waveId) });
  };
}
