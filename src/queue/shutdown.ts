import { jsonLineLogger, type JobLogger } from './log.ts';
import type { WorkerHandles } from './workers.ts';

export interface ShutdownOptions {
  /** How long active jobs may run on after the signal. Keep it under the orchestrator's grace period. */
  timeoutMs?: number;
  /** Closed in order after the workers: the queue backend, the database pool, the HTTP server… */
  closers?: Array<() => Promise<void>>;
  log?: JobLogger;
  /** Injected by tests; defaults to process.exit. */
  exit?: (code: number) => void;
}

/**
 * On SIGTERM/SIGINT: stop taking jobs, let active jobs finish (bounded by `timeoutMs`), close
 * connections, exit 0. Jobs cut off by the timeout are not lost: BullMQ sees them stall and
 * another worker re-runs them (processors are idempotent), and we exit 1 to say so.
 * A second signal exits at once. Returns a function that removes the handlers.
 */
export function installShutdown(workers: WorkerHandles, opts: ShutdownOptions = {}): () => void {
  const log = opts.log ?? jsonLineLogger;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      log.warn('second signal: exiting without waiting', { signal });
      exit(1);
      return;
    }
    shuttingDown = true;
    log.info('shutting down: finishing active jobs', { signal, queues: [...workers.workers.keys()] });
    void (async () => {
      let code = 0;
      try {
        const finished = await workers.close(opts.timeoutMs ?? 25_000);
        if (!finished) {
          // Closing connections would wait for the same jobs; the process exit ends them instead.
          log.warn('shutdown timeout: active jobs left to be retried elsewhere', { timeoutMs: opts.timeoutMs });
          exit(1);
          return;
        }
        for (const close of opts.closers ?? []) await close();
      } catch (err) {
        log.error('shutdown failed', { error: err instanceof Error ? err.message : String(err) });
        code = 1;
      }
      exit(code);
    })();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
