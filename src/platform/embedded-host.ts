import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EmbeddedDatabase } from './embedded-postgres.ts';

const HOST = fileURLToPath(new URL('./embedded-postgres-host.ts', import.meta.url));

/**
 * Starts the embedded Postgres in a detached host process (embedded-postgres-host.ts) and
 * resolves to its URL. stop() asks the host to shut the server down and waits until it has:
 * call it last, after every pool is closed, so nothing sees the server go.
 */
export function startDetachedEmbeddedPostgres(options: { dir: string; port: number; database?: string; fresh?: boolean; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const { log, ...rest } = options;
  const child = spawn(process.execPath, ['--import', 'tsx', HOST, JSON.stringify(rest)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.on('data', (chunk: Buffer) => log?.(chunk.toString().trim()));
  return new Promise((resolve, reject) => {
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('exit', (code) => reject(new Error(`the embedded Postgres host exited (code ${code}) before it was ready`)));
    child.on('message', (message: { url?: string; error?: string; log?: string }) => {
      if (message.log) log?.(message.log);
      if (message.error) reject(new Error(`embedded Postgres did not start: ${message.error}`));
      if (message.url) {
        resolve({
          url: message.url,
          async stop() {
            if (child.exitCode === null && child.connected) child.send({ stop: true });
            await exited;
          },
        });
      }
    });
  });
}
