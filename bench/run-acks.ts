// `peerpods bench acks`: ack latency of 100 concurrent signed clicks, then one JSON line.
import { run } from './acks.bench.ts';

const result = await run();
console.log(`${result.clicks} concurrent invite accepts: ack p50 ${result.ack_p50_ms} ms, p99 ${result.ack_p99_ms} ms, max ${result.ack_max_ms} ms ` +
  `(${result.ok_200} answered 200, ${result.timed_out} over 3 s); all answers recorded after ${result.all_answers_recorded_ms} ms`);
console.log(JSON.stringify(result));
process.exit(result.ok_200 === result.clicks ? 0 : 1);
