/**
 * Reads and checks a roster CSV without touching the database: every problem is collected with
 * its line and column, so the operator fixes the file once rather than error by error.
 */
import { ROSTER_CSV_COLUMNS, ROSTER_CSV_OPTIONAL_COLUMNS, rosterCsvRow, type RosterCsvRow } from './csv-format.ts';
import { readCsvRecords, type CsvProblem } from './csv-records.ts';

export type { CsvProblem } from './csv-records.ts';

export interface ParsedRoster {
  rows: { line: number; row: RosterCsvRow }[];
  problems: CsvProblem[];
}

/** What the database already holds, for checks that reach beyond the file. */
export interface KnownPeople {
  /** email → manager email, for people already on the roster. */
  managerOf: Map<string, string | null>;
  /** Slack user id → email of the person holding it. */
  slackIdOwner: Map<string, string>;
}

/** Parses and validates the text of a roster CSV. */
export function parseRosterCsv(textIn: string, known: KnownPeople = { managerOf: new Map(), slackIdOwner: new Map() }): ParsedRoster {
  const { header, records, problems } = readCsvRecords(textIn);
  for (const column of ROSTER_CSV_COLUMNS) if (!header.includes(column)) problems.push({ line: 1, column, message: 'missing column' });
  const allowed = new Set<string>([...ROSTER_CSV_COLUMNS, ...ROSTER_CSV_OPTIONAL_COLUMNS]);
  for (const column of header) if (!allowed.has(column)) problems.push({ line: 1, column, message: `unknown column (expected ${[...allowed].join(', ')})` });
  if (problems.some((p) => p.line === 1)) return { rows: [], problems: sorted(problems) };
  if (records.length === 0 && problems.length === 0) return { rows: [], problems: [{ line: 2, column: undefined, message: 'the file has no people' }] };

  const rows: ParsedRoster['rows'] = [];
  // Field by field, so a row with a bad time zone still takes part in the duplicate and manager checks.
  const partial: { line: number; row: Partial<RosterCsvRow> }[] = [];
  for (const { line, fields, broken } of records) {
    // A row with too few or too many fields, or broken quoting, is reported once: its cells may
    // sit under the wrong columns, so their own checks would mislead. What does read cleanly still joins the
    // cross-row checks, so a manager listed on it is not reported as unknown elsewhere.
    const aligned = !broken && fields.length === header.length;
    if (!aligned && !broken) problems.push(fieldCountProblem(line, fields.length, header));
    const record = new Map(header.map((column, i) => [column, fields[i]]));
    const row: Record<string, unknown> = {};
    let valid = aligned;
    for (const [column, schema] of Object.entries(rosterCsvRow.shape)) {
      const parsed = schema.safeParse(record.get(column) ?? (column === 'slack_user_id' ? undefined : ''));
      if (parsed.success) row[column] = parsed.data;
      else {
        valid = false;
        if (aligned) problems.push({ line, column, message: parsed.error.issues[0]?.message ?? 'invalid' });
      }
    }
    partial.push({ line, row: row as Partial<RosterCsvRow> });
    if (valid) rows.push({ line, row: row as RosterCsvRow });
  }
  problems.push(...crossRowProblems(partial, known));
  return { rows, problems: sorted(problems) };
}

function fieldCountProblem(line: number, count: number, header: string[]): CsvProblem {
  return count < header.length
    ? { line, column: header[count], message: `${count} cells but the header has ${header.length}: "${header[count]}" onwards are missing (a comma too few?)` }
    : { line, column: undefined, message: `${count} cells but the header has ${header.length} (an unquoted comma? quote cells that contain one)` };
}

function sorted(problems: CsvProblem[]): CsvProblem[] {
  return problems.sort((a, b) => a.line - b.line || (a.column ?? '').localeCompare(b.column ?? ''));
}

/** Duplicates, unknown managers, self-management and manager cycles. */
function crossRowProblems(all: { line: number; row: Partial<RosterCsvRow> }[], known: KnownPeople): CsvProblem[] {
  const rows = all.filter((r): r is { line: number; row: Partial<RosterCsvRow> & { email: string } } => typeof r.row.email === 'string');
  const problems: CsvProblem[] = [];
  const firstLine = new Map<string, number>();
  const slackIds = new Map<string, { line: number; email: string }>();
  for (const { line, row } of rows) {
    const seen = firstLine.get(row.email);
    if (seen !== undefined) problems.push({ line, column: 'email', message: `${row.email} already appears on line ${seen}` });
    else firstLine.set(row.email, line);
    if (row.slack_user_id) {
      const other = slackIds.get(row.slack_user_id);
      if (other) problems.push({ line, column: 'slack_user_id', message: `${row.slack_user_id} is also given on line ${other.line}` });
      else slackIds.set(row.slack_user_id, { line, email: row.email });
      const owner = known.slackIdOwner.get(row.slack_user_id);
      if (owner && owner !== row.email) problems.push({ line, column: 'slack_user_id', message: `${row.slack_user_id} belongs to ${owner} on the roster` });
    }
  }
  // The reporting lines once this file is applied: the file's rows over what the roster holds.
  // A duplicate row is already reported; it must not replace the first row's manager, or it
  // could hide a cycle (or invent one) that the first row takes part in.
  const managerOf = new Map(known.managerOf);
  const inFile = new Set<string>();
  for (const { row } of rows) {
    if (inFile.has(row.email)) continue;
    inFile.add(row.email);
    managerOf.set(row.email, row.manager_email ?? null);
  }
  for (const { line, row } of rows) {
    if (!row.manager_email) continue;
    if (row.manager_email === row.email) problems.push({ line, column: 'manager_email', message: 'a person cannot be their own manager' });
    else if (!managerOf.has(row.manager_email)) {
      problems.push({ line, column: 'manager_email', message: `${row.manager_email} is neither in this file nor on the roster` });
    }
  }
  for (const cycle of managerCycles(managerOf)) {
    for (const email of cycle) {
      const line = firstLine.get(email);
      if (line !== undefined) problems.push({ line, column: 'manager_email', message: `manager cycle: ${[...cycle, cycle[0]].join(' → ')}` });
    }
  }
  return problems;
}

/** Each cycle of the manager relation once, as the list of emails around it. */
export function managerCycles(managerOf: Map<string, string | null>): string[][] {
  const done = new Set<string>();
  const cycles: string[][] = [];
  for (const start of managerOf.keys()) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let at: string | null | undefined = start;
    while (at && !done.has(at) && !onPath.has(at)) {
      onPath.set(at, path.length);
      path.push(at);
      at = managerOf.get(at);
    }
    if (at && onPath.has(at)) {
      const cycle = path.slice(onPath.get(at));
      if (cycle.length > 1) cycles.push(cycle); // a self-loop is reported on its own
    }
    for (const email of path) done.add(email);
  }
  return cycles;
}

export function formatProblems(file: string, problems: readonly CsvProblem[]): string {
  return problems.map((p) => `${file}:${p.line}${p.column ? ` column "${p.column}"` : ''}: ${p.message}`).join('\n');
}
