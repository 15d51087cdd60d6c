import { App, HTTPReceiver, LogLevel, type CustomRoute } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AppContext } from './context.ts';
import { registerListeners } from './listeners/index.ts';
import type { ListenerRegistry } from './listeners/registry.ts';

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
  /** Every action id, view callback and event registered (the authorization suite reads it). */
  registry: ListenerRegistry;
  /** Listener runs not finished yet. */
  inFlight(): number;
  /**
   * Starts listening; port 0 picks a free port; `host` limits the interface (127.0.0.1 in the
   * sandbox). Returns the request URL Slack should call.
   */
  start(port: number, host?: string): Promise<string | undefined>;
  stop(timeoutMs?: number): Promise<void>;
}

/** The Bolt app: HTTP mode with signature verification, listeners grouped by surface. */
export function createSlackApp(ctx: AppContext, options: SlackAppOptions): SlackApp {
  const clientOptions = {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    // A 429 throws instead of sleeping inside a request: slow work belongs to the queues.
    rejectRateLimitedCalls: true,
    // No SDK retries inside a request: a retried chat.postMessage whose first answer was lost
    // posts a second refusal DM, and a retried views.open comes after its trigger expired.
    retryConfig: { retries: 0 },
    // A call Slack never answers fails after 10 s instead of holding the listener (and shutdown) for ever.
    timeout: 10_000,
  };
  const receiver = options.socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: options.signingSecret,
        endpoints: '/slack/events',
        customRoutes: options.customRoutes ?? [],
        processBeforeResponse: false,
        logLevel: LogLevel.ERROR,
        // A listener that failed before ack() (its write did not happen) answers 500 at once, so
        // Slack tells the person it did not work instead of waiting 3 s for a 404. Already
        // logged by app.error below.
        processEventErrorHandler: async ({ response }) => {
          if (!response.headersSent) {
            response.writeHead(500);
            response.end();
          }
          return false;
        },
      });
  if (receiver) refuseFutureDated(receiver);
  const app = new App({
    token: options.token,
    clientOptions,
    logLevel: LogLevel.ERROR,
    // Bolt's conversation store is a global middleware run on every request; nothing here uses it.
    convoStore: false,
    ...(receiver
      ? { receiver }
      : { socketMode: true, appToken: options.socketMode?.appToken, signingSecret: options.signingSecret }),
  });
  // Listener work in flight (Bolt's global middleware waits for the listeners): stop() lets it
  // finish, so a click stored-then-acked is never cut off half way through its follow-ups.
  let inFlight = 0;
  const drained: (() => void)[] = [];
  app.use(async ({ next }) => {
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
      if (inFlight === 0) for (const resolve of drained.splice(0)) resolve();
    }
  });
  const registry = registerListeners(app, ctx);
  app.error(async (error) => {
    ctx.log.error('slack listener failed', { error: error.message });
    throw error;
  });

  let server: Server | undefined;
  return {
    app,
    registry,
    inFlight: () => inFlight,
    async start(port, host) {
      if (!receiver) {
        await app.start();
        return undefined;
      }
      server = (await app.start(host ? { port, host } : port)) as Server;
      keepConnections(server);
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      return `http://127.0.0.1:${actual}/slack/events`;
    },
    /** Stops taking requests, then waits (at most `timeoutMs`) for listener work in flight. */
    async stop(timeoutMs = 10_000) {
      await app.stop();
      if (inFlight === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => drained.push(resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
      if (inFlight > 0) ctx.log.warn('stopped with Slack listener work still running', { inFlight });
    },
  };
}

/**
 * Slack (or the load balancer in front of the app) keeps connections open between requests.
 * Node closes a connection idle for 5 s, so a burst after a quiet moment needs new ones, and
 * Node accepts one new connection per event-loop turn: under load they queued for seconds while
 * requests on open connections were answered in milliseconds. A client reusing a connection
 * just as Node closed it also got ECONNRESET. Idle connections now stay for 65 s, longer than
 * the usual load-balancer idle timeout (60 s), so the other side is the one that closes them.
 */
const KEEP_ALIVE_MS = 65_000;

function keepConnections(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Must exceed keepAliveTimeout, or a request arriving late on an idle connection is cut off.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}

/** Slack's own window: a request signed more than five minutes away from now is refused. */
const MAX_SKEW_S = 5 * 60;

/**
 * Bolt rejects requests signed more than five minutes ago but accepts any timestamp in the
 * future, so a captured-then-replayed request signed with a forward-dated clock would pass for
 * as long as it likes. Requests dated more than five minutes ahead get the same 401.
 */
function refuseFutureDated(receiver: HTTPReceiver): void {
  const inner = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const header = req.headers['x-slack-request-timestamp'];
    const ts = Number(Array.isArray(header) ? header[0] : header);
    if (Number.isFinite(ts) && ts - Math.floor(Date.now() / 1000) > MAX_SKEW_S) {
      res.writeHead(401);
      res.end();
      return;
    }
    inner(req, res);
  };
}
