import { WebClient } from '@slack/web-api';
import type { SlackEmulator } from '../../src/sandbox/slack/index.ts';

/** The bot's real WebClient pointed at the emulator, configured as production's: 429s throw, no SDK retries. */
export function botClient(slack: SlackEmulator): WebClient {
  return new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
}
