// `peerpods bench reliability [-- --people=N --kills=N --rate=N --seconds=N]`: a wave with the
// app and the workers in processes of their own, under 10% API faults, worker kills, a Redis
// flush and a Postgres restart, then load against the app from a generator process of its own;
// prints one JSON line last and exits 0 only when every promise holds (1 naming those that do not).
import { parseOptions, run, TARGETS } from './reliability.bench.ts';

const options = parseOptions(process.argv.slice(2));
const result = await run(options);
const broken = [
  result.kills !== options.kills && `${result.kills} of ${options.kills} kills happened`,
  result.lost !== 0 && `${result.lost} lost`,
  result.duplicated !== 0 && `${result.duplicated} duplicated`,
  (result.flushRecoveredMs === null || result.flushRecoveredMs > TARGETS.flushRecoveredMs) && `not rebuilt within ${TARGETS.flushRecoveredMs / 1000} s of the Redis flush`,
  !result.pgRestartRecovered && 'app or worker did not recover from the Postgres restart by itself',
  result.errors !== 0 && `${result.errors} interactions under load not acknowledged with 200 within 3 s`,
  !(result.ackP99Ms < TARGETS.ackP99Ms) && `ack p99 ${result.ackP99Ms} ms is over the ${TARGETS.ackP99Ms} ms target (load average ${result.load.loadAverage})`,
].filter((reason): reason is string => typeof reason === 'string');
if (broken.length) console.error(`reliability: does not hold: ${broken.join('; ')}`);
console.log(JSON.stringify(result));
process.exit(broken.length ? 1 : 0);
