import type { GroupBounds, GroupingProblem } from './problem.ts';

/** A malformed MDGPLIB file; the message names the line so the file can be fixed. */
export class MdgpFormatError extends Error {
  constructor(readonly line: number, detail: string) {
    super(`MDGPLIB line ${line}: ${detail}. Expected a header "n m ss|ds a1 b1 ... am bm" then "i j d" lines (0-based).`);
    this.name = 'MdgpFormatError';
  }
}

export interface MdgpInstance {
  problem: GroupingProblem;
  /** 'ss' (same sizes) or 'ds' (different sizes), as declared in the header. */
  sizing: 'ss' | 'ds';
}

/** Parse MDGPLIB text into a dense grouping problem (symmetric distance matrix). */
export function parseMdgp(text: string): MdgpInstance {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').trim().split(/\s+/);
  const n = intAt(header[0], 1, 'n');
  const m = intAt(header[1], 1, 'm');
  if (n < 1) throw new MdgpFormatError(1, `n must be positive, got ${n}`);
  if (m < 1) throw new MdgpFormatError(1, `m must be positive, got ${m}`);
  const sizing = header[2];
  if (sizing !== 'ss' && sizing !== 'ds') throw new MdgpFormatError(1, `third field must be ss or ds, got "${sizing ?? ''}"`);
  if (header.length !== 3 + 2 * m) {
    throw new MdgpFormatError(1, `expected ${2 * m} group bounds for m=${m}, found ${header.length - 3}`);
  }
  const groups: GroupBounds[] = [];
  for (let g = 0; g < m; g++) {
    const min = intAt(header[3 + 2 * g], 1, `a${g + 1}`);
    const max = intAt(header[4 + 2 * g], 1, `b${g + 1}`);
    if (min < 0 || min > max) throw new MdgpFormatError(1, `group ${g + 1} bounds ${min} ${max} need 0 <= a <= b`);
    groups.push({ min, max });
  }
  const matrix = new Float64Array(n * n);
  let pairs = 0;
  for (let k = 1; k < lines.length; k++) {
    const raw = lines[k]!.trim();
    if (raw === '') continue;
    const lineNo = k + 1;
    const parts = raw.split(/\s+/);
    if (parts.length !== 3) throw new MdgpFormatError(lineNo, `expected "i j d", got "${clip(raw)}"`);
    const i = intAt(parts[0], lineNo, 'i');
    const j = intAt(parts[1], lineNo, 'j');
    const d = Number(parts[2]);
    if (i < 0 || i >= n || j < 0 || j >= n) throw new MdgpFormatError(lineNo, `element out of range 0..${n - 1}: "${clip(raw)}"`);
    if (i === j) throw new MdgpFormatError(lineNo, `pair of an element with itself: "${clip(raw)}"`);
    if (!Number.isFinite(d)) throw new MdgpFormatError(lineNo, `distance "${parts[2]}" is not a number`);
    matrix[i * n + j] = d;
    matrix[j * n + i] = d;
    pairs++;
  }
  const expected = (n * (n - 1)) / 2;
  if (pairs !== expected) {
    throw new MdgpFormatError(lines.length, `expected ${expected} pair lines for n=${n}, found ${pairs} (truncated file?)`);
  }
  return { problem: { n, benefit: { kind: 'dense', matrix }, groups }, sizing };
}

function intAt(field: string | undefined, line: number, name: string): number {
  const v = Number(field);
  if (field === undefined || field === '' || !Number.isInteger(v)) {
    throw new MdgpFormatError(line, `${name} must be an integer, got "${field ?? '(missing)'}"`);
  }
  return v;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
