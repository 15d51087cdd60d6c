import type { WebClient } from '@slack/web-api';
import type { Permission } from '../../core/permissions.ts';
import { authorize, ForbiddenError, UnknownUserError, type Actor } from '../../roster/roles.service.ts';
import type { AppContext } from '../context.ts';
import { isUuid } from '../../core/ids.ts';

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
  let actor: Actor;
  try {
    actor = await authorize(ctx.db, { slackUserId, permission, admins: ctx.config.PEERPODS_ADMINS, now: ctx.clock.now(), subject });
  } catch (error) {
    if (error instanceof ForbiddenError || error instanceof UnknownUserError) {
      await refuse(error.message);
      return undefined;
    }
    throw error;
  }
  // The wave or pod a button or modal names came from the request: one that cannot be an id (a
  // forged or mangled payload) is answered clearly here, before a query would fail on it and the
  // request end in a 500 that Slack shows as an error.
  const bad = SUBJECT_IDS.filter((key) => key in subject && subject[key] !== undefined && !isUuid(subject[key]));
  if (bad.length) {
    await refuse('That wave or pod does not exist (the button may be from an old or altered message). Nothing was changed.');
    return undefined;
  }
  return actor;
}

const SUBJECT_IDS = ['waveId', 'podId', 'intoId'] as const;

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
