import type { WebClient } from '@slack/web-api';
import type { EffectPayload, SlackMessageResult } from './effects.ts';

/** Marks our messages so a retry after an uncertain send can find what was already posted. */
export const METADATA_EVENT = 'peerpods_outbox';

export function outboxMetadata(key: string) {
  return { event_type: METADATA_EVENT, event_payload: { idempotency_key: key } };
}

/**
 * conversations.history pages of 15: Slack's cap since 2025 for commercially distributed
 * non-Marketplace apps. A peerpods install is an internal app (Tier 3, pages up to 999), but the
 * look-up is built to work under the stricter rule: a narrow window, a few small pages.
 */
const HISTORY_PAGE = 15;
const HISTORY_PAGES = 4;
/** Slack's clock and ours may disagree a little; the window opens this much before the intent. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Looks for a message carrying this key. It cannot have been posted before its outbox row was
 * written (`since`), so only messages from then on are read, newest first, at most 60 of them.
 */
export async function findPostedMessage(slack: WebClient, channel: string, key: string, since?: Date): Promise<SlackMessageResult | undefined> {
  const oldest = since ? { oldest: String(Math.max(0, Math.floor((since.getTime() - CLOCK_SKEW_MS) / 1000))), inclusive: true } : {};
  let cursor: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const history = await slack.conversations.history({ channel, limit: HISTORY_PAGE, include_all_metadata: true, ...oldest, ...(cursor ? { cursor } : {}) });
    const found = history.messages?.find(
      (message) => message.metadata?.event_type === METADATA_EVENT &&
        (message.metadata.event_payload as Record<string, unknown> | undefined)?.idempotency_key === key,
    );
    if (found?.ts) return { channel, ts: found.ts };
    cursor = history.response_metadata?.next_cursor;
    if (!history.has_more || !cursor) return undefined;
  }
  return undefined;
}

/** The IM or group DM channel for these users (conversations.open is idempotent for a set). */
export async function openConversation(slack: WebClient, users: string[]): Promise<string> {
  const opened = await slack.conversations.open({ users: users.join(','), return_im: false });
  const id = opened.channel?.id;
  if (!id) throw new Error('conversations.open returned no channel');
  return id;
}

const isUserId = (channel: string) => /^[UW][A-Z0-9]+$/.test(channel);

/**
 * Posts once. `uncertain` means an earlier attempt may have reached Slack (it was counted but
 * never recorded as sent), so the channel is checked for the key before posting again.
 */
export async function postMessage(
  slack: WebClient,
  key: string,
  payload: EffectPayload<'slack.message'>,
  uncertain: boolean,
  since?: Date,
): Promise<SlackMessageResult> {
  if (uncertain) {
    const channel = isUserId(payload.channel) ? await openConversation(slack, [payload.channel]) : payload.channel;
    const already = await findPostedMessage(slack, channel, key, since);
    if (already) return already;
  }
  const posted = await slack.chat.postMessage({
    channel: payload.channel,
    text: payload.text,
    ...(payload.blocks ? { blocks: payload.blocks as never } : {}),
    metadata: outboxMetadata(key),
    unfurl_links: false,
  });
  if (!posted.channel || !posted.ts) throw new Error('chat.postMessage returned no channel/ts');
  return { channel: posted.channel, ts: posted.ts };
}

export async function postGroupMessage(
  slack: WebClient,
  key: string,
  payload: EffectPayload<'slack.group_message'>,
  uncertain: boolean,
  since?: Date,
): Promise<SlackMessageResult> {
  const channel = await openConversation(slack, payload.users);
  return postMessage(slack, key, { channel, text: payload.text, blocks: payload.blocks }, uncertain, since);
}

export async function updateMessage(
  slack: WebClient,
  target: SlackMessageResult,
  payload: EffectPayload<'slack.update'>,
): Promise<SlackMessageResult> {
  await slack.chat.update({
    channel: target.channel,
    ts: target.ts,
    text: payload.text,
    ...(payload.blocks ? { blocks: payload.blocks as never } : {}),
  });
  return target;
}

/** Slack errors that will not go away by retrying: the intent itself is wrong or moot. */
const PERMANENT = new Set([
  'channel_not_found', 'not_in_channel', 'is_archived', 'msg_too_long', 'no_text', 'invalid_blocks',
  'invalid_arguments', 'user_not_found', 'users_not_found', 'cannot_dm_bot', 'message_not_found',
  'cant_update_message', 'edit_window_closed', 'user_disabled', 'too_many_users', 'not_enough_users',
  'restricted_action',
]);
// Not here on purpose: invalid_auth, not_authed, missing_scope, account_inactive. They say the
// install is broken (a rotated token, a missing scope), not the message; retrying after the
// operator fixes it delivers everything, and `peerpods outbox retry` resends what ran out of tries.

export function isPermanentSlackError(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } };
  if (e?.code === 'slack_webapi_platform_error' && e.data?.error && PERMANENT.has(e.data.error)) return e.data.error;
  return undefined;
}
