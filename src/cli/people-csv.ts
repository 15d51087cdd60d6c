import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { isKnownTimezone } from '../core/matching/availability.ts';
import type { ExcludedPair, MatchPerson, PastMeeting } from '../core/matching/types.ts';

/**
 * CSV files for `peerpods match --people`: the roster import's people columns, pairing history and
 * excluded pairs. People are identified by email (lower-cased). Every error names file, line and column.
 */
export class InputFileError extends Error {
  constructor(file: string, line: number | undefined, column: string | undefined, problem: string) {
    super(`${file}${line !== undefined ? `, line ${line}` : ''}${column ? `, column "${column}"` : ''}: ${problem}. Fix the file and run again.`);
    this.name = 'InputFileError';
  }
}

const email = z.string().trim().toLowerCase().pipe(z.email());
const optional = z.string().trim().optional().transform((v) => (v === undefined || v === '' ? undefined : v));

const personRow = z.object({
  email,
  name: optional,
  team: z.string().trim().min(1, 'team is required'),
  department: optional,
  manager_email: optional.pipe(z.string().trim().toLowerCase().pipe(z.email()).optional()),
  location: optional,
  timezone: z.string().trim().refine(isKnownTimezone, 'not an IANA time zone (e.g. Europe/London)'),
  title: optional,
});
const historyRow = z.object({ email_a: email, email_b: email, met_on: z.iso.date().or(z.iso.datetime({ offset: true })) });
const exclusionRow = z.object({ email_a: email, email_b: email });

function rows<T>(file: string, text: string, schema: z.ZodType<T>, required: readonly string[]): T[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    throw new InputFileError(file, e.lines, undefined, e.message ?? 'not a CSV file');
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  for (const col of required) if (records.length > 0 && !header.includes(col)) throw new InputFileError(file, 1, col, 'missing column');
  return records.map(({ record, info }) => {
    const parsed = schema.safeParse(record);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    throw new InputFileError(file, info.lines, String(issue.path[0] ?? ''), issue.message);
  });
}

export function parsePeopleCsv(file: string, text: string): MatchPerson[] {
  const seen = new Set<string>();
  const people = rows(file, text, personRow, ['email', 'team', 'timezone']);
  return people.map((r, k) => {
    if (seen.has(r.email)) throw new InputFileError(file, k + 2, 'email', `${r.email} appears twice`);
    seen.add(r.email);
    return {
      id: r.email, email: r.email, team: r.team, timezone: r.timezone,
      ...(r.name ? { name: r.name } : {}), ...(r.department ? { department: r.department } : {}),
      ...(r.location ? { location: r.location } : {}), ...(r.manager_email ? { managerId: r.manager_email } : {}),
    };
  });
}

export function parseHistoryCsv(file: string, text: string): PastMeeting[] {
  return rows(file, text, historyRow, ['email_a', 'email_b', 'met_on']).map((r) => ({ a: r.email_a, b: r.email_b, metOn: new Date(r.met_on) }));
}

export function parseExclusionsCsv(file: string, text: string): ExcludedPair[] {
  return rows(file, text, exclusionRow, ['email_a', 'email_b']).map((r) => ({ a: r.email_a, b: r.email_b }));
}
