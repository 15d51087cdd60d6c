// Plain entry for the MDGPLIB benchmark: `npx tsx bench/run-mdgp.ts [--quick] [--seed N]`.
// Prints a table, then one JSON line with the summary (for scripts).
import { run } from './match-mdgp.bench.ts';

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const summary = await run({ quick: args.includes('--quick'), seed: seedAt >= 0 ? Number(args[seedAt + 1]) : 1 });
const { rows, ...totals } = summary;
console.log(JSON.stringify({ benchmark: 'mdgp', ...totals, rows }));
