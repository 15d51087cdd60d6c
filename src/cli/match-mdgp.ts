import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { MdgpFormatError, parseMdgp } from '../core/grouping/mdgp.ts';
import { InfeasibleBoundsError } from '../core/grouping/problem.ts';
import { solveGrouping } from '../core/grouping/solve.ts';

const USAGE = 'Usage: peerpods match --mdgp FILE [--time-limit SECONDS (default 3)] [--seed N (default 1)]';

/**
 * `peerpods match --mdgp FILE [--time-limit SECONDS] [--seed N]`: solve a Maximally Diverse
 * Grouping Problem instance (MDGPLIB format) and print {"objective","groups","elapsedMs"} as JSON.
 * Exit 0 on success, 1 for a bad file, 2 for bad flags.
 */
export async function matchMdgpCommand(argv: string[]): Promise<number> {
  let file: string;
  let timeLimitMs: number;
  let seed: number;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        mdgp: { type: 'string' },
        'time-limit': { type: 'string' },
        seed: { type: 'string' },
      },
      strict: true,
    });
    if (!values.mdgp) throw new Error('--mdgp needs a FILE');
    file = values.mdgp;
    const seconds = values['time-limit'] === undefined ? 3 : Number(values['time-limit']);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`--time-limit must be a positive number of seconds, got "${values['time-limit']}"`);
    timeLimitMs = seconds * 1000;
    seed = values.seed === undefined ? 1 : Number(values.seed);
    if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }

  const started = performance.now();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    console.error(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Check the path.`);
    return 1;
  }
  try {
    const { problem } = parseMdgp(text);
    // The clock starts before reading so the whole run, parse included, stays within the limit.
    const parseMs = performance.now() - started;
    const result = solveGrouping(problem, {
      seed,
      timeLimitMs: Math.max(1, timeLimitMs - parseMs - 5),
      now: () => performance.now(),
    });
    const out = { objective: round(result.objective), groups: result.groups, elapsedMs: Math.round(performance.now() - started) };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof MdgpFormatError || err instanceof InfeasibleBoundsError) {
      console.error(`${file}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

/** Sums of 3-decimal distances pick up float noise; 6 decimals is exact for MDGPLIB values. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
