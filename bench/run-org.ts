// Plain entry for the organisation-shaped matching benchmark:
//   node --max-old-space-size=500 --import tsx bench/run-org.ts [--sizes 500,2000,10000] [--seed N]
// Prints a table, then one JSON line with the rows (for scripts). Exit 1 if a hard constraint breaks.
import { runOrg } from './match-org.bench.ts';

const args = process.argv.slice(2);
const at = (flag: string): string | undefined => { const k = args.indexOf(flag); return k >= 0 ? args[k + 1] : undefined; };
const rows = runOrg({ sizes: at('--sizes')?.split(',').map(Number), seed: Number(at('--seed') ?? 1) });
console.log(JSON.stringify({ benchmark: 'match-org', rows }));
process.exit(rows.some((r) => r.verifierViolations > 0 || r.ours.podsBreakingHardConstraints > 0) ? 1 : 0);
