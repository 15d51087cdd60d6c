import { App, HTTPReceiver, LogLevel, type CustomRoute } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AppContext } from './context.ts';
import { registerListeners } from './listeners/index.ts';

export interface SlackAppOptions {
  token: string;
  signingSecret: string;
  /** The emulator's Web API base in the sandbox ('http://127.0.0.1:PORT/api/'); unset for Slack. */
  slackApiUrl?: string;
  /** Socket Mode for development; HTTP mode (the default) for production. */
  socketMode?: { appToken: string };
  customRoutes?: CustomRoute[];
}

export interface SlackApp {
  app: App;
  /** Starts listening; port 0 picks a free port. Returns the request URL Slack should call. */
  start(port: number): Promise<string | undefined>;
  stop(): Promise<void>;
}

/** The Bolt app: HTTP mode with signature verification, listeners grouped by surface. */
export function createSlackApp(ctx: AppContext, options: SlackAppOptions): SlackApp {
  const clientOptions = {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    // A 429 throws instead of sleeping inside a request: slow work belongs to the queues.
    rejectRateLimitedCalls: true,
  };
  const receiver = options.socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: options.signingSecret,
        endpoints: '/slack/events',
        customRoutes: options.customRoutes ?? [],
        processBeforeResponse: false,
        logLevel: LogLevel.ERROR,
      });
  const app = new App({
    token: options.token,
    clientOptions,
    logLevel: LogLevel.ERROR,
    ...(receiver
      ? { receiver }
      : { socketMode: true, appToken: options.socketMode?.appToken, signingSecret: options.signingSecret }),
  });
  registerListeners(app, ctx);
  app.error(async (error) => {
    ctx.log.error('slack listener failed', { error: error.message });
  });

  let server: Server | undefined;
  return {
    app,
    async start(port) {
      if (!receiver) {
        await app.start();
        return undefined;
      }
      server = (await app.start(port)) as Server;
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      return `http://127.0.0.1:${actual}/slack/events`;
    },
    async stop() {
      await app.stop();
    },
  };
}
