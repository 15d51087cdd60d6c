// `peerpods bench reliability`: a wave under faults, a Redis flush and dropped Postgres
// connections, then signed clicks; prints one JSON line last.
import { run } from './reliability.bench.ts';

const result = await run();
console.log(JSON.stringify(result));
process.exit(result.lost === 0 && result.duplicated === 0 && result.errors === 0 && result.pgRestartRecovered ? 0 : 1);
