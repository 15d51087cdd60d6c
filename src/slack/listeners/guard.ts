import type { WebClient } from '@slack/web-api';
import type { Permission } from '../../core/permissions.ts';
import { authorize, ForbiddenError, UnknownUserError, type Actor } from '../../roster/roles.service.ts';
import type { AppContext } from '../context.ts';

/**
 * authorize() for a Slack handler: a refusal (already audited by authorize) is answered through
 * `refuse` and gives `undefined`, so the caller changes nothing; any other error propagates.
 */
export async function authorizeOr(
  ctx: AppContext,
  slackUserId: string,
  permission: Permission,
  subject: Record<string, unknown>,
  refuse: (message: string) => Promise<void>,
): Promise<Actor | undefined> {
  try {
    return await authorize(ctx.db, { slackUserId, permission, admins: ctx.config.PEERPODS_ADMINS, now: ctx.clock.now(), subject });
  } catch (error) {
    if (error instanceof ForbiddenError || error instanceof UnknownUserError) {
      await refuse(error.message);
      return undefined;
    }
    throw error;
  }
}

/** The role check of a privileged interaction: a refusal is told to the user in a DM from the app. */
export async function guard(
  ctx: AppContext,
  client: WebClient,
  slackUserId: string,
  permission: Permission,
  subject: Record<string, unknown> = {},
): Promise<Actor | undefined> {
  return authorizeOr(ctx, slackUserId, permission, subject, (message) => tell(client, slackUserId, `:no_entry: ${message}`));
}

/** A short DM from the app: the "ephemeral-style" answer to an interaction. Never throws. */
export async function tell(client: WebClient, slackUserId: string, text: string): Promise<void> {
  await client.chat.postMessage({ channel: slackUserId, text }).catch(() => undefined);
}
