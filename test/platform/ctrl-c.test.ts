import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Ctrl-C in a terminal sends SIGINT to the whole foreground process group. The demo's
// --keep-running state (test/support/demo-serve.ts: the demo's config, runtime, wait and close)
// runs as a group leader here and gets SIGINT the same way; the embedded Postgres under it runs
// on a free port in a fresh folder, so this never meets another demo on the machine.
const SERVE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../support/demo-serve.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'peerpods-ctrl-c-'));
// As root, the server runs as the postgres user, which must be able to reach its folder.
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const accepts = (port: number) => new Promise<boolean>((resolve) => {
  const socket = createConnection({ host: '127.0.0.1', port });
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});

describe('Ctrl-C on npm run demo -- --keep-running', () => {
  it('stops in order: exit code 0, no stack trace or unhandled error, no Postgres left behind', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', SERVE], {
      detached: true,
      env: { ...process.env, EMBEDDED_PG_DIR: path.join(dir, 'pg'), EMBEDDED_PG_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    try {
      await expect.poll(() => stdout.includes('ready') || child.exitCode !== null, { timeout: 100_000, interval: 100 }).toBe(true);
      expect(stdout, stderr).toContain('ready');
      expect(await accepts(port)).toBe(true);
      process.kill(-child.pid!, 'SIGINT');
      const { code, signal } = await exited;
      expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
      expect(await accepts(port)).toBe(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
  }, 150_000);
});
