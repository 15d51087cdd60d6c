import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Each benchmark runs as its own process so one's heap and JIT state never colour another's. */
const BENCHES: Record<string, { script: string; about: string }> = {
  match: { script: 'bench/run-match.ts', about: 'MDGPLIB gaps vs TPSDP, organisation-shaped matching vs baselines' },
  queue: { script: 'bench/run-queue.ts', about: 'job throughput on the Redis and Postgres backends' },
  roster: { script: 'bench/run-roster.ts', about: '10,000-person sync under Slack rate limits' },
  acks: { script: 'bench/run-acks.ts', about: 'ack latency of 100 concurrent signed clicks' },
  sends: { script: 'bench/run-sends.ts', about: "one rhythm week of 2,000 pods through Slack's rate limits" },
  reliability: { script: 'bench/run-reliability.ts', about: 'a 2,000-person wave, app and workers as processes: 20 worker SIGKILLs, 10% API faults, a Redis flush, a Postgres restart, 200 signed interactions/s for 60 s against the app from a generator process' },
  reports: { script: 'bench/run-reports.ts', about: 'HR home, report page and CSV over 50,000 people, 10,000 pods, 60,000 sessions' },
  calendar: { script: 'bench/run-calendar.ts', about: "2,000 pods slot-found and booked through Google Calendar's quotas (emulator)" },
  fidelity: { script: 'bench/run-fidelity.ts', about: "emulator methods conforming to Slack's and Google's published API descriptions" },
};

/** `peerpods bench [name …] [-- options]`: runs the named benchmarks (default: all). */
export async function benchCommand(argv: string[]): Promise<number> {
  const names = argv.filter((arg) => !arg.startsWith('-'));
  const options = argv.filter((arg) => arg.startsWith('-'));
  const unknown = names.filter((name) => !(name in BENCHES));
  if (unknown.length) {
    console.error(`Unknown benchmark ${unknown.join(', ')}. Available:\n${Object.entries(BENCHES).map(([n, b]) => `  ${n.padEnd(8)} ${b.about}`).join('\n')}`);
    return 2;
  }
  let failed = 0;
  for (const name of names.length ? names : Object.keys(BENCHES)) {
    const bench = BENCHES[name]!;
    console.log(`\n=== bench ${name}: ${bench.about}`);
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, bench.script), ...options], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (result.status !== 0) failed++;
  }
  return failed ? 1 : 0;
}
