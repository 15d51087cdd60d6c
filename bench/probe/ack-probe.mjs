// Times where each Slack request's time goes inside the APP process of the reliability bench.
// Loaded with NODE_OPTIONS="--import ./bench/probe/ack-probe.mjs" and ACK_PROBE_OUT=<file>; it
// does nothing in any process but a forked app (PEERPODS_PROCESS with roles.app). Plain
// JavaScript so it loads before tsx. Every 2 s it writes a summary per request kind (action or
// event): request → first SQL (Bolt's pipeline and the event loop), pool waits, each statement,
// COMMIT, commit → ack, GC and the app's event-loop delay, and every request's timings to
// <file>.requests.json. In any forked peerpods process (app or worker), `kill -USR2 <pid>` writes
// a CPU profile of the next PROBE_PROFILE_S seconds (20) to /tmp/peerpods-<pid>.cpuprofile.
import { AsyncLocalStorage } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import inspector from 'node:inspector';
import pg from 'pg';

const spec = JSON.parse(process.env.PEERPODS_PROCESS ?? '{}');
if (spec.roles?.app && process.env.ACK_PROBE_OUT) {
  const out = process.env.ACK_PROBE_OUT;
  const als = new AsyncLocalStorage();
  /** kind -> list of finished request records */
  const done = { action: [], event: [] };
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();

  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, req, res) {
    // When each connection was accepted (the first request on it records it): see connAt.
    if (event === 'connection') req.__connAt = performance.now();
    if (event !== 'request' || req.url !== '/slack/events') return emit.call(this, event, req, res);
    const record = {
      kind: String(req.headers['content-type'] ?? '').includes('json') ? 'event' : 'action',
      seq: req.headers['x-bench-seq'], connAt: takeConnAt(req.socket), at: performance.now(), firstSql: undefined, ack: undefined, poolWait: 0, sql: 0, statements: {}, commitAt: undefined, lastSqlEnd: undefined,
    };
    res.__probe = record;
    countRequest();
    return als.run(record, () => emit.call(this, event, req, res));
  };
  const takeConnAt = (socket) => {
    const at = socket.__connAt;
    socket.__connAt = undefined;
    return at;
  };
  const end = http.ServerResponse.prototype.end;
  http.ServerResponse.prototype.end = function (...rest) {
    const record = this.__probe;
    if (record && record.ack === undefined) {
      record.ack = performance.now();
      // Work after the ack (enqueues, home publish) still adds to the record until it is summarised.
      setTimeout(() => done[record.kind].push(record), 3_000);
    }
    return end.apply(this, rest);
  };
  const name = (text) => {
    const t = text.replace(/\s+/g, ' ').toLowerCase();
    if (t.startsWith('begin') || t.startsWith('commit') || t.startsWith('rollback')) return t.split(' ')[0];
    const lock = / for (share|update)/.exec(t)?.[0] ?? '';
    const m = /^(select|update|insert into|delete from) .*?(?:from )?"(\w+)"/.exec(t);
    return m ? `${m[1].split(' ')[0]} ${m[2]}${lock}` : t.slice(0, 30);
  };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (...a) {
    const record = als.getStore();
    const result = query.apply(this, a);
    if (record && result && typeof result.then === 'function') {
      const text = typeof a[0] === 'string' ? a[0] : a[0]?.text ?? '';
      const started = performance.now();
      record.firstSql ??= started;
      void result.then(() => {
        const ms = performance.now() - started;
        const key = name(text);
        record.sql += ms;
        record.statements[key] = (record.statements[key] ?? 0) + ms;
        if (key === 'commit') record.commitAt = performance.now();
        record.lastSqlEnd = performance.now();
      }, () => undefined);
    }
    return result;
  };
  const connect = pg.Pool.prototype.connect;
  pg.Pool.prototype.connect = function (...a) {
    const record = als.getStore();
    if (a.length || !record) return connect.apply(this, a);
    const started = performance.now();
    record.firstSql ??= started;
    return connect.apply(this, a).then((client) => {
      record.poolWait += performance.now() - started;
      return client;
    });
  };

  const pct = (xs, p) => {
    const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
    return s.length ? Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] * 10) / 10 : null;
  };
  const both = (xs) => ({ p50: pct(xs, 50), p99: pct(xs, 99) });
  // CPU the app process used since its first Slack request, per request (acks and the work after them).
  let cpuAtFirst;
  let requestsSeen = 0;
  // GC pauses, counted in the summary.
  const gc = { count: 0, ms: 0, maxMs: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.ms += e.duration;
      gc.maxMs = Math.max(gc.maxMs, e.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  const countRequest = () => {
    cpuAtFirst ??= process.cpuUsage();
    requestsSeen++;
  };
  const summarise = () => {
    const cpu = cpuAtFirst ? process.cpuUsage(cpuAtFirst) : { user: 0, system: 0 };
    const summary = {
      eventLoopDelayMs: { p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 },
      gc: { count: gc.count, ms: Math.round(gc.ms), maxMs: Math.round(gc.maxMs) },
      cpu: { requests: requestsSeen, ms: Math.round((cpu.user + cpu.system) / 1000), msPerRequest: requestsSeen ? Math.round((cpu.user + cpu.system) / 10 / requestsSeen) / 100 : null },
    };
    for (const [kind, records] of Object.entries(done)) {
      if (!records.length) continue;
      const keys = new Set(records.flatMap((r) => Object.keys(r.statements)));
      summary[kind] = {
        requests: records.length,
        requestToAck: both(records.map((r) => r.ack - r.at)),
        requestToFirstSql: both(records.map((r) => (r.firstSql ?? r.ack) - r.at)),
        poolWait: both(records.map((r) => r.poolWait)),
        sqlTotal: both(records.map((r) => r.sql)),
        // Time between the first statement and the ack not spent in SQL or waiting for the pool: CPU (rendering, Bolt, JSON) and event-loop queueing.
        outsideSql: both(records.map((r) => (r.ack - (r.firstSql ?? r.ack)) - Math.min(r.sql + r.poolWait, r.ack - (r.firstSql ?? r.ack)))),
        commitToAck: both(records.filter((r) => r.commitAt !== undefined && r.commitAt <= r.ack + 0.01).map((r) => r.ack - r.commitAt)),
        statements: Object.fromEntries([...keys].map((k) => [k, both(records.map((r) => r.statements[k] ?? 0))])),
      };
    }
    writeFileSync(out, JSON.stringify(summary, null, 1));
    // Every request, with absolute times (ms since the epoch), to match with the generator's by
    // seq (RELIABILITY_LOAD_DUMP=file makes the bench write the generator's side).
    const o = performance.timeOrigin;
    writeFileSync(`${out}.requests.json`, JSON.stringify(Object.values(done).flat().map((r) => ({
      seq: r.seq, kind: r.kind, connAt: r.connAt && o + r.connAt, at: o + r.at, ack: o + r.ack, firstSql: r.firstSql && o + r.firstSql, sql: r.sql, poolWait: r.poolWait, commitAt: r.commitAt && o + r.commitAt,
    }))));
  };
  setInterval(summarise, 2_000).unref();
}

// Any forked peerpods process (app or worker): `kill -USR2 <pid>` writes a CPU profile of its
// next PROBE_PROFILE_S seconds (default 20) to /tmp/peerpods-<pid>.cpuprofile.
if (process.env.PEERPODS_PROCESS) {
  process.on('SIGUSR2', () => {
    const session = new inspector.Session();
    session.connect();
    session.post('Profiler.enable', () => session.post('Profiler.start', () => {
      setTimeout(() => session.post('Profiler.stop', (err, result) => {
        if (!err) writeFileSync(`/tmp/peerpods-${process.pid}.cpuprofile`, JSON.stringify(result.profile));
        session.disconnect();
      }), Number(process.env.PROBE_PROFILE_S ?? 20) * 1_000).unref();
    }));
  });
}
