import { escape } from '../../blocks/common.ts';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { changeRole, NotOnRosterError, type GrantableRole } from '../../../roster/role-admin.service.ts';
import { authorize, ForbiddenError, UnknownUserError } from '../../../roster/roles.service.ts';
import { ROLES_FIELDS } from '../../blocks/roster.blocks.ts';
import type { AppContext } from '../../context.ts';
import { publishHome } from '../home-publish.ts';

/**
 * The roles modal's submit: re-checks 'roles.grant' here (a submission can be crafted without the
 * button), then grants or revokes with an audit row. Refusals and bad picks answer in the modal.
 */
export function rolesSubmit(ctx: AppContext) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    // A crafted or broken payload may carry no state or wrong types: it reads as nothing picked.
    const values = (view.state.values as typeof view.state.values | undefined) ?? {};
    const text = (x: unknown) => (typeof x === 'string' ? x : undefined);
    const target = text(values[ROLES_FIELDS.user]?.[ROLES_FIELDS.user]?.selected_user);
    const role = text(values[ROLES_FIELDS.role]?.[ROLES_FIELDS.role]?.selected_option?.value);
    const change = text(values[ROLES_FIELDS.change]?.[ROLES_FIELDS.change]?.selected_option?.value);
    const now = ctx.clock.now();
    let actor;
    try {
      actor = await authorize(ctx.db, {
        slackUserId: body.user.id, permission: 'roles.grant', admins: ctx.config.PEERPODS_ADMINS, now, subject: { target, role, change },
      });
    } catch (error) {
      if (error instanceof ForbiddenError || error instanceof UnknownUserError) {
        await ack({ response_action: 'errors', errors: { [ROLES_FIELDS.user]: error.message } });
        return;
      }
      throw error;
    }
    if (!target || (role !== 'lead' && role !== 'hr') || (change !== 'grant' && change !== 'revoke')) {
      await ack({ response_action: 'errors', errors: { [ROLES_FIELDS.user]: 'Pick a person, a role and grant or revoke.' } });
      return;
    }
    try {
      const result = await changeRole(ctx.db, { actor, targetSlackUserId: target, role: role as GrantableRole, change, now });
      await ack();
      const what = change === 'grant' ? `granted ${role} to` : `revoked ${role} from`;
      await publishHome(ctx, client, body.user.id, result.changed ? `:white_check_mark: You ${what} ${escape(result.personName)}.` : `Nothing to change: ${escape(result.personName)} already had that.`);
    } catch (error) {
      if (error instanceof NotOnRosterError) {
        await ack({ response_action: 'errors', errors: { [ROLES_FIELDS.user]: error.message } });
        return;
      }
      throw error;
    }
  };
}
