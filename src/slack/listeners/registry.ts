import type { App, Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../platform/logger.ts';

/** How a listener names what it handles: an id, a pattern, or Bolt's constraint object. */
export type Matcher = string | RegExp | { action_id?: string | RegExp; callback_id?: string | RegExp; type?: string };

/**
 * Every action id and view callback the app registered, recorded as it registers them. The
 * catch-all ack below and the authorization test suite both read it, so a handler added by any
 * feature is known to both without a second list to keep in step.
 */
export interface ListenerRegistry {
  actions: Matcher[];
  views: Matcher[];
  events: string[];
}

export function emptyRegistry(): ListenerRegistry {
  return { actions: [], views: [], events: [] };
}

type Listener = (args: Record<string, unknown>) => Promise<void>;
/** Bolt's listener type, to which a route dispatcher is handed (it reads only the id and passes the arguments on). */
type BoltListener = Middleware<AnyMiddlewareArgs>;
type RoutedKind = 'action' | 'view' | 'options';
interface Route {
  matcher: Matcher;
  /** A RegExp matcher compiled once without its g flag (test() on a g pattern keeps state). */
  pattern: string | RegExp | undefined;
  listener: Listener;
}

/**
 * The same app, noting each action/view/event registration in `registry`, and routing actions,
 * view submissions and options requests itself: Bolt runs every registered listener's middleware
 * chain for every request (some 60 chains of promises per click or home open, a tenth of the app's
 * CPU under load), so each kind is registered with Bolt once and the route is looked up here, by
 * the same id matching. Call `install()` after the last registration.
 */
export function recordingApp(app: App, registry: ListenerRegistry): { app: App; install(): void } {
  const routes: Record<RoutedKind, Route[]> = { action: [], view: [], options: [] };
  const proxy = new Proxy(app, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'action' && prop !== 'view' && prop !== 'event' && prop !== 'options') return typeof value === 'function' ? value.bind(target) : value;
      return (matcher: Matcher, ...listeners: Listener[]) => {
        if (prop === 'event') {
          registry.events.push(String(matcher));
          return (value as (...args: unknown[]) => unknown).call(target, matcher, ...listeners);
        }
        if (listeners.length !== 1) throw new Error(`${String(prop)} ${String(matcher)}: one listener per registration (middleware goes inside it)`);
        if (prop === 'action') registry.actions.push(matcher);
        if (prop === 'view') registry.views.push(matcher);
        const key = prop === 'view' ? 'callback_id' : 'action_id';
        routes[prop].push({ matcher, pattern: compiled(typeof matcher === 'string' || matcher instanceof RegExp ? matcher : matcher[key]), listener: listeners[0]! });
        return undefined;
      };
    },
  });
  const any = /(?:)/;
  return {
    app: proxy,
    install() {
      if (routes.action.length) app.action(any, dispatch(routes.action, (args) => String((args.action as { action_id?: string } | undefined)?.action_id ?? '')));
      if (routes.view.length) app.view(any, dispatch(routes.view, (args) => String((args.view as { callback_id?: string } | undefined)?.callback_id ?? '')));
      if (routes.options.length) app.options(any, dispatch(routes.options, (args) => String((args.payload as { action_id?: string } | undefined)?.action_id ?? '')));
    },
  };
}

/** Runs every route whose matcher takes the request's id, as Bolt runs every matching listener. */
function dispatch(routes: Route[], idOf: (args: Record<string, unknown>) => string): BoltListener {
  return async (args) => {
    const raw = args as unknown as Record<string, unknown>;
    const id = idOf(raw);
    const results = await Promise.allSettled(routes.filter((r) => test(r.pattern, id)).map((r) => r.listener(raw)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
}

/** Each registered pattern is compiled once (ackUnhandled matches every interaction against them). */
const compiledPatterns = new WeakMap<RegExp, RegExp>();

function compiled(pattern: string | RegExp | undefined): string | RegExp | undefined {
  if (!(pattern instanceof RegExp)) return pattern;
  let own = compiledPatterns.get(pattern);
  if (!own) compiledPatterns.set(pattern, (own = new RegExp(pattern.source, pattern.flags.replace('g', ''))));
  return own;
}

function test(pattern: string | RegExp | undefined, id: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? pattern === id : pattern.test(id);
}

function idMatches(pattern: string | RegExp | undefined, id: string): boolean {
  return test(compiled(pattern), id);
}

export function matches(matchers: Matcher[], id: string, key: 'action_id' | 'callback_id'): boolean {
  return matchers.some((m) => (typeof m === 'string' || m instanceof RegExp ? idMatches(m, id) : idMatches(m[key], id)));
}

/** What an incoming interaction asks for, when it is one whose id we can look up. */
function interactionOf(body: Record<string, unknown>): { kind: 'action' | 'view'; id: string; type: string } | undefined {
  const type = String(body.type ?? '');
  if (type === 'block_actions') {
    const actions = body.actions as { action_id?: string }[] | undefined;
    return { kind: 'action', id: String(actions?.[0]?.action_id ?? ''), type };
  }
  if (type === 'view_submission' || type === 'view_closed') {
    return { kind: 'view', id: String((body.view as { callback_id?: string } | undefined)?.callback_id ?? ''), type };
  }
  return undefined;
}

/**
 * Acknowledges what no listener handles (a URL button, a message from an older version, a
 * view_closed nobody listens to) and logs it: otherwise Slack waits 3 s, gets a 404 and shows
 * the person an error. Runs before the listeners.
 */
export function ackUnhandled(registry: ListenerRegistry, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { body, next } = args;
    const found = interactionOf(body as unknown as Record<string, unknown>);
    if (found) {
      const known = found.kind === 'action'
        ? matches(registry.actions, found.id, 'action_id')
        : matches(registry.views, found.id, 'callback_id');
      if (!known) {
        const ack = (args as { ack?: () => Promise<void> }).ack;
        if (ack) await ack();
        log.info('acknowledged an interaction no listener handles', { type: found.type, id: found.id });
        return;
      }
    }
    await next();
  };
}
