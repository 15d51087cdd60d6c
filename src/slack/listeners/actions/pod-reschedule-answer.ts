import type { BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { tell } from '../guard.ts';

/** An answer only the clicker sees: ephemeral in the chat they clicked in, else a DM from the app. */
export async function answerPrivately(client: WebClient, body: BlockAction, text: string): Promise<void> {
  const channel = body.channel?.id;
  if (channel) {
    const ok = await client.chat.postEphemeral({ channel, user: body.user.id, text }).then(() => true, () => false);
    if (ok) return;
  }
  await tell(client, body.user.id, text);
}
