import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

// Node accepts one new connection per event-loop turn: a client that must reconnect after a
// quiet moment queues behind the app's work. The app keeps idle connections past Node's 5 s.
let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime({ workers: false });
});
afterAll(async () => rt?.stop());

function get(agent: http.Agent, url: string): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
  });
}

describe('the app server', () => {
  it('keeps an idle connection open beyond 5 s, so the next request reuses it', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const url = new URL('/healthz', rt.requestUrl!).href;
    try {
      expect(await get(agent, url)).toEqual({ status: 200, reused: false });
      await sleep(6_000);
      expect(await get(agent, url)).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  }, 20_000);
});
