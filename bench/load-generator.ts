// The reliability bench's load generator, in a process of its own (forked by reliability.bench.ts)
// so that neither the emulators nor the checks share its event loop: a stalled generator measures
// itself, not the app. Open loop: request i leaves at start + i / rate whatever earlier requests
// are doing, as Slack's traffic would, so a slow app cannot slow the arrivals down.
//
// Input (argv[2], JSON): the app's request URL, the signing secret, the rate, and a file of
// unsigned requests (one JSON {body, contentType} a line) built by the bench from real invites and
// home tabs. Each is signed at the moment it is sent (Bolt refuses timestamps 5 minutes off).
// Output: one IPC message with every latency, status, failure reason and how late each request left.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { signSlackRequest } from '../src/sandbox/slack/signing.ts';

export interface GeneratorInput {
  requestUrl: string;
  signingSecret: string;
  rate: number;
  requestsFile: string;
  /** Slack gives up on an answer after 3 s. */
  timeoutMs: number;
  /** Kept-alive connections opened before the clock starts, and the most the generator uses. */
  connections: number;
  /** A GET on the app that answers 200 (its /healthz): how the connections are opened. */
  warmUrl: string;
}

export interface GeneratorResult {
  /** Per request, in sending order: HTTP status (0 = no answer in time or connection error). */
  statuses: number[];
  latenciesMs: number[];
  /** How late each request left against its planned moment: the generator's own health. */
  latenessMs: number[];
  /** When each request left, in ms since the epoch (performance.timeOrigin-based, to compare across processes). */
  sentAtMs: number[];
  /** Per request: whether it had to open a new connection (one of the kept-alive ones was closed). */
  newConnection: boolean[];
  /** Connections open when the clock started. */
  connectionsOpenedBefore: number;
  failures: string[];
  /** Per request, in sending order: why it failed ('' when it was answered 200), e.g. 'timeout 3000 ms', 'HTTP 500', 'ECONNRESET'. */
  reasons: string[];
  tookMs: number;
  eventLoopDelayP99Ms: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as GeneratorInput;
const requests = readFileSync(input.requestsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { body: string; contentType: string });
const url = new URL(input.requestUrl);
// Slack keeps connections to an app open between requests; so does this generator.
const agent = new http.Agent({ keepAlive: true, maxSockets: input.connections });
const n = requests.length;
const statuses = new Array<number>(n).fill(0);
const latenciesMs = new Array<number>(n).fill(0);
const latenessMs = new Array<number>(n).fill(0);
const sentAtMs = new Array<number>(n).fill(0);
const newConnection = new Array<boolean>(n).fill(false);
const failures: string[] = [];
const reasons = new Array<string>(n).fill('');

/** A socket error by its code (ECONNRESET, ECONNREFUSED, …), so the same cause counts as one reason. */
function errorName(e: Error & { code?: string }): string {
  return e.code ?? e.name;
}

function send(i: number, due: number): Promise<void> {
  const { body, contentType } = requests[i]!;
  const timestamp = Math.floor(Date.now() / 1_000);
  const started = performance.now();
  latenessMs[i] = started - due;
  sentAtMs[i] = performance.timeOrigin + started;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (status: number, reason?: string, detail?: string) => {
      if (settled) return;
      settled = true;
      statuses[i] = status;
      latenciesMs[i] = performance.now() - started;
      if (reason) {
        reasons[i] = reason;
        if (failures.length < 20) failures.push(`request ${i}: ${reason}${detail ? ` ${detail}` : ''}`);
      }
      resolve();
    };
    const req = http.request({
      host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent,
      headers: {
        'content-type': contentType, 'content-length': Buffer.byteLength(body), 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        // The request's place in the run, so an app-side probe (bench/probe/ack-probe.mjs) can match its timings to ours.
        'x-bench-seq': String(i),
        'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signSlackRequest(input.signingSecret, timestamp, body),
      },
    }, (res) => {
      // The body of a refusal says why (Bolt answers most with an empty one); a 200's is not kept.
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (res.statusCode !== 200 && text.length < 300) text += chunk;
      });
      res.on('end', () => finish(res.statusCode ?? 0, res.statusCode === 200 ? undefined : `HTTP ${res.statusCode}`, text.trim().slice(0, 300) || undefined));
      res.on('error', (e) => finish(0, `response ${errorName(e)}`, e.message));
    });
    // A timer of our own from the moment of sending (a socket timeout would start only once a socket is free).
    const timer = setTimeout(() => {
      finish(0, `timeout ${input.timeoutMs} ms`);
      req.destroy();
    }, input.timeoutMs);
    req.on('close', () => clearTimeout(timer));
    // A request that found no idle connection opens one: the app accepts those one per event-loop turn.
    req.on('socket', (socket) => {
      if (socket.connecting) newConnection[i] = true;
    });
    req.on('error', (e) => finish(0, errorName(e), e.message));
    req.end(body);
  });
}

/** Opens every connection at once (one GET each, all in flight together), kept alive in the agent. */
async function openConnections(): Promise<number> {
  const warm = new URL(input.warmUrl);
  await Promise.all(Array.from({ length: input.connections }, () => new Promise<void>((resolve, reject) => {
    http.get({ host: warm.hostname, port: warm.port, path: warm.pathname, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${input.warmUrl}: HTTP ${res.statusCode}`))));
    }).on('error', reject);
  })));
  return Object.values(agent.freeSockets).reduce((n, list) => n + (list?.length ?? 0), 0);
}

async function main(connectionsOpenedBefore: number): Promise<void> {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 50;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < n && start + (next * 1_000) / input.rate <= now) {
        inFlight.push(send(next, start + (next * 1_000) / input.rate));
        next++;
      }
      if (next >= n) return resolve();
      setTimeout(tick, Math.max(0, start + (next * 1_000) / input.rate - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  lag.disable();
  const result: GeneratorResult = {
    statuses, latenciesMs, latenessMs, sentAtMs, newConnection, connectionsOpenedBefore, failures, reasons, tookMs: performance.now() - start, eventLoopDelayP99Ms: lag.percentile(99) / 1e6,
  };
  agent.destroy();
  process.send!({ type: 'result', result }, () => process.exit(0));
}

const opened = await openConnections();
process.send!({ type: 'ready' });
process.once('message', (message: { type?: string }) => {
  if (message?.type === 'go') void main(opened);
});
