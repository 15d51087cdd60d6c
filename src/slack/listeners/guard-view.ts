import type { Permission } from '../../core/permissions.ts';
import type { Actor } from '../../roster/roles.service.ts';
import { noticeView } from '../blocks/launch.blocks.ts';
import type { AppContext } from '../context.ts';
import { authorizeOr } from './guard.ts';

type ViewAck = (response?: { response_action: 'update'; view: ReturnType<typeof noticeView> }) => Promise<void>;

export const SOMETHING_WENT_WRONG = 'Something went wrong on our side. Please try again in a minute.';

/**
 * The server-side role check of a modal submission. A refusal (audited by authorize) replaces the
 * modal with why and returns `undefined`: the caller changes nothing. Any other failure (the
 * database is down, a bug) shows a generic message, never the raw error, and is rethrown so
 * app.error logs it.
 */
export async function guardSubmission(
  ctx: AppContext,
  ack: ViewAck,
  slackUserId: string,
  permission: Permission,
  subject: Record<string, unknown> = {},
): Promise<Actor | undefined> {
  try {
    return await authorizeOr(ctx, slackUserId, permission, subject, (message) =>
      ack({ response_action: 'update', view: noticeView('Not allowed', message) }));
  } catch (error) {
    await ack({ response_action: 'update', view: noticeView('Something went wrong', SOMETHING_WENT_WRONG) });
    throw error;
  }
}
