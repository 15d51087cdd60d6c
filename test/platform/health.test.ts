import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db.ts';
import { checkHealth, startHealthServer } from '../../src/platform/health.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt?.stop());

const origin = () => new URL(rt.requestUrl!).origin;

describe('/healthz', () => {
  it('the app answers 200 with Postgres, the queues and its workers checked', async () => {
    const res = await fetch(`${origin()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, checks: { postgres: 'ok', queues: 'ok', workers: 'ok' } });
  });

  it('a worker-only process serves it on its own port; an unreachable database makes it 503', async () => {
    const good = await startHealthServer(0, '127.0.0.1', () => checkHealth({ db: rt.db, backend: rt.backend, workers: rt.workers }));
    const broken = createDb('postgres://postgres@127.0.0.1:1/nowhere');
    const bad = await startHealthServer(0, '127.0.0.1', () => checkHealth({ db: broken, backend: rt.backend }));
    try {
      const port = (s: typeof good) => (s.address() as AddressInfo).port;
      expect((await fetch(`http://127.0.0.1:${port(good)}/healthz`)).status).toBe(200);
      const res = await fetch(`http://127.0.0.1:${port(bad)}/healthz`);
      expect(res.status).toBe(503);
      const body = await res.json() as { ok: boolean; checks: Record<string, string> };
      expect(body.ok).toBe(false);
      expect(body.checks.postgres).not.toBe('ok');
      expect(body.checks.queues).toBe('ok');
    } finally {
      good.close();
      bad.close();
      await broken.destroy();
    }
  });
});

describe('the sandbox', () => {
  it('listens on loopback only: the app is not reachable on the machine\'s other addresses', async () => {
    const port = new URL(rt.requestUrl!).port;
    const others = Object.values(networkInterfaces()).flat().filter((a) => a && !a.internal && a.family === 'IPv4');
    expect(new URL(rt.requestUrl!).hostname).toBe('127.0.0.1');
    for (const address of others) {
      await expect(fetch(`http://${address!.address}:${port}/healthz`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    }
  });
});
