/**
 * The Google emulator's conformance suite as a function, for the test suite and for
 * `npm run bench -- fidelity`: runs every check of every Calendar/Directory method peerpods calls
 * against a fresh emulator and counts the methods whose checks all pass.
 */
import { CALENDAR_CHECKS } from './calendar-checks.ts';
import { DIRECTORY_CHECKS } from './directory-checks.ts';
import { PARAMETER_CHECKS } from './parameter-checks.ts';
import { loadSpecs, withContext, type Check, type Specs } from './context.ts';

/** The Google API methods peerpods calls (src/google/ and the calendar work), in discovery ids. */
export const GOOGLE_METHODS = [
  'calendar.freebusy.query', 'calendar.events.insert', 'calendar.events.get', 'calendar.events.patch',
  'calendar.events.delete', 'calendar.events.list', 'calendar.events.instances', 'directory.users.list',
] as const;

export const GOOGLE_CHECKS: Check[] = [...CALENDAR_CHECKS, ...DIRECTORY_CHECKS, ...PARAMETER_CHECKS];

export interface CheckResult {
  method: string;
  name: string;
  problems: string[];
}

export interface GoogleFidelity {
  googleMethods: number;
  googleConforming: number;
  results: CheckResult[];
}

export async function runCheck(check: Check, specs: Specs = loadSpecs()): Promise<CheckResult> {
  try {
    return { method: check.method, name: check.name, problems: await withContext(specs, (context) => check.run(context)) };
  } catch (error) {
    return { method: check.method, name: check.name, problems: [`threw: ${error instanceof Error ? error.message : String(error)}`] };
  }
}

/** Runs the whole suite; a method conforms when it has checks and none found a problem. */
export async function googleFidelity(specs: Specs = loadSpecs()): Promise<GoogleFidelity> {
  const results: CheckResult[] = [];
  for (const check of GOOGLE_CHECKS) results.push(await runCheck(check, specs));
  const conforming = GOOGLE_METHODS.filter((m) => {
    const mine = results.filter((r) => r.method === m);
    return mine.length > 0 && mine.every((r) => r.problems.length === 0);
  });
  return { googleMethods: GOOGLE_METHODS.length, googleConforming: conforming.length, results };
}
