import type { IncomingMessage } from 'node:http';
import { Params } from './params.ts';

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface ParsedRequest {
  params: Params;
  isJson: boolean;
  /** Binary parts of a multipart body, by field name. */
  files: Map<string, Buffer>;
}

/** Reads Web API arguments the ways Slack accepts them: query string, form, JSON or multipart. */
export async function parseArguments(req: IncomingMessage, url: URL, body: Buffer): Promise<ParsedRequest | 'invalid_json'> {
  const raw: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files = new Map<string, Buffer>();
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  let isJson = false;
  if (type === 'application/json' && body.length > 0) {
    isJson = true;
    try {
      const parsed = JSON.parse(body.toString('utf8')) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'invalid_json';
      Object.assign(raw, parsed);
    } catch {
      return 'invalid_json';
    }
  } else if (type === 'application/x-www-form-urlencoded') {
    Object.assign(raw, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  } else if (type === 'multipart/form-data') {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': req.headers['content-type']! } }).formData();
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') raw[key] = value;
      else files.set(key, Buffer.from(await value.arrayBuffer()));
    }
  }
  return { params: new Params(raw), isJson, files };
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}
