// `peerpods bench reliability [-- --people=N --kills=N --rate=N --seconds=N]`: a wave with the
// app and the workers in processes of their own, under faults, worker kills, a Redis flush and
// dropped Postgres connections, then load against the app; prints one JSON line last.
import { parseOptions, run } from './reliability.bench.ts';

const options = parseOptions(process.argv.slice(2));
const result = await run(options);
console.log(JSON.stringify(result));
process.exit(result.lost === 0 && result.duplicated === 0 && result.errors === 0 && result.pgRestartRecovered && result.kills === options.kills ? 0 : 1);
