/**
 * Splits a roster CSV into its header and records without letting one bad row stop the rest:
 * rows with the wrong number of fields and rows with broken quoting each become a problem on
 * their own line, and every other row is still read, so the operator sees all problems at once.
 */
import { CsvError, parse } from 'csv-parse/sync';

export interface CsvProblem {
  /** Line in the file (1 = the header). */
  line: number;
  column: string | undefined;
  message: string;
}

export interface CsvRecords {
  header: string[];
  /**
   * Records after the header, each with the line it ends on; `fields` may be shorter or longer
   * than the header. A `broken` record had a quoting error (reported in `problems`): its fields
   * are a best guess, good for cross-row checks but not to be reported on.
   */
  records: { line: number; fields: string[]; broken?: true }[];
  /** Quoting errors, one per broken line. */
  problems: CsvProblem[];
}

export function readCsvRecords(text: string): CsvRecords {
  const quoteErrors: CsvError[] = [];
  const rows = parse(text, {
    info: true, bom: true, skip_empty_lines: true, relax_column_count: true,
    skip_records_with_error: true, on_skip: (error) => void (error && quoteErrors.push(error)),
  }) as unknown as { record: string[]; info: { lines: number } }[];
  // After a quoting error the parser's idea of where records start is unreliable (a stray quote
  // swallows the lines after it), so the file is read again one line at a time. The cost: a
  // legitimately multi-line quoted cell is then reported too, but only in a file already broken.
  const lines: LineResult[] = quoteErrors.length ? readLineByLine(text) : rows.map((r) => ({ line: r.info.lines, fields: r.record }));
  const [first, ...rest] = lines;
  const header = first && !first.error ? first.fields.map((c) => c.trim()) : [];
  return {
    header,
    records: rest.map((r) => (r.error ? { line: r.line, fields: r.fields, broken: true as const } : { line: r.line, fields: r.fields })),
    problems: lines.flatMap((r) => (r.error ? [quoteProblem(r.line, r.error, header)] : [])),
  };
}

interface LineResult {
  line: number;
  fields: string[];
  error?: CsvError;
}

function readLineByLine(text: string): LineResult[] {
  const results: LineResult[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((content, index) => {
    if (content.trim() === '') return;
    try {
      const [fields] = parse(content, { relax_column_count: true }) as string[][];
      results.push({ line: index + 1, fields: fields ?? [] });
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      results.push({ line: index + 1, fields: salvage(content), error });
    }
  });
  return results;
}

/** The cells of a line with broken quoting, as well as they can be told apart. */
function salvage(content: string): string[] {
  try {
    return (parse(content, { relax_column_count: true, relax_quotes: true }) as string[][])[0] ?? [];
  } catch {
    return content.split(',').map((cell) => cell.replaceAll('"', ''));
  }
}

function quoteProblem(line: number, error: CsvError, header: string[]): CsvProblem {
  const at = error.column;
  // csv-parse names the line within what it was given (one line here): say it in the file's terms.
  const message = error.message.replace(/ at line \d+/, '').replace(/: the parsing is finished with an opening quote/, ': a quote opened in this row is never closed');
  return { line, column: typeof at === 'number' ? header[at] : undefined, message: `${message} (quote the whole cell, and double any quote inside it: "a ""b"" c")` };
}
