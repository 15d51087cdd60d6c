/**
 * HTTP plumbing shared by the Google emulator's routes: reading JSON bodies and answering in
 * Google's JSON error shape, `{ error: { code, message, errors: [{ domain, reason, message }], status } }`,
 * which googleapis (gaxios) parses into `GaxiosError.response.data`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const STATUS_NAMES: Record<number, string> = {
  304: 'NOT_MODIFIED',
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  410: 'NOT_FOUND',
  412: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
};

/** A failure a route answers with; the dispatcher turns it into Google's error JSON. */
export class GoogleApiFailure extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly domain = 'global',
    readonly headers: Record<string, string> = {},
    /** The query parameter at fault, for `locationType: 'parameter'` errors. */
    readonly location?: string,
  ) {
    super(message);
  }

  body(): unknown {
    const where = this.location ? { locationType: 'parameter', location: this.location } : {};
    return {
      error: {
        code: this.code,
        message: this.message,
        errors: [{ domain: this.domain, reason: this.reason, message: this.message, ...where }],
        status: this.code === 403 && this.domain === 'usageLimits' ? 'RESOURCE_EXHAUSTED' : STATUS_NAMES[this.code] ?? 'UNKNOWN',
      },
    };
  }
}

export const badRequest = (message: string, reason = 'invalid'): GoogleApiFailure => new GoogleApiFailure(400, reason, message);
export const notFound = (message = 'Not Found'): GoogleApiFailure => new GoogleApiFailure(404, 'notFound', message);

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GoogleApiFailure(400, 'parseError', 'Parse Error');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || status === 304) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Opaque page tokens: an offset into a stable ordering, encoded so clients do not parse them. */
export function encodePageToken(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const match = /^o:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match?.[1]) throw badRequest('Invalid page token', 'invalid');
  return Number(match[1]);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
