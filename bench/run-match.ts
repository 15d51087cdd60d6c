// `npm run bench -- match [--quick]`: the matching benchmarks, each in its own child process so
// the organisation run's memory figure is its own. MDGPLIB at TPSDP's time limits takes about 29
// CPU-minutes (n=480 alone is 12 x 120 s); --quick runs the n=120 instances only.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const runs = [
  { name: 'MDGPLIB vs TPSDP', node: [], script: 'run-mdgp.ts', args: args.includes('--quick') ? ['--quick'] : [] },
  { name: 'organisation-shaped matching', node: [], script: 'run-org.ts', args: args.includes('--quick') ? ['--cases', 'confined-600,zipf-2000'] : [] },
];
let failed = 0;
for (const run of runs) {
  console.log(`\n--- ${run.name}`);
  const result = spawnSync(process.execPath, [...run.node, '--import', 'tsx', path.join(here, run.script), ...run.args], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
