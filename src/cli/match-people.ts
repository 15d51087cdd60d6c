import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { matchPeople } from '../core/matching/match.ts';
import { resolveMatchSettings, type MatchResult } from '../core/matching/types.ts';
import { InputFileError, parseExclusionsCsv, parseHistoryCsv, parsePeopleCsv } from './people-csv.ts';

/** Wrong flags or flag values: say which and what is expected. */
export class MatchUsageError extends Error {
  constructor(message: string) {
    super(`${message}. Run "peerpods match" without options for usage.`);
    this.name = 'MatchUsageError';
  }
}

function range(flag: string, value: string, pattern: RegExp): RegExpExecArray {
  const m = pattern.exec(value);
  if (!m) throw new MatchUsageError(`--${flag} "${value}" is not valid`);
  return m;
}

function positive(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new MatchUsageError(`--${flag} must be a positive number, got "${value}"`);
  return n;
}

async function read(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new InputFileError(file, undefined, undefined, 'cannot read the file');
  }
}

/**
 * `peerpods match --people FILE.csv [--history F] [--exclusions F] [--pod-size 4-5] [--pod-sizes larger|smaller] [--allow-sizes 3,6]
 * [--hours 09:00-17:00] [--session-minutes 60] [--sessions 6] [--start YYYY-MM-DD] [--seed N]
 * [--time-limit SECONDS] --json`. Prints the pods, unplaced people with reasons, and metrics.
 */
export async function matchPeopleCommand(argv: string[]): Promise<number> {
  try {
    const { values: v } = parseArgs({ args: argv, strict: true, options: {
      people: { type: 'string' }, history: { type: 'string' }, exclusions: { type: 'string' },
      'pod-size': { type: 'string' }, 'allow-sizes': { type: 'string' }, hours: { type: 'string' },
      'session-minutes': { type: 'string' }, sessions: { type: 'string' }, start: { type: 'string' },
      seed: { type: 'string' }, 'time-limit': { type: 'string' }, json: { type: 'boolean' }, 'pod-sizes': { type: 'string' },
    } });
    if (!v.people) throw new MatchUsageError('--people FILE.csv is required');
    const size = range('pod-size', v['pod-size'] ?? '4-5', /^(\d+)-(\d+)$/);
    const hours = range('hours', v.hours ?? '09:00-17:00', /^(\d\d:\d\d)-(\d\d:\d\d)$/);
    const start = v.start ? DateTime.fromISO(v.start, { zone: 'utc' }) : DateTime.utc().plus({ weeks: 1 }).startOf('week');
    const podSizes = v['pod-sizes'] ?? 'larger';
    if (podSizes !== 'larger' && podSizes !== 'smaller') throw new MatchUsageError(`--pod-sizes must be "larger" (fewest pods) or "smaller" (most pods), got "${podSizes}"`);
    if (!start.isValid) throw new MatchUsageError(`--start "${v.start}" is not a date (YYYY-MM-DD)`);
    const settings = resolveMatchSettings({
      minSize: Number(size[1]), maxSize: Number(size[2]), podSizes,
      allowSizes: (v['allow-sizes'] ?? '').split(',').filter(Boolean).map((s) => positive('allow-sizes', s, 0)),
      workingHours: { start: hours[1]!, end: hours[2]!, days: [1, 2, 3, 4, 5] },
      sessionMinutes: positive('session-minutes', v['session-minutes'], 60),
      sessionCount: positive('sessions', v.sessions, 6),
      firstWeekStart: start.toJSDate(),
      seed: Math.floor(positive('seed', v.seed, 1)),
      timeLimitMs: positive('time-limit', v['time-limit'], 2) * 1000,
    });
    if (settings.minSize > settings.maxSize || settings.minSize < 2) throw new MatchUsageError(`--pod-size "${v['pod-size']}" needs 2 <= min <= max`);
    const people = parsePeopleCsv(v.people, await read(v.people));
    const history = v.history ? parseHistoryCsv(v.history, await read(v.history)) : [];
    const exclusions = v.exclusions ? parseExclusionsCsv(v.exclusions, await read(v.exclusions)) : [];
    const result = matchPeople({ people, history, exclusions }, settings, new Date());
    await print(v.json ? JSON.stringify(toJson(result)) : summary(result));
    return 0;
  } catch (err) {
    if (err instanceof InputFileError || err instanceof MatchUsageError) { console.error(err.message); return err instanceof MatchUsageError ? 2 : 1; }
    if (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) { console.error(`${err.message}. Run "peerpods match" for usage.`); return 2; }
    throw err;
  }
}

/** Write and wait until flushed: main.ts exits explicitly, which would cut a large piped output short. */
function print(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(`${text}\n`, (err) => (err ? reject(err) : resolve())));
}

/** The documented JSON shape: people are named by email. */
function toJson(r: MatchResult): object {
  return {
    pods: r.pods.map((p) => ({ members: p.members, score: p.score, breakdown: p.breakdown, window: p.window, relaxations: p.relaxations })),
    unplaced: r.unplaced.map((u) => ({ email: u.personId, reason: u.reason, detail: u.detail, suggestion: u.suggestion })),
    metrics: r.metrics,
    elapsedMs: r.elapsedMs,
  };
}

function gap(ours: number, bound: number): string {
  return bound === 0 ? (ours === 0 ? '0%' : `+${ours}`) : `${(((ours - bound) / bound) * 100).toFixed(1)}%`;
}

function summary(r: MatchResult): string {
  const m = r.metrics;
  const lines = r.pods.map((p, k) => `pod ${k + 1} (${p.window.utcLabel}, score ${p.score}): ${p.members.join(', ')}`);
  lines.push(...r.unplaced.map((u) => `unplaced ${u.personId}: ${u.detail} — ${u.suggestion}`));
  lines.push(`${m.pods} pods (${m.podSizes} pods), ${m.placed}/${m.people} placed, ${m.repeatPairs} repeat pairs, ${r.elapsedMs} ms (${m.stoppedBecause})`);
  lines.push(`cross-team pairs: ${m.crossTeamPairs}, best possible ${m.crossTeamPairsUpperBound} (same-team pairs ${m.sameTeamPairs}, bound ${m.sameTeamPairsLowerBound}, gap ${gap(m.sameTeamPairs, m.sameTeamPairsLowerBound)})`);
  lines.push(`all-different-team pods: ${m.podsAllTeamsDistinct}, best possible ${m.allTeamsDistinctUpperBound}, ${m.allTeamsDistinctUpperBoundAtFewestPairs} with the fewest same-team pairs (bounds take time zones into account; they ignore manager and exclusion rules)`);
  return lines.join('\n');
}
