import type { App } from '@slack/bolt';
import type { AppContext } from '../context.ts';
import { registerActions } from './actions/index.ts';
import { registerEvents } from './events/index.ts';
import { registerOptions } from './options/index.ts';
import { registerViews } from './views/index.ts';
import { ackUnhandled, emptyRegistry, recordingApp, type ListenerRegistry } from './registry.ts';

/**
 * Registers every listener, grouped by Slack surface, and returns the registry of what was
 * registered. An interaction that changes state is stored before it is acknowledged (Slack never
 * retries a click); whatever no listener handles is acknowledged and logged (ackUnhandled).
 */
export function registerListeners(app: App, ctx: AppContext): ListenerRegistry {
  const registry = emptyRegistry();
  app.use(ackUnhandled(registry, ctx.log));
  const recorded = recordingApp(app, registry);
  registerEvents(recorded.app, ctx);
  registerActions(recorded.app, ctx);
  registerViews(recorded.app, ctx);
  registerOptions(recorded.app, ctx);
  recorded.install();
  return registry;
}
