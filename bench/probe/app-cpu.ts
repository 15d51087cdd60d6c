// CPU the app process spends per app_home_opened event (acks and what follows), measured from
// /proc for an app process of its own (as the reliability bench runs it). Driver here.
//   node --import tsx bench/probe/app-cpu.ts [--events=N]
import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { parseConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { SANDBOX_SIGNING_SECRET, startRuntime } from '../../src/platform/runtime.ts';
import { spawnPeerProcess } from '../../src/sandbox/process/spawn.ts';

const N = Number(process.argv.find((a) => a.startsWith('--events='))?.split('=')[1] ?? 1000);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const admin = async (text: string) => { const c = new pg.Client({ connectionString: ADMIN_URL }); await c.connect(); try { await c.query(text); } finally { await c.end(); } };
const ticks = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; };

const dbName = `peerpods_bench_cpu_${randomBytes(4).toString('hex')}`;
await admin(`CREATE DATABASE ${dbName}`);
const url = new URL(ADMIN_URL); url.pathname = `/${dbName}`;
const env = { NODE_ENV: 'test', DATABASE_URL: url.toString(), REDIS_URL, QUEUE_PREFIX: `cpu${randomBytes(4).toString('hex')}`, LOG_LEVEL: 'error' };
const rt = await startRuntime({ config: parseConfig(env), roles: { app: false, workers: false }, log: silentLogger, sandbox: { slack: { limitsDisabled: true } } });
const slack = rt.sandbox.slack!;
const spec = { roles: { app: true, workers: false }, emulators: { slack: { apiUrl: slack.apiUrl, botToken: slack.botToken } }, port: 0, ignoreLimiters: true };
// With CPU_PROF_DIR, the app is forked here with --cpu-prof and stopped with SIGTERM (the profile is written on exit).
const profDir = process.env.CPU_PROF_DIR;
const app = profDir ? profiled(profDir) : spawnPeerProcess(spec, env);
function profiled(dir: string) {
  const child = fork(fileURLToPath(new URL('../../src/sandbox/process/entry.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--cpu-prof', `--cpu-prof-dir=${dir}`], env: { ...process.env, ...env, PEERPODS_PROCESS: JSON.stringify(spec) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<{ requestUrl?: string }>((resolve) => child.on('message', (m: { type?: string; requestUrl?: string }) => m.type === 'ready' && resolve(m)));
  return { child, ready, kill: async () => { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); } };
}
try {
  const { requestUrl } = await app.ready;
  slack.driver.configure({ requestUrl: requestUrl!, signingSecret: SANDBOX_SIGNING_SECRET });
  const users = Array.from({ length: 50 }, (_, i) => slack.workspace.addUser({ email: `u${i}@x.example`, realName: `U ${i}` }).id);
  for (const u of users) await slack.driver.openHome(u); // warm up
  const pid = app.child.pid!;
  const before = ticks(pid);
  const t = performance.now();
  for (let i = 0; i < N; i += 10) await Promise.all(users.slice(0, 10).map((u) => slack.driver.openHome(u)));
  await new Promise((r) => setTimeout(r, 500));
  const used = ticks(pid) - before;
  console.log(`${N} home opens against the app process: ${(used / N).toFixed(2)} ms CPU each in the app (${used} ms over ${Math.round(performance.now() - t)} ms)`);
} finally {
  await app.kill();
  await rt.close();
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
}
