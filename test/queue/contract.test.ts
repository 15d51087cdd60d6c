import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createQueueBackend, type BackendKind, type QueueBackend, type WorkerSettings } from '../../src/queue/backend.ts';
import { createEnqueue } from '../../src/queue/enqueue.ts';
import { InvalidJobIdError, InvalidPayloadError, WorkerStartupError } from '../../src/queue/errors.ts';
import { jobId } from '../../src/queue/job-id.ts';
import { silentLogger } from '../../src/queue/log.ts';
import { startWorkers, type WorkerHandles } from '../../src/queue/workers.ts';
import { createQueueDatabase } from './fixtures/database.ts';
import { REDIS_URL, uniquePrefix, waitForState } from './fixtures/backends.ts';
import { echoProcessor, testQueues, type EchoDeps } from './fixtures/echo.ts';

const kinds: BackendKind[] = ['redis', 'postgres'];

describe.each(kinds)('queue contract on %s', (kind) => {
  let database: { url: string; destroy(): Promise<void> } | undefined;
  let backend: QueueBackend;
  let prefix: string;
  let handles: WorkerHandles | undefined;
  let deps: EchoDeps;

  beforeAll(async () => {
    // Postgres gets its own database per file; each test then gets its own schema (prefix).
    if (kind === 'postgres') database = await createQueueDatabase();
  });
  afterAll(async () => database?.destroy());

  async function open(): Promise<QueueBackend> {
    prefix = uniquePrefix(kind);
    deps = { calls: [] };
    backend = await createQueueBackend({
      redisUrl: kind === 'redis' ? REDIS_URL : undefined,
      databaseUrl: database?.url ?? '',
      prefix,
    });
    return backend;
  }
  const enqueue = () => createEnqueue(backend, testQueues);
  let logged: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const capture = (level: string) => (message: string, fields?: Record<string, unknown>) => logged.push({ level, message, fields });
  const log = { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') };
  const start = (workerSettings?: WorkerSettings) => {
    logged = [];
    handles = startWorkers(backend, deps, { queues: testQueues, processors: [echoProcessor], log, ...(workerSettings ? { workerSettings } : {}) });
    return handles;
  };

  afterEach(async () => {
    await handles?.close(5_000);
    handles = undefined;
    // Redis is shared by every test run: leave no keys behind. Postgres goes with its database.
    if (kind === 'redis') await backend.queue('echo').obliterate({ force: true });
    await backend.close();
  });

  it('processes a job and returns its result', async () => {
    await open();
    start();
    const id = await enqueue()('echo', { value: 'hello' }, { jobId: jobId('echo', 'hello') });
    const job = await waitForState(backend.queue('echo'), id, 'completed');
    expect(job.returnvalue).toEqual({ value: 'hello', attemptsMade: 0 });
  });

  it('dedupes by jobId while the job exists', async () => {
    await open();
    const add = enqueue();
    const id = jobId('pod-intro', 42);
    await add('echo', { value: 'first' }, { jobId: id });
    await add('echo', { value: 'second' }, { jobId: id });
    expect(await backend.queue('echo').getWaitingCount()).toBe(1);
    start();
    const job = await waitForState(backend.queue('echo'), id, 'completed');
    expect(job.returnvalue).toMatchObject({ value: 'first' });
    await add('echo', { value: 'third' }, { jobId: id }); // completed jobs still dedupe
    await new Promise((r) => setTimeout(r, 300));
    expect(deps.calls.filter((c) => c.jobId === id)).toHaveLength(1);
  });

  it('runs a delayed job no earlier than its delay', async () => {
    await open();
    start();
    const before = Date.now();
    const id = await enqueue()('echo', { value: 'later' }, { delay: 800 });
    expect(await (await backend.queue('echo').getJob(id))?.getState()).toBe('delayed');
    await waitForState(backend.queue('echo'), id, 'completed');
    expect(deps.calls[0]!.at - before).toBeGreaterThanOrEqual(790);
  });

  it('retries with backoff, then succeeds', async () => {
    await open();
    start();
    const id = await enqueue()('echo', { value: 'flaky', failTimes: 2 });
    const job = await waitForState(backend.queue('echo'), id, 'completed');
    expect(job.returnvalue).toEqual({ value: 'flaky', attemptsMade: 2 });
    const [first, second, third] = deps.calls.map((c) => c.at);
    // Exponential: ~200 ms then ~400 ms, each with up to 50% jitter taken off.
    expect(second! - first!).toBeGreaterThanOrEqual(95);
    expect(third! - second!).toBeGreaterThanOrEqual(195);
  });

  it.each(['own', 'slack'] as const)('honours a rate limit (%s error) without burning an attempt', async (source) => {
    await open();
    start();
    const add = enqueue();
    const limited = await add('echo', { value: 'limited', rateLimit: { kind: source, ms: 1000 } });
    const job = await waitForState(backend.queue('echo'), limited, 'completed');
    const calls = deps.calls.filter((c) => c.jobId === limited);
    expect(calls.map((c) => c.attemptsMade)).toEqual([0, 0]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(job.attemptsMade).toBeLessThanOrEqual(1);
  });

  it('waits (RetryLaterError) more times than it has attempts without burning one', async () => {
    await open();
    start();
    const id = await enqueue()('echo', { value: 'patient', retryLaterTimes: 5 });
    const job = await waitForState(backend.queue('echo'), id, 'completed');
    const calls = deps.calls.filter((c) => c.jobId === id);
    expect(calls).toHaveLength(6);
    expect(calls.map((c) => c.attemptsMade)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(job.returnvalue).toEqual({ value: 'patient', attemptsMade: 0 });
  });

  it('pauses the whole queue during a Retry-After', async () => {
    await open();
    start();
    const add = enqueue();
    await add('echo', { value: 'limited', rateLimit: { kind: 'own', ms: 1000 } });
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 100));
    const other = await add('echo', { value: 'other' });
    await waitForState(backend.queue('echo'), other, 'completed');
    const ran = deps.calls.find((c) => c.jobId === other)!;
    expect(ran.at - t0).toBeGreaterThanOrEqual(800);
  });

  it('logs a failure only on the final attempt', async () => {
    await open();
    start();
    const add = enqueue();
    const recovered = await add('echo', { value: 'recovers', failTimes: 1 });
    const doomed = await add('echo', { value: 'doomed', failTimes: 9 });
    await waitForState(backend.queue('echo'), recovered, 'completed');
    const job = await waitForState(backend.queue('echo'), doomed, 'failed');
    expect(job.attemptsMade).toBe(3);
    // The worker logs after its moveToFailed returns, so the state can be read a moment before the log.
    await expect.poll(() => logged.filter((l) => l.level === 'error')).toEqual([
      { level: 'error', message: 'job failed for good', fields: { queue: 'echo', jobId: doomed, attempts: 3, error: 'planned failure 3' } },
    ]);
  });

  it('fails at once on UnrecoverableError and on a payload that breaks the schema', async () => {
    await open();
    start();
    const id = await enqueue()('echo', { value: 'gone', unrecoverable: true });
    const job = await waitForState(backend.queue('echo'), id, 'failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe('the pod no longer exists');
    // Written around the contract (e.g. by an older release): the worker still refuses it.
    const raw = await backend.queue('echo').add('echo', { value: 7 }, { attempts: 3 });
    const bad = await waitForState(backend.queue('echo'), raw.id!, 'failed');
    expect(bad.failedReason).toMatch(/invalid payload: value/);
    expect(bad.attemptsMade).toBe(1);
  });

  it('gives a job id that failed for good a fresh start when it is enqueued again', async () => {
    await open();
    start();
    const id = jobId('echo', 'retry-after-failure');
    await enqueue()('echo', { value: 'doomed', unrecoverable: true }, { jobId: id });
    await waitForState(backend.queue('echo'), id, 'failed');
    await enqueue()('echo', { value: 'second chance' }, { jobId: id });
    const job = await waitForState(backend.queue('echo'), id, 'completed');
    expect(job.returnvalue).toMatchObject({ value: 'second chance' });
  });

  it('refuses a bad payload or job id at enqueue and enqueues nothing', async () => {
    await open();
    const add = enqueue();
    await expect(add('echo', { value: 3 } as never)).rejects.toBeInstanceOf(InvalidPayloadError);
    await expect(add('echo', { value: 'x' }, { jobId: 'wave:1' })).rejects.toBeInstanceOf(InvalidJobIdError);
    await expect(add('echo', { value: 'x' }, { jobId: '123' })).rejects.toBeInstanceOf(InvalidJobIdError);
    expect(await backend.queue('echo').getWaitingCount()).toBe(0);
  });

  function spawnWorker(extraEnv: Record<string, string> = {}) {
    const script = fileURLToPath(new URL('./fixtures/shutdown-worker.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, QUEUE_KIND: kind, REDIS_URL, DATABASE_URL: database?.url ?? '', QUEUE_PREFIX: prefix, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const printed = (text: string) =>
      Promise.race([
        vi.waitFor(() => expect(out).toContain(text), { timeout: 15_000, interval: 20 }),
        exited.then(() => Promise.reject(new Error(`worker exited before "${text}": ${out} ${err}`))),
      ]);
    return { child, exited, printed, output: () => out };
  }

  it('exits 1 when active jobs outlast the shutdown timeout; another worker re-runs them', async () => {
    await open();
    const stuck = await enqueue()('echo', { value: 'stuck', sleepMs: 3_000 }, { jobId: 'shutdown-stuck' });
    const worker = spawnWorker({ SHUTDOWN_TIMEOUT_MS: '300', LOCK_MS: '1000' });
    await worker.printed(`started ${stuck}`);
    const signalled = Date.now();
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(5_000);
    // Not lost: its lock lapses and a live worker's stall check takes it over (at least once).
    expect(await backend.queue('echo').getJobState(stuck)).toBe('active');
    start({ stalledInterval: 300, lockDuration: 1_000 });
    const job = await waitForState(backend.queue('echo'), stuck, 'completed', 20_000);
    expect(job.returnvalue).toMatchObject({ value: 'stuck' });
  }, 40_000);

  it('finishes the active job on SIGTERM, then exits 0', async () => {
    await open();
    const add = enqueue();
    const slow = await add('echo', { value: 'slow', sleepMs: 1500 }, { jobId: 'shutdown-slow' });
    const { child, exited, printed, output } = spawnWorker();
    await printed(`started ${slow}`);
    child.kill('SIGTERM');
    await printed('closing');
    const queued = await add('echo', { value: 'after-signal' });
    expect(await exited).toBe(0);
    expect(output()).toContain(`completed ${slow}`);
    expect(await (await backend.queue('echo').getJob(slow))?.getState()).toBe('completed');
    // Nothing new was taken after the signal, on either store: it waits for the next worker.
    expect(await (await backend.queue('echo').getJob(queued))?.getState()).toBe('waiting');
  }, 30_000);
});

describe('worker start-up check', () => {
  const backend = {} as QueueBackend; // never reached: the check fails before any worker starts
  const opts = { queues: testQueues, log: silentLogger };

  it('fails when a queue has no processor', () => {
    expect(() => startWorkers(backend, { calls: [] }, { ...opts, processors: [] })).toThrow(
      /queue "echo" has no processor: add jobs\/echo.processor.ts/,
    );
  });

  it('fails when a queue has two processors', () => {
    expect(() => startWorkers(backend, { calls: [] }, { ...opts, processors: [echoProcessor, echoProcessor] })).toThrow(
      /queue "echo" has 2 processors/,
    );
  });

  it('fails on a processor or a requested queue that does not exist, listing every problem', () => {
    const stray = { ...echoProcessor, queue: 'ghost' };
    try {
      startWorkers(backend, { calls: [] }, { ...opts, processors: [echoProcessor, stray], only: ['echo', 'phantom'] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(WorkerStartupError);
      expect((error as WorkerStartupError).problems).toHaveLength(2);
    }
  });
});
