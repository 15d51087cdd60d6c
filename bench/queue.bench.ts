// Throughput of the queue platform on both backends: N no-op jobs through the real wrapper
// (payload parsing, rate-limit handling), enqueued in bulk, drained by one worker process.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { z } from 'zod';
import { createQueueBackend, type BackendKind } from '../src/queue/backend.ts';
import { silentLogger } from '../src/queue/log.ts';
import { processorsFor } from '../src/queue/processor.ts';
import { defineQueue } from '../src/queue/registry.ts';
import { startWorkers } from '../src/queue/workers.ts';

const JOBS = Number(process.env.BENCH_QUEUE_JOBS ?? 2_000);
const CONCURRENCY = 20;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const benchQueues = {
  noop: defineQueue({ purpose: 'benchmark', payload: z.object({ n: z.number() }), concurrency: CONCURRENCY }),
};
const noop = processorsFor<typeof benchQueues, null>(benchQueues)('noop', async (job) => job.data.n);

async function measure(kind: BackendKind, databaseUrl: string): Promise<{ enqueueMs: number; drainMs: number }> {
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  const backend = await createQueueBackend({ redisUrl: kind === 'redis' ? REDIS_URL : undefined, databaseUrl, prefix });
  try {
    const queue = backend.queue('noop');
    const t0 = performance.now();
    for (let i = 0; i < JOBS; i += 500) {
      const batch = Array.from({ length: Math.min(500, JOBS - i) }, (_, k) => ({
        name: 'noop',
        data: { n: i + k },
        opts: { ...benchQueues.noop.defaults, removeOnComplete: true },
      }));
      await queue.addBulk(batch);
    }
    const t1 = performance.now();
    let done = 0;
    const drained = new Promise<void>((resolve) => {
      const handles = startWorkers(backend, null, { queues: benchQueues, processors: [noop], log: silentLogger });
      handles.workers.get('noop')!.on('completed', () => {
        if (++done === JOBS) resolve();
      });
    });
    await drained;
    const t2 = performance.now();
    if (kind === 'redis') await queue.obliterate({ force: true });
    return { enqueueMs: t1 - t0, drainMs: t2 - t1 };
  } finally {
    await backend.close();
  }
}

async function withScratchDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `q_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    // Closed clients leave the server a moment later; dropping before that kills them mid-goodbye.
    for (let i = 0; i < 40; i++) {
      const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Jobs per second on each backend (enqueue in bulk, then drain), plus the raw timings. */
export async function run(): Promise<Record<string, number>> {
  const result: Record<string, number> = { jobs: JOBS, worker_concurrency: CONCURRENCY };
  const redis = await measure('redis', '');
  const postgres = await withScratchDatabase((url) => measure('postgres', url));
  for (const [kind, r] of [['redis', redis], ['postgres', postgres]] as const) {
    result[`${kind}_enqueue_ms`] = Math.round(r.enqueueMs);
    result[`${kind}_drain_ms`] = Math.round(r.drainMs);
    result[`${kind}_jobs_per_s`] = Math.round(JOBS / (r.drainMs / 1000));
  }
  return result;
}
