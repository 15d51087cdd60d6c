/**
 * A local Slack for tests and the demo. It serves the real Web API over HTTP on 127.0.0.1 to the
 * real @slack/web-api WebClient (and Bolt), and plays Slack's side towards our Bolt app.
 *
 *   const slack = await startSlackEmulator();            // { now } to move time; { limitsDisabled }
 *   const alice = slack.workspace.addUser({ email: 'alice@example.com', tz: 'Europe/Berlin' });
 *   const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl });
 *   await client.chat.postMessage({ channel: alice.id, text: 'hi', metadata: {...} });
 *   slack.log.dmsTo(alice.id);                            // what Alice sees now, after updates
 *   slack.log.duplicates(); slack.log.summary();          // checks and figures for the demo
 *   slack.limits.scale(0.1);                              // ten times stricter tiers; .disable() for none
 *   slack.faults.inject('users.list', '429', 2, 5);       // next 2 calls: 429 + Retry-After: 5
 *   slack.faults.injectAfterEffect('chat.postMessage', 'drop');  // posted, but the answer is lost
 *   slack.driver.configure({ requestUrl: 'http://127.0.0.1:PORT/slack/events', signingSecret });
 *   await slack.driver.openHome(alice.id);                // signed app_home_opened event
 *   await slack.driver.clickButton({ userId: alice.id, actionId: 'invite_accept', message: { channel, ts } });
 *   await slack.driver.submitView({ userId: alice.id, values: { celebrate: 'We shipped', choice: 'yes' } });
 *   await slack.close();
 *
 * Bolt: `new App({ token: slack.botToken, signingSecret, clientOptions: { slackApiUrl: slack.apiUrl } })`;
 * Bolt calls auth.test on its first request and the emulator answers it.
 * Conventions: `log.duplicates()` groups messages by metadata `event_payload.idempotency_key`
 * (see log.ts); faults for the upload_url POST use the key 'upload_url'; the driver signs with the
 * wall clock (Bolt checks it) while message ts, trigger expiry and rate windows use `now`.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan } from '../faults.ts';
import { SlackLimits } from './limits.ts';
import { SlackLog } from './log.ts';
import { SlackDriver } from './driver.ts';
import { createRequestHandler } from './server.ts';
import { Workspace, type AppDistribution } from './workspace.ts';

export interface SlackEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Emulated clock for message ts, trigger expiry and rate windows; defaults to Date.now. */
  now?: () => number;
  teamName?: string;
  domain?: string;
  botName?: string;
  /**
   * Clock for the rate windows; defaults to `now`. Pass Date.now when the emulated clock jumps or
   * stands still while the app waits out Retry-After in real time (a frozen clock never frees a window).
   */
  rateClock?: () => number;
  /** Granted bot scopes; default: manifest.yml's `oauth_config.scopes.bot`. */
  scopes?: string[];
  /**
   * 'internal' (default: a customer-built app in its own workspace, as peerpods is installed) or
   * 'non_marketplace' (commercially distributed outside the Marketplace: conversations.history at
   * 1 call a minute and 15 messages a page, Slack's 2025 limits).
   */
  distribution?: AppDistribution;
  /** Start with rate limits off (tests can still `limits.enable()`). */
  limitsDisabled?: boolean;
}

export interface SlackEmulator {
  /** `http://127.0.0.1:PORT/api/` — give it to WebClient/Bolt as slackApiUrl. */
  apiUrl: string;
  /** The app's bot token (xoxb-…). */
  botToken: string;
  workspace: Workspace;
  faults: FaultPlan;
  limits: SlackLimits;
  log: SlackLog;
  driver: SlackDriver;
  close(): Promise<void>;
}

export async function startSlackEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  const now = options.now ?? Date.now;
  const workspace = new Workspace({ now, ...pick(options) });
  const faults = new FaultPlan();
  const limits = new SlackLimits(options.rateClock ?? now);
  if (options.distribution === 'non_marketplace') limits.nonMarketplace();
  if (options.limitsDisabled) limits.disable();
  const log = new SlackLog(workspace);
  const held = new Set<ServerResponse>();
  let baseUrl = '';
  const server: Server = createServer(createRequestHandler({ ws: workspace, faults, limits, log, held, baseUrl: () => baseUrl }));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const driver = new SlackDriver(workspace, baseUrl);
  return {
    apiUrl: `${baseUrl}api/`,
    botToken: workspace.app.token,
    workspace, faults, limits, log, driver,
    close: async () => {
      for (const res of held) res.socket?.destroy();
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function pick(o: SlackEmulatorOptions): { teamName?: string; domain?: string; botName?: string; scopes?: string[]; distribution?: AppDistribution } {
  return {
    ...(o.distribution !== undefined ? { distribution: o.distribution } : {}),
    ...(o.scopes !== undefined ? { scopes: o.scopes } : {}),
    ...(o.teamName !== undefined ? { teamName: o.teamName } : {}),
    ...(o.domain !== undefined ? { domain: o.domain } : {}),
    ...(o.botName !== undefined ? { botName: o.botName } : {}),
  };
}

export type { Workspace } from './workspace.ts';
export type { SlackUser, SlackUserInput } from './users.ts';
export type { StoredMessage, MessageMetadata } from './conversations.ts';
export type { SlackView } from './view-store.ts';
export type { LoggedCall, SlackSummary } from './log.ts';
export { idempotencyKeyOf } from './log.ts';
export type { DriverResult, ClickInput, ForgeKind } from './driver.ts';
export { signSlackRequest } from './signing.ts';
