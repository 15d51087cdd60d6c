import { getPriority, setPriority } from 'node:os';
import { parseConfig, redactConfig, type Config } from '../config.ts';
import { createLogger, type Logger } from '../platform/logger.ts';
import { startRuntime, type Runtime, type RuntimeOptions } from '../platform/runtime.ts';
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
  return runProcess({ config, roles, log: createLogger(config.LOG_LEVEL) });
}

/**
 * A process of workers only runs at a lower scheduling priority (nice 10). Where it shares
 * cores with an app process (one machine running both, as a small install does), the app's
 * acknowledgements have Slack's 3 s and a person waiting; a job has neither, and catches up
 * when the app is idle. On a machine of its own it changes nothing.
 */
export const WORKER_NICE = 10;

function yieldToTheApp(log: Logger): void {
  try {
    // Never raised: a process started at a lower priority still keeps it.
    setPriority(Math.max(getPriority(), WORKER_NICE));
  } catch (error) {
    log.warn('could not lower the worker process priority', { error: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Runs one peerpods process until SIGTERM/SIGINT: the runtime for its roles, a reconcile at
 * start-up when it runs workers, then the bounded graceful shutdown. Resolves to the exit code.
 * `runtime` adds options (the sandbox's separate processes: emulators elsewhere, worker settings);
 * `onReady` hears when the process is up.
 */
export async function runProcess(input: {
  config: Config;
  roles: RuntimeOptions['roles'];
  log: Logger;
  runtime?: Partial<Omit<RuntimeOptions, 'config' | 'roles' | 'log'>>;
  onReady?: (runtime: Runtime) => void;
}): Promise<number> {
  const { config, roles, log } = input;
  log.info('starting peerpods', { roles, config: redactConfig(config) });
  if (roles.workers && !roles.app) yieldToTheApp(log);
  const runtime = await startRuntime({ config, roles, log, ...(roles.app ? {} : { healthPort: config.HEALTH_PORT }), ...input.runtime });
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
    input.onReady?.(runtime);
  });
}
