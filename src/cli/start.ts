import { parseConfig, redactConfig } from '../config.ts';
import { createLogger } from '../platform/logger.ts';
import { startRuntime } from '../platform/runtime.ts';
import { installShutdown } from '../queue/shutdown.ts';
import { reconcile } from '../reconcile/reconcile.service.ts';

/**
 * `peerpods start [--app] [--worker]`: one process role or both (the default). The app is
 * stateless and the workers scale out on Redis; run as many of each as you need.
 */
export async function startCommand(argv: string[]): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--app' && arg !== '--worker');
  if (unknown.length) {
    console.error(`Unknown option ${unknown[0]}. Usage: peerpods start [--app] [--worker]`);
    return 2;
  }
  const both = !argv.includes('--app') && !argv.includes('--worker');
  const roles = { app: both || argv.includes('--app'), workers: both || argv.includes('--worker') };
  const config = parseConfig();
  const log = createLogger(config.LOG_LEVEL);
  log.info('starting peerpods', { roles, config: redactConfig(config) });
  const runtime = await startRuntime({ config, roles, log, ...(roles.app ? {} : { healthPort: config.HEALTH_PORT }) });
  if (roles.workers) log.info('reconciled at start-up', await reconcile(runtime));
  log.info('peerpods is up', {
    requestUrl: runtime.requestUrl,
    slack: config.slackMode,
    google: config.googleMode,
    queues: runtime.backend.kind,
  });
  // On SIGTERM/SIGINT: stop taking jobs, let active ones finish (bounded), close everything.
  return new Promise<number>((resolve) => {
    const noWorkers = { workers: new Map(), close: async () => true };
    installShutdown(runtime.workers ?? noWorkers, {
      timeoutMs: 25_000,
      closers: [() => runtime.close()],
      log,
      exit: resolve,
    });
  });
}
