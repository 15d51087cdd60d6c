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

/** The same app, noting each action/view/event registration in `registry` before passing it on. */
export function recordingApp(app: App, registry: ListenerRegistry): App {
  return new Proxy(app, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'action' && prop !== 'view' && prop !== 'event') return typeof value === 'function' ? value.bind(target) : value;
      return (matcher: unknown, ...rest: unknown[]) => {
        if (prop === 'action') registry.actions.push(matcher as Matcher);
        else if (prop === 'view') registry.views.push(matcher as Matcher);
        else registry.events.push(String(matcher));
        return (value as (...args: unknown[]) => unknown).call(target, matcher, ...rest);
      };
    },
  });
}

function idMatches(pattern: string | RegExp | undefined, id: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? pattern === id : new RegExp(pattern.source, pattern.flags.replace('g', '')).test(id);
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
