import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import type { QueueBackend } from '../queue/backend.ts';
import type { WorkerHandles } from '../queue/workers.ts';

export interface HealthReport {
  ok: boolean;
  checks: Record<string, 'ok' | string>;
}

const within = <T>(ms: number, work: Promise<T>): Promise<T> =>
  Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

/**
 * What `/healthz` answers: can this process reach Postgres and the queue store, and are its
 * workers running. Orchestrators restart a process that stays unhealthy; a Postgres restart
 * shows here for a few seconds and then clears by itself.
 */
export async function checkHealth(parts: { db: Db; backend: QueueBackend; workers?: WorkerHandles | undefined }): Promise<HealthReport> {
  const checks: HealthReport['checks'] = {};
  const run = async (name: string, check: () => Promise<unknown>) => {
    try {
      await within(2_000, check());
      checks[name] = 'ok';
    } catch (error) {
      checks[name] = error instanceof Error ? error.message : String(error);
    }
  };
  await Promise.all([
    run('postgres', () => sql`SELECT 1`.execute(parts.db)),
    run('queues', () => parts.backend.queue('reconcile').count()),
    ...(parts.workers
      ? [run('workers', async () => {
          const stopped = [...parts.workers!.workers].filter(([, w]) => !w.isRunning()).map(([name]) => name);
          if (stopped.length) throw new Error(`not running: ${stopped.join(', ')}`);
        })]
      : []),
  ]);
  return { ok: Object.values(checks).every((v) => v === 'ok'), checks };
}

/** Answers GET /healthz with the report: 200 when healthy, 503 otherwise. */
export async function healthHandler(report: () => Promise<HealthReport>, res: ServerResponse): Promise<void> {
  const body = await report();
  res.writeHead(body.ok ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A worker-only process has no Slack receiver: this serves its /healthz on HEALTH_PORT. */
export async function startHealthServer(port: number, host: string | undefined, report: () => Promise<HealthReport>): Promise<Server> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/healthz') void healthHandler(report, res);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, ...(host ? { host } : {}) }, () => resolve());
  });
  return server;
}
