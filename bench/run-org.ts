// Organisation-shaped matching benchmark (`npm run bench -- match` runs it after MDGPLIB):
//   node --import tsx bench/run-org.ts [--cases zipf-500,confined-600] [--seed N] [--time-limit S]
// Each case runs in its own process (`--case NAME` prints one JSON row), so peak RSS and the cold
// start are the case's own. Prints a table, then one JSON line. Exit 1 if any of our pods breaks a rule.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ORG_CASES, runOrgCase, type CaseRow } from './match-org.bench.ts';

const args = process.argv.slice(2);
const at = (flag: string): string | undefined => { const k = args.indexOf(flag); return k >= 0 ? args[k + 1] : undefined; };
const seed = Number(at('--seed') ?? 1);
const limit = at('--time-limit') ? Number(at('--time-limit')) * 1000 : undefined;
const one = at('--case');
if (one) {
  console.log(JSON.stringify(runOrgCase(one, { seed, ...(limit ? { timeLimitMs: limit } : {}) })));
  process.exit(0);
}

const names = at('--cases')?.split(',') ?? Object.keys(ORG_CASES);
const rows: CaseRow[] = [];
const pct = (ours: number, bound: number): string => (bound === 0 ? (ours === 0 ? '0%' : '∞') : `${(((ours - bound) / bound) * 100).toFixed(1)}%`);
for (const name of names) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--case', name, '--seed', String(seed), ...(limit ? ['--time-limit', String(limit / 1000)] : [])],
    { encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) { console.log(`${name}: failed\n${child.stderr}`); process.exitCode = 1; continue; }
  const r = JSON.parse(line) as CaseRow;
  rows.push(r);
  const capped = r.stoppedBecause === 'time-limit';
  console.log(`${name} (${ORG_CASES[name]!.about}): ${r.people} people, ${r.pods} pods, ${r.placed} placed`);
  console.log(`  same-team pairs: ours ${r.ours.sameTeamPairs} / bound ${r.sameTeamPairsLowerBound}${r.boundProven ? '' : ' (not proven optimal)'} (gap ${pct(r.ours.sameTeamPairs, r.sameTeamPairsLowerBound)}) / greedy ${r.greedy.sameTeamPairs} / random ${r.random.sameTeamPairs}`);
  console.log(`  all-different-team pods: ours ${r.ours.allDistinct} / bound ${r.allTeamsDistinctUpperBound} (${r.allTeamsDistinctAtFewestPairs} with the fewest same-team pairs) / greedy ${r.greedy.allDistinct} / random ${r.random.allDistinct}`);
  console.log(`  repeat pairs: ours ${r.ours.repeatPairs} / greedy ${r.greedy.repeatPairs} / random ${r.random.repeatPairs}; pods breaking a hard rule (verifier): ours ${r.ours.podsBreakingRules} / greedy ${r.greedy.podsBreakingRules} / random ${r.random.podsBreakingRules}`);
  console.log(`  ours: ${capped ? `ran to its ${r.timeLimitMs / 1000} s limit (not a speed figure)` : `stopped at ${(r.ours.ms / 1000).toFixed(2)} s (${r.stoppedBecause})`}, CPU ${(r.cpuMs / 1000).toFixed(2)} s, same-team bound met at ${r.sameTeamBoundMetAtMs === null ? 'never' : `${(r.sameTeamBoundMetAtMs / 1000).toFixed(2)} s`}, peak RSS ${r.peakRssMb} MB`);
  if (r.ours.podsBreakingRules > 0) process.exitCode = 1;
}
console.log(JSON.stringify({ benchmark: 'match-org', seed, rows }));
