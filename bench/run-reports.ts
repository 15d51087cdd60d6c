// `peerpods bench reports [--runs=N]`: the HR surfaces over 50,000 people, 10,000 pods, 60,000
// sessions and 3 waves (see reports.bench.ts). Prints a summary, then one JSON line.
import { loadavg } from 'node:os';
import { run } from './reports.bench.ts';

// `--runs=N` (the bench dispatcher passes only arguments that start with '-').
const runs = Number(process.argv.slice(2).find((arg) => arg.startsWith('--runs='))?.slice(7) ?? 20);
const startLoad = loadavg();
const r = await run({ runs });
const { sample, plan, ...figures } = r;
console.log(`Seeded ${r.counts.people} people, ${r.counts.pods} pods, ${r.counts.sessions} sessions, ${r.counts.attendance} attendance rows, ` +
  `${r.counts.retro} retro answers, ${r.counts.waves} waves in ${(r.seedMs / 1000).toFixed(1)} s.`);
console.log(`Report: ${sample.figures} figures, ${sample.hiddenFigures} hidden by the privacy module; ${sample.connections.pairsBridged} team pairs bridged.`);
const load = () => loadavg().map((x) => x.toFixed(2)).join(', ');
console.log(`Load average (1, 5, 15 min): at the start ${startLoad.map((x) => x.toFixed(2)).join(', ')}; at the end ${load()}`);
console.log(`Surfaces over ${runs} runs each (ms, one Node thread; Postgres on the same machine):`);
for (const [name, t] of Object.entries(r.surfaces)) console.log(`  ${name.padEnd(28)} p50 ${t.p50}  p95 ${t.p95}  max ${t.max}${t.p95 <= 300 ? '' : '  (over the 300 ms target)'}`);
const c = r.coldSpans;
console.log(`Cold build, median ms: queries (with compaction) ${c.sql} · figures ${c.figures} · privacy protection ${c.protect} · computing ${c.evaluate} · page charts ${c.charts}`);
console.log('Repository queries (ms, p50/p95 of 5):');
for (const [name, t] of Object.entries(r.queries)) console.log(`  ${name.padEnd(14)} ${t.p50} / ${t.p95}`);
console.log(`Rollup: ${r.rollup.cells} group cells, ${r.rollup.pairs} team pairs, ${r.rollup.people_rows} per-person rows kept by triggers.`);
console.log(`Trigger cost (median ms, with / without the rollup): one attendance mark ${r.writes.attendance_ms.with_rollup} / ${r.writes.attendance_ms.without}, ` +
  `one held session marked skipped ${r.writes.session_skipped_ms.with_rollup} / ${r.writes.session_skipped_ms.without}`);
console.log('Indexes the report and its rollup rely on:');
for (const index of r.indexes) console.log(`  ${index.indexdef}`);
console.log(`Query plan of the slowest query (${r.slowest}):\n${plan.split('\n').map((l) => `  ${l}`).join('\n')}`);
console.log(JSON.stringify({ benchmark: 'reports', loadAverage: { start: startLoad, end: loadavg() }, ...figures, figures: sample.figures, hiddenFigures: sample.hiddenFigures }));
