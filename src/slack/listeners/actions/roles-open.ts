import { escape } from '../../blocks/common.ts';
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { peopleWithRole } from '../../../roster/person.repository.ts';
import { authorize, ForbiddenError, UnknownUserError } from '../../../roster/roles.service.ts';
import { rolesModal } from '../../blocks/roster.blocks.ts';
import type { AppContext } from '../../context.ts';
import { publishHome } from '../home-publish.ts';

/** "Manage roles…": admins only; opens the grant/revoke modal listing who holds what. */
export function rolesOpen(ctx: AppContext) {
  return async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    try {
      await authorize(ctx.db, { slackUserId: body.user.id, permission: 'roles.grant', admins: ctx.config.PEERPODS_ADMINS, now: ctx.clock.now() });
    } catch (error) {
      if (error instanceof ForbiddenError || error instanceof UnknownUserError) return publishHome(ctx, client, body.user.id, `:no_entry: ${error.message}`);
      throw error;
    }
    const [leads, hr] = await Promise.all([peopleWithRole(ctx.db, 'lead'), peopleWithRole(ctx.db, 'hr')]);
    const names = (list: { slack_user_id: string | null; name: string }[]) =>
      list.length ? list.map((p) => (p.slack_user_id ? `<@${p.slack_user_id}>` : escape(p.name))).join(', ') : '_nobody_';
    await client.views.open({ trigger_id: body.trigger_id, view: rolesModal(`*Programme leads:* ${names(leads)}\n*HR:* ${names(hr)}`) });
  };
}
