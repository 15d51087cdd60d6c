import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomHex } from './ids.ts';
import { SlackApiError } from './params.ts';
import { bearerToken, parseArguments, readBody } from './http-body.ts';
import { METHODS } from './methods/index.ts';
import { neededScopes } from './scopes.ts';
import { messageBlockProblems } from './block-kit/index.ts';
import type { FaultPlan, PlannedFault } from '../faults.ts';
import type { SlackLimits } from './limits.ts';
import type { SlackLog } from './log.ts';
import type { Workspace } from './workspace.ts';

export interface ServerParts {
  ws: Workspace;
  faults: FaultPlan;
  limits: SlackLimits;
  log: SlackLog;
  baseUrl: () => string;
  /** Responses held open by a 'timeout' fault; answered never, destroyed on close. */
  held: Set<ServerResponse>;
}

/** Fault key for the POST to an upload_url (it is not a Web API method). */
export const UPLOAD_FAULT_KEY = 'upload_url';

/** Routes /api/<method>, /upload/v1/<key> and response_url posts. */
export function createRequestHandler(parts: ServerParts): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(parts, req, res).catch((error: unknown) => {
      console.error('[slack emulator] internal error', error);
      if (!res.headersSent) send(res, 500, { ok: false, error: 'emulator_internal_error', detail: String(error) });
    });
  };
}

async function handle(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const body = await readBody(req);
  if (url.pathname.startsWith('/api/')) return api(parts, url.pathname.slice(5), req, url, body, res);
  if (url.pathname.startsWith('/upload/v1/') && req.method === 'POST') return upload(parts, url.pathname.slice(11), req, url, body, res);
  if (url.pathname.startsWith('/actions/') && req.method === 'POST') return responseUrl(parts, url.pathname, body, res);
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
}

async function api(parts: ServerParts, method: string, req: IncomingMessage, url: URL, body: Buffer, res: ServerResponse): Promise<void> {
  const { ws, log, limits } = parts;
  const at = ws.now();
  const parsed = await parseArguments(req, url, body);
  const params = parsed === 'invalid_json' ? undefined : parsed.params;
  const token = bearerToken(req) ?? (parsed !== 'invalid_json' && !parsed.isJson ? params?.str('token') : undefined);
  const record = (status: number, answer: Record<string, unknown>, fault?: string) =>
    log.record({ method, params: params?.forLog() ?? {}, token, at, status, ok: answer.ok === true, ...(typeof answer.error === 'string' ? { error: answer.error } : {}), ...(fault ? { fault } : {}) });

  const fault = parts.faults.take(method);
  if (fault && !fault.afterEffect) return applyFault(parts, fault, res, record);
  const reply = (answer: Record<string, unknown>) => {
    if (!fault) {
      record(200, answer);
      return send(res, 200, answer);
    }
    // The work is done (or refused) but the caller never hears of it.
    record(200, answer, `${fault.kind} after effect`);
    applyFault(parts, fault, res, () => undefined);
  };
  const handler = METHODS[method];
  if (!handler) return reply({ ok: false, error: 'unknown_method', req_method: method });
  if (!params) return reply({ ok: false, error: 'invalid_json' });
  if (token === undefined) return reply({ ok: false, error: 'not_authed' });
  const caller = ws.tokens.get(token);
  if (!caller) return reply({ ok: false, error: 'invalid_auth' });
  if (caller.revoked) return reply({ ok: false, error: 'token_revoked' });
  res.setHeader('x-oauth-scopes', scopesHeader(ws));
  const needed = neededScopes(method, params, ws);
  if (needed.length > 0) res.setHeader('x-accepted-oauth-scopes', needed.join(','));
  if (needed.length > 0 && !needed.some((s) => ws.app.scopes.has(s))) {
    return reply({ ok: false, error: 'missing_scope', needed: needed.join(','), provided: [...ws.app.scopes].join(',') });
  }

  const decision = limits.hit(method, method === 'chat.postMessage' ? channelKey(ws, params.str('channel')) : undefined);
  if (!decision.allowed) {
    const answer = { ok: false, error: 'ratelimited' };
    record(429, answer, 'ratelimited');
    return send(res, 429, answer, { 'retry-after': String(decision.retryAfterSeconds) });
  }
  try {
    reply({ ok: true, ...handler({ params, ws, caller: { ...caller, token }, baseUrl: parts.baseUrl() }) });
  } catch (error) {
    if (!(error instanceof SlackApiError)) throw error;
    reply({ ok: false, error: error.code, ...error.extra });
  }
}

/** Answers with a planned fault instead of the method's answer. */
function applyFault(parts: ServerParts, fault: PlannedFault, res: ServerResponse, record: (status: number, answer: Record<string, unknown>, fault: string) => void): void {
  if (fault.kind === '429') {
    const answer = { ok: false, error: 'ratelimited' };
    record(429, answer, '429');
    send(res, 429, answer, { 'retry-after': String(fault.retryAfterSeconds) });
  } else if (fault.kind === '500') {
    record(500, { ok: false, error: 'internal_error' }, '500');
    res.writeHead(500, { 'content-type': 'text/html' }).end('<html><body>500 Internal Server Error</body></html>');
  } else if (fault.kind === 'timeout') {
    record(0, { ok: false, error: 'timeout' }, 'timeout');
    parts.held.add(res);
    res.on('close', () => parts.held.delete(res));
  } else {
    record(0, { ok: false, error: 'connection_dropped' }, 'drop');
    res.socket?.destroy();
  }
}

async function upload(parts: ServerParts, key: string, req: IncomingMessage, url: URL, body: Buffer, res: ServerResponse): Promise<void> {
  const at = parts.ws.now();
  const record = (status: number, answer: Record<string, unknown>, fault?: string) =>
    parts.log.record({ method: UPLOAD_FAULT_KEY, params: { bytes: body.length }, token: bearerToken(req), at, status, ok: answer.ok === true, ...(fault ? { fault } : {}) });
  const fault = parts.faults.take(UPLOAD_FAULT_KEY);
  if (fault && !fault.afterEffect) return applyFault(parts, fault, res, record);
  const parsed = await parseArguments(req, url, body);
  const bytes = parsed !== 'invalid_json' && parsed.files.size > 0 ? [...parsed.files.values()][0]! : body;
  const received = parts.ws.files.receive(key, bytes);
  if (fault) return applyFault(parts, fault, res, record);
  if (!received) {
    record(404, { ok: false });
    return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
  record(200, { ok: true });
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(`OK - ${bytes.length}`);
}

/** A POST to a response_url handed out in a message block_actions payload. */
function responseUrl(parts: ServerParts, path: string, body: Buffer, res: ServerResponse): void {
  const target = parts.ws.responseUrls.get(path);
  let payload: Record<string, unknown> = {};
  try {
    payload = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    /* Slack ignores what it cannot read; so do we, but the log keeps it. */
  }
  // Slack checks blocks sent to a response_url as it checks chat.update's.
  const problems = target && payload.blocks !== undefined ? messageBlockProblems(payload.blocks) : [];
  parts.log.record({ method: 'response_url', params: payload, token: undefined, at: parts.ws.now(), status: target ? 200 : 404, ok: !!target && problems.length === 0, ...(problems.length ? { error: 'invalid_blocks' } : {}) });
  if (!target) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  if (problems.length > 0) return send(res, 200, { ok: false, error: 'invalid_blocks', errors: problems, response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } });
  const message = parts.ws.conversations.get(target.channel)?.messages.find((m) => m.ts === target.ts);
  if (message && payload.replace_original === true) {
    message.history.push({ text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}), at: parts.ws.ts.next(parts.ws.now()) });
    if (typeof payload.text === 'string') message.text = payload.text;
    if (Array.isArray(payload.blocks)) message.blocks = payload.blocks;
  }
  if (message && payload.delete_original === true) {
    const list = parts.ws.conversations.get(target.channel)!.messages;
    list.splice(list.indexOf(message), 1);
  }
  if (payload.replace_original !== true && payload.delete_original !== true) {
    // A fresh reply: ephemeral to the clicking user unless response_type is in_channel.
    const text = typeof payload.text === 'string' ? payload.text : '';
    const blocks = Array.isArray(payload.blocks) ? { blocks: payload.blocks as unknown[] } : {};
    const ts = parts.ws.ts.next(parts.ws.now());
    if (payload.response_type === 'in_channel') {
      const { app } = parts.ws;
      parts.ws.conversations.get(target.channel)?.messages.push({ type: 'message', ts, channel: target.channel, user: app.botUserId, bot_id: app.botId, app_id: app.appId, team: parts.ws.teamId, text, ...blocks, history: [] });
    } else {
      parts.ws.ephemerals.push({ channel: target.channel, user: target.userId, ts, text, ...blocks });
    }
  }
  send(res, 200, { ok: true });
}

/** One key per conversation: posting to U123 and to U123's D… channel share the per-channel limit. */
function channelKey(ws: Workspace, channel: string | undefined): string | undefined {
  if (channel === undefined) return undefined;
  if (/^[UW]/.test(channel)) return `im:${channel}`;
  const conversation = ws.conversations.get(channel);
  if (conversation?.kind === 'im') return `im:${conversation.members.find((m) => m !== ws.app.botUserId) ?? channel}`;
  return channel;
}

/** The granted scopes, as Slack reports them on every Web API answer. */
function scopesHeader(ws: Workspace): string {
  return [...ws.app.scopes].join(',');
}

function send(res: ServerResponse, status: number, answer: Record<string, unknown>, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-slack-req-id': randomHex(16), ...headers });
  res.end(JSON.stringify(answer));
}

