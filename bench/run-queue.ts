// `peerpods bench queue`: prints the queue throughput figures, then one JSON line for machines.
import { run } from './queue.bench.ts';

const result = await run();
for (const kind of ['redis', 'postgres']) {
  console.log(
    `${kind.padEnd(8)} ${result.jobs} no-op jobs: enqueue ${result[`${kind}_enqueue_ms`]} ms, ` +
      `drain ${result[`${kind}_drain_ms`]} ms (${result[`${kind}_jobs_per_s`]} jobs/s, concurrency ${result.worker_concurrency})`,
  );
}
console.log(JSON.stringify(result));
