/**
 * Request arguments as Slack reads them: form fields are strings (objects arrive JSON-encoded,
 * as WebClient sends them), JSON bodies carry real values. Handlers throw SlackApiError to
 * answer HTTP 200 with {"ok":false,"error":code}.
 */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'SlackApiError';
  }
}

/** Slack's answer to a missing or malformed argument. */
export function invalidArguments(detail: string): SlackApiError {
  return refused('invalid_arguments', [detail]);
}

/** An error with Slack's detail strings: `errors` (bare) and `response_metadata.messages` ("[ERROR] …"). */
export function refused(code: string, problems: string[]): SlackApiError {
  return new SlackApiError(code, { ...(code === 'invalid_blocks' ? { errors: problems } : {}), response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } });
}

export class Params {
  constructor(readonly raw: Record<string, unknown>) {}

  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== null && v !== '';
  }

  str(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }

  /** A required string; `code` is the error Slack gives for this method when it is missing. */
  need(name: string, code?: string): string {
    const v = this.str(name);
    if (v === undefined) throw code ? new SlackApiError(code) : invalidArguments(`missing required field: ${name}`);
    return v;
  }

  bool(name: string): boolean {
    const v = this.raw[name];
    return v === true || v === 'true' || v === '1' || v === 1;
  }

  int(name: string, fallback: number): number {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return fallback;
    const n = typeof v === 'number' ? v : Number.parseInt(String(v), 10);
    if (!Number.isFinite(n)) throw invalidArguments(`${name} must be a number`);
    return n;
  }

  /** A structured argument: parsed when it came JSON-encoded in a form field. */
  json(name: string, code = 'invalid_arguments'): unknown {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      throw code === 'invalid_arguments' ? invalidArguments(`${name} is not valid JSON`) : new SlackApiError(code);
    }
  }

  /** Arguments without the token, JSON-encoded fields (blocks, view, metadata…) decoded, for the request log. */
  forLog(): Record<string, unknown> {
    const { token: _token, ...rest } = this.raw;
    for (const [key, value] of Object.entries(rest)) {
      if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
        try {
          rest[key] = JSON.parse(value) as unknown;
        } catch {
          /* not JSON after all: keep the text */
        }
      }
    }
    return rest;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
