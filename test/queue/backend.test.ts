import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueBackend, postgresSchema } from '../../src/queue/backend.ts';
import { REDIS_URL, uniquePrefix } from './fixtures/backends.ts';
import { createQueueDatabase } from './fixtures/database.ts';

let database: { url: string; destroy(): Promise<void> };
beforeAll(async () => (database = await createQueueDatabase()));
afterAll(async () => database.destroy());

describe('createQueueBackend', () => {
  it('on Postgres, concurrent start-ups migrate BullMQ once and all succeed', async () => {
    const prefix = uniquePrefix('postgres');
    const backends = await Promise.all(
      Array.from({ length: 4 }, () => createQueueBackend({ databaseUrl: database.url, prefix })),
    );
    try {
      expect(backends.map((b) => b.namespace)).toEqual(Array(4).fill(postgresSchema(prefix)));
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query(`SELECT version FROM ${postgresSchema(prefix)}.migration ORDER BY version`);
      await client.end();
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.version)).size).toBe(rows.length);
      await backends[0]!.queue('echo').add('echo', { value: 'x' });
      expect(await backends[3]!.queue('echo').getWaitingCount()).toBe(1);
    } finally {
      await Promise.all(backends.map((b) => b.close()));
    }
  });

  it.each(['redis', 'postgres'] as const)('on %s, a prefix isolates one installation from another', async (kind) => {
    const open = (prefix: string) =>
      createQueueBackend({ redisUrl: kind === 'redis' ? REDIS_URL : undefined, databaseUrl: database.url, prefix });
    const [a, b] = await Promise.all([open(uniquePrefix(kind)), open(uniquePrefix(kind))]);
    try {
      expect(a.kind).toBe(kind);
      await a.queue('echo').add('echo', { value: 'only in a' }, { jobId: 'same-id' });
      expect(await a.queue('echo').getWaitingCount()).toBe(1);
      expect(await b.queue('echo').getWaitingCount()).toBe(0);
      if (kind === 'redis') await a.queue('echo').obliterate({ force: true });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('maps prefixes to valid Postgres schema names', () => {
    expect(postgresSchema(undefined)).toBe('bullmq');
    expect(postgresSchema('Peer-Pods')).toBe('bullmq_peer_pods');
    expect(() => postgresSchema('x'.repeat(80))).toThrow(/too long/);
  });
});
