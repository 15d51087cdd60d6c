import type { WebClient } from '@slack/web-api';
import type { Permission } from '../../core/permissions.ts';
import { authorize, ForbiddenError, UnknownUserError, type Actor } from '../../roster/roles.service.ts';
import type { AppContext } from '../context.ts';

/**
 * The server-side role check of a privileged interaction. On refusal (already audited by
 * authorize) the user is told why in a DM from the app and `undefined` is returned: the caller
 * changes nothing.
 */
export async function guard(
  ctx: AppContext,
  client: WebClient,
  slackUserId: string,
  permission: Permission,
  subject: Record<string, unknown> = {},
): Promise<Actor | undefined> {
  try {
    return await authorize(ctx.db, { slackUserId, permission, admins: ctx.config.PEERPODS_ADMINS, now: ctx.clock.now(), subject });
  } catch (error) {
    if (error instanceof ForbiddenError || error instanceof UnknownUserError) {
      await tell(client, slackUserId, `:no_entry: ${error.message}`);
      return undefined;
    }
    throw error;
  }
}

/** A short DM from the app: the "ephemeral-style" answer to an interaction. Never throws. */
export async function tell(client: WebClient, slackUserId: string, text: string): Promise<void> {
  await client.chat.postMessage({ channel: slackUserId, text }).catch(() => undefined);
}
