// `peerpods bench roster [-- --people N] [--usergroups]`: the 10,000-person sync under Slack's
// limits (see roster.bench.ts for the method). Prints a summary, then one JSON line per run.
import { run } from './roster.bench.ts';

const args = process.argv.slice(2);
const at = args.indexOf('--people');
const people = at >= 0 ? Number(args[at + 1]) : undefined;
const sources = args.includes('--usergroups') ? (['department', 'usergroup'] as const) : (['department'] as const);
for (const teamSource of sources) {
  const r = await run({ ...(people ? { people } : {}), teamSource });
  console.log(
    `${r.people} people (${r.slack_accounts} Slack accounts, teams from ${r.team_source}): ${r.tier2_calls} Tier-2 calls at ${r.tier2_limit_per_min}/min.\n` +
      `  first sync: projected ${r.first_projected_s} s (virtual wait ${r.first_slept_virtual_s} s + wall ${r.first_wall_s} s, CPU ${r.first_cpu_s} s) ` +
      `vs rate-limited minimum ${r.min_s_sequential_walk} s (burst windows, methods in turn; ${r.min_s_burst_window} s in parallel) / ${r.min_s_steady_rate} s (steady rate)\n` +
      `  re-sync:    ${r.resync_updated} updated, ${r.resync_unchanged} unchanged, wall ${r.resync_wall_s} s + virtual wait ${r.resync_slept_virtual_s} s`,
  );
  console.log(JSON.stringify({ benchmark: 'roster', ...r }));
}
