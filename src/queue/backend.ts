import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import pg from 'pg';
import * as bullmq from 'bullmq';
import type {
  Processor, Queue, QueueEvents, QueueEventsOptions, QueueOptions, Worker, WorkerOptions,
} from 'bullmq';

export type BackendKind = 'redis' | 'postgres';

/** Worker options a caller may set; connection and namespace come from the backend. */
export type WorkerSettings = Omit<WorkerOptions, 'connection' | 'prefix'>;

/** BullMQ bound to one store. Queues are shared per name; everything is closed by close(). */
export interface QueueBackend {
  readonly kind: BackendKind;
  /** The namespace: Redis key prefix, or the Postgres schema holding BullMQ's tables. */
  readonly namespace: string;
  /** The producer for `name`, created on first use and reused. */
  queue(name: string): Queue;
  worker(name: string, processor: Processor, settings?: WorkerSettings): Worker;
  queueEvents(name: string): QueueEvents;
  /** Worker.RateLimitError() of the bound classes: throw it after worker.rateLimit(ms). */
  rateLimitError(): Error;
  close(): Promise<void>;
}

export interface QueueBackendOptions {
  /** BullMQ on Redis when set; otherwise BullMQ's Postgres backend on `databaseUrl`. */
  redisUrl?: string | undefined;
  databaseUrl: string;
  /** Isolates one app (or one test) from another: Redis key prefix / Postgres schema suffix. */
  prefix?: string | undefined;
  /** Pool size of each Postgres Queue/Worker (each owns a pool plus one LISTEN connection). */
  postgresPoolMax?: number;
}

type Classes = ReturnType<typeof bullmq.withBackend>;

/** Starts BullMQ on Redis or Postgres (running BullMQ's own migrations first, idempotently). */
export async function createQueueBackend(opts: QueueBackendOptions): Promise<QueueBackend> {
  if (opts.redisUrl) return redisBackend(opts.redisUrl, opts.prefix ?? 'bull');
  return postgresBackend(opts);
}

function redisBackend(redisUrl: string, prefix: string): QueueBackend {
  // Producers share one connection; each worker opens its own (plus a blocking one) with
  // maxRetriesPerRequest null, as BullMQ requires, so a Redis blip pauses instead of failing jobs.
  const producer = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const workerConnection = { url: redisUrl, maxRetriesPerRequest: null };
  const classes = bullmq.withBackend(bullmq.createRedisBackend) as unknown as Classes;
  return facade('redis', prefix, classes, {
    queue: { connection: producer, prefix },
    worker: () => ({ connection: workerConnection, prefix }),
    events: { connection: workerConnection, prefix },
  }, async () => void (await producer.quit()));
}

/**
 * BullMQ's Postgres backend reads its `schema` option only from a config object, which it turns
 * into a pool by require('pg'): that needs BullMQ's CommonJS build (its ESM build has no
 * require). So the Postgres classes come from the CJS build; they throw and recognise the same
 * error names (UnrecoverableError, RateLimitError) as the ESM ones.
 */
async function postgresBackend(opts: QueueBackendOptions): Promise<QueueBackend> {
  const cjs = createRequire(import.meta.url)('bullmq') as typeof bullmq;
  const schema = await migrateQueueSchema(opts.databaseUrl, opts.prefix);
  const poolMax = opts.postgresPoolMax ?? 4;
  const connection = { connectionString: opts.databaseUrl, schema, max: poolMax };
  const classes = cjs.withBackend(cjs.createPostgresBackend) as unknown as Classes;
  return facade('postgres', schema, classes, {
    queue: { connection },
    // Every concurrently running job holds a pooled connection while it finishes and claims
    // the next one: a pool smaller than the concurrency caps throughput.
    worker: (extra) => ({ connection: { ...connection, max: Math.max(poolMax, (extra.concurrency ?? 1) + 2) } }),
    events: { connection },
  }, async () => {});
}

/**
 * Creates or upgrades BullMQ's tables in their own schema (~0.5 s on a fresh database, ~50 ms
 * when current). Idempotent and serialised across processes by BullMQ's advisory lock, so
 * concurrent start-ups are safe; a test template database can run it once for its clones.
 * Returns the schema name.
 */
export async function migrateQueueSchema(databaseUrl: string, prefix?: string): Promise<string> {
  const schema = postgresSchema(prefix);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await bullmq.runMigrations(client, schema);
  } finally {
    await client.end();
  }
  return schema;
}

/** 'bullmq' by default; 'bullmq_<prefix>' (a valid identifier) when a prefix isolates a test. */
export function postgresSchema(prefix: string | undefined): string {
  if (!prefix) return 'bullmq';
  const name = `bullmq_${prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
  if (name.length > 63) throw new Error(`Queue prefix "${prefix}" is too long for a Postgres schema name`);
  return name;
}

interface ConnectionSettings {
  queue: QueueOptions<unknown>;
  worker: (extra: WorkerSettings) => WorkerOptions<unknown>;
  events: QueueEventsOptions<unknown>;
}

function facade(
  kind: BackendKind,
  namespace: string,
  classes: Classes,
  settings: ConnectionSettings,
  closeShared: () => Promise<void>,
): QueueBackend {
  const ClosingWorker = takesNothingWhileClosing(classes.Worker);
  const queues = new Map<string, Queue>();
  const workers = new Set<Worker>();
  const events = new Set<QueueEvents>();
  return {
    kind,
    namespace,
    queue(name) {
      let queue = queues.get(name);
      if (!queue) {
        queue = new classes.Queue(name, settings.queue) as unknown as Queue;
        queues.set(name, queue);
      }
      return queue;
    },
    worker(name, processor, extra = {}) {
      const worker = new ClosingWorker(name, processor, { ...extra, ...settings.worker(extra) }) as unknown as Worker;
      workers.add(worker);
      return worker;
    },
    queueEvents(name) {
      const queueEvents = new classes.QueueEvents(name, settings.events) as unknown as QueueEvents;
      events.add(queueEvents);
      return queueEvents;
    },
    rateLimitError: () => classes.Worker.RateLimitError(),
    async close() {
      // Workers first: they finish active jobs and may still enqueue follow-ups.
      await Promise.all([...workers].map((w) => w.close()));
      await Promise.all([...events].map((e) => e.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
      await closeShared();
    },
  };
}

/**
 * A worker that is closing takes no new job, on either store. BullMQ on Redis holds this by
 * cutting its blocking pop; on Postgres, cancelling the LISTEN wait makes the worker claim at
 * once (`waitForJob` answers "check now"), so a job enqueued after 'closing' was taken and
 * run during shutdown. Here a claim asked for while closing is not made, and one that was in
 * flight when closing began goes straight back to waiting (no attempt counted) for the next
 * worker.
 */
function takesNothingWhileClosing(Base: Classes['Worker']): Classes['Worker'] {
  const Closing = class extends Base {
    protected override async moveToActive(token: string, name?: string) {
      if (this.closing) return undefined as never;
      const job = await super.moveToActive(token, name);
      if (job && this.closing) {
        await job.moveToWait(token);
        return undefined as never;
      }
      return job;
    }
  };
  return Closing as unknown as Classes['Worker'];
}
