/**
 * Runs the embedded Postgres in a process of its own, detached from the terminal's process group
 * (spawned by embedded-host.ts). Ctrl-C in a terminal signals the whole foreground group: a
 * server in it would shut down at once, under the app's feet, before the app had stopped its
 * listeners, workers and pools. Here only the parent decides: it sends 'stop' when everything
 * else is closed; if the parent dies without a word, the server is stopped too.
 */
import { startEmbeddedPostgres } from './embedded-postgres.ts';

type Options = Parameters<typeof startEmbeddedPostgres>[0];

async function host(): Promise<void> {
  const send = (message: unknown) => process.send?.(message);
  const options = JSON.parse(process.argv[2] ?? '{}') as Omit<Options, 'log'>;
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  try {
    server = await startEmbeddedPostgres({ ...options, log: (line) => send({ log: line }) });
  } catch (error) {
    send({ error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await server.stop().catch(() => undefined);
    send({ stopped: true });
    process.exit(code);
  };
  process.on('message', (message) => {
    if ((message as { stop?: boolean }).stop) void stop(0);
  });
  process.on('disconnect', () => void stop(0));
  send({ url: server.url });
}

void host();
