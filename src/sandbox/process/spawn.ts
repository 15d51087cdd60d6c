import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { envSchema } from '../../config.ts';
import type { SandboxEndpoints } from '../../platform/runtime.ts';

// Sources run through tsx; the compiled build (dist/) forks its own JavaScript.
const SOURCE = import.meta.url.endsWith('.ts');
const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), SOURCE ? 'entry.ts' : 'entry.js');

/** What a forked peerpods process runs besides its environment. */
export interface ProcessSpec {
  roles: { app: boolean; workers: boolean };
  emulators: SandboxEndpoints;
  /** The app's HTTP port; 0 picks a free one (reported when ready). */
  port?: number;
  ignoreLimiters?: boolean;
  schedules?: boolean | { keepEveryMs: number };
  /** BullMQ worker settings: a short lockDuration gets a killed worker's jobs back quickly. */
  workerSettings?: { lockDuration?: number; stalledInterval?: number; maxStalledCount?: number };
  /** Slack and Google call timeout (see RuntimeOptions.apiTimeoutMs). */
  apiTimeoutMs?: number;
}

export interface PeerProcess {
  child: ChildProcess;
  /** Resolves once the process is up (its app URL or worker /healthz); rejects if it exits first. */
  ready: Promise<{ requestUrl?: string; healthUrl?: string }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the process wrote on stderr (its JSON log lines, any stack trace), the last 1 MB. */
  stderr(): string;
  /** SIGKILL: no shutdown, no cleanup, as a crashed or OOM-killed process. Resolves when it is gone. */
  kill(): Promise<void>;
}

/**
 * Forks src/sandbox/process/entry.ts with `env` as its whole peerpods configuration (peerpods
 * variables of this process are not inherited), so it starts as `peerpods start` would.
 */
export function spawnPeerProcess(spec: ProcessSpec, env: Record<string, string>): PeerProcess {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !(key in envSchema.shape)));
  const child = fork(ENTRY, [], {
    execArgv: SOURCE ? ['--import', 'tsx'] : [],
    env: { ...inherited, ...env, PEERPODS_PROCESS: JSON.stringify(spec) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-1_000_000);
  });
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<{ requestUrl?: string; healthUrl?: string }>((resolve, reject) => {
    child.on('message', (message: { type?: string; requestUrl?: string; healthUrl?: string }) => {
      if (message?.type === 'ready') resolve({ ...(message.requestUrl ? { requestUrl: message.requestUrl } : {}), ...(message.healthUrl ? { healthUrl: message.healthUrl } : {}) });
    });
    void exited.then(({ code, signal }) => reject(new Error(`peerpods process exited (${signal ?? code}) before it was ready:\n${err.slice(-4_000)}`)));
  });
  ready.catch(() => {});
  return {
    child,
    ready,
    exited,
    stderr: () => err,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
