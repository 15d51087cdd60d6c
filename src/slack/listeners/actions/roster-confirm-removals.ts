import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { recordAudit } from '../../../audit/audit.repository.ts';
import { jobId } from '../../../queue/job-id.ts';
import type { AppContext } from '../../context.ts';
import { authorizeOr } from '../guard.ts';
import { publishHome } from '../home-publish.ts';

/**
 * "Confirm: N people left" on the admin home, after a sync refused for its many departures:
 * admins only (checked here). Runs the sync again, allowed to mark up to N people departed: if
 * it would now take more, it asks again.
 */
export function rosterConfirmRemovals(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    const now = ctx.clock.now();
    const count = Number(action.value);
    const refuse = (message: string) => publishHome(ctx, client, body.user.id, `:no_entry: ${message}`);
    const actor = await authorizeOr(ctx, body.user.id, 'roster.sync', { confirmRemovals: action.value }, async () => undefined);
    if (!actor || !Number.isInteger(count) || count < 1) {
      await ack();
      return refuse(actor ? 'That confirmation is not valid any more; run the sync again.' : "You don't have permission to do that (roster.sync).");
    }
    await ctx.enqueue('roster-sync', { trigger: 'manual', requestedBy: body.user.id, confirmRemovals: count }, { jobId: jobId('roster-sync', 'confirmed', now.getTime()) });
    await recordAudit(ctx.db, { actorId: actor.person.id, actorSlackId: body.user.id, action: 'roster.confirm_removals', allowed: true, subject: { count } }, now);
    await ack();
    await publishHome(ctx, client, body.user.id, `:hourglass_flowing_sand: Sync queued: up to ${count} people may be marked as departed.`);
  };
}
