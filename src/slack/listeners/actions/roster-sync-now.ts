import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { recordAudit } from '../../../audit/audit.repository.ts';
import { jobId } from '../../../queue/job-id.ts';
import { authorize, ForbiddenError, UnknownUserError } from '../../../roster/roles.service.ts';
import type { AppContext } from '../../context.ts';
import { publishHome } from '../home-publish.ts';

/** "Sync roster now" on the admin home: admins only (checked here), the sync itself is a job. */
export function rosterSyncNow(ctx: AppContext) {
  return async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    const now = ctx.clock.now();
    // Queued and audited before the ack: Slack never retries a click.
    try {
      const actor = await authorize(ctx.db, { slackUserId: body.user.id, permission: 'roster.sync', admins: ctx.config.PEERPODS_ADMINS, now });
      // One manual sync per minute: repeated clicks join the queued one.
      const minute = now.toISOString().slice(0, 16);
      await ctx.enqueue('roster-sync', { trigger: 'manual', requestedBy: body.user.id }, { jobId: jobId('roster-sync', 'manual', minute) });
      await recordAudit(ctx.db, { actorId: actor.person.id, actorSlackId: body.user.id, action: 'roster.sync', allowed: true, detail: 'queued from the home tab' }, now);
      await ack();
      await publishHome(ctx, client, body.user.id, ':hourglass_flowing_sand: Roster sync queued. This tab updates when it finishes.');
    } catch (error) {
      await ack();
      if (error instanceof ForbiddenError || error instanceof UnknownUserError) return publishHome(ctx, client, body.user.id, `:no_entry: ${error.message}`);
      throw error;
    }
  };
}
