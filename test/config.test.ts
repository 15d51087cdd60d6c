import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, redactConfig } from '../src/config.ts';

describe('config', () => {
  it('defaults to the embedded database, Postgres queues and the emulators', () => {
    const config = parseConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.slackMode).toBe('sandbox');
    expect(config.googleMode).toBe('sandbox');
    expect(config.TEAM_SOURCE).toBe('department');
  });

  it('lists every problem at once, naming the variable and never echoing a secret', () => {
    const secret = 'xoxp-this-is-a-user-token-not-a-bot-token';
    let error: unknown;
    try {
      parseConfig({ PORT: 'eighty', SLACK_BOT_TOKEN: secret, DATABASE_URL: 'mysql://x', TEAM_SOURCE: 'vibes', GOOGLE_ADMIN_EMAIL: 'a@b.co' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'SLACK_BOT_TOKEN', 'DATABASE_URL', 'TEAM_SOURCE', 'GOOGLE_SERVICE_ACCOUNT_EMAIL', 'GOOGLE_PRIVATE_KEY']) {
      expect(problems).toContain(name);
    }
    expect((error as Error).message).not.toContain(secret);
  });

  it('requires the Slack token and signing secret together', () => {
    expect(() => parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' })).toThrow(/SLACK_SIGNING_SECRET/);
    const live = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: '0123456789abcdef0123' });
    expect(live.slackMode).toBe('live');
  });

  it('redacts secrets and URL passwords for logging', () => {
    const config = parseConfig({
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_SIGNING_SECRET: '0123456789abcdef0123',
      DATABASE_URL: 'postgres://app:hunter2@db:5432/peerpods',
    });
    const shown = JSON.stringify(redactConfig(config));
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('xoxb-1-2-abc');
    expect(shown).not.toContain('0123456789abcdef0123');
  });

  it('redacts passwords given as URL query parameters too', () => {
    const config = parseConfig({
      DATABASE_URL: 'postgres://db:5432/peerpods?user=app&password=hunter2&sslmode=require',
      REDIS_URL: 'redis://cache:6379/0?password=swordfish',
    });
    const shown = JSON.stringify(redactConfig(config));
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('swordfish');
    expect(shown).toContain('sslmode=require');
  });

  it('makes the CLI exit non-zero on a bad config', () => {
    const run = spawnSync(process.execPath, ['bin/peerpods.js', 'migrate'], {
      env: { ...process.env, PORT: 'not-a-port', REDIS_URL: 'http://nope' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT');
    expect(run.stderr).toContain('REDIS_URL');
  });
});

describe('config checks that catch deployment mistakes', () => {
  it('rejects a malformed cron pattern and an unknown time zone for the roster sync', () => {
    expect(() => parseConfig({ ROSTER_SYNC_CRON: 'every day', ROSTER_SYNC_TZ: 'Mars/Olympus' })).toThrow(
      /ROSTER_SYNC_CRON[\s\S]*ROSTER_SYNC_TZ/,
    );
    expect(parseConfig({ ROSTER_SYNC_CRON: '30 2 * * 1-5', ROSTER_SYNC_TZ: 'Europe/Berlin' }).ROSTER_SYNC_TZ).toBe('Europe/Berlin');
  });

  it('never lets production fall back to the embedded database or the emulators', () => {
    let problems = '';
    try {
      parseConfig({ NODE_ENV: 'production' });
    } catch (error) {
      problems = (error as ConfigError).problems.join('\n');
    }
    for (const name of ['DATABASE_URL', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'GOOGLE_SERVICE_ACCOUNT_EMAIL']) expect(problems).toContain(name);
  });

  const production = {
    NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db:5432/peerpods',
    SLACK_BOT_TOKEN: 'xoxb-1234-5678-abcdefghij', SLACK_SIGNING_SECRET: '8f14e45fceea167a5a36dedd4bea2543',
    GOOGLE_SERVICE_ACCOUNT_EMAIL: 'peerpods@acme-prod.iam.gserviceaccount.com',
    GOOGLE_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nMIIEv\\n-----END PRIVATE KEY-----\\n', GOOGLE_ADMIN_EMAIL: 'it@acme.com',
    REPORT_LINK_SECRET: '3f9c2a7e5b8d1c4f6a0e9b2d7c5a8f1e3b6d9c2a', PUBLIC_URL: 'https://pods.acme.com',
  };

  it('accepts a real-looking production configuration', () => {
    expect(parseConfig(production).slackMode).toBe('live');
  });

  it("refuses .env.example's placeholders in production, naming each variable", () => {
    const env = Object.fromEntries(
      readFileSync('.env.example', 'utf8').split('\n').filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^"|"$/g, '')]),
    );
    let problems = '';
    try {
      parseConfig({ ...env, DATABASE_URL: 'postgres://app@db:5432/peerpods' });
    } catch (error) {
      problems = (error as ConfigError).problems.join('\n');
    }
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'GOOGLE_PRIVATE_KEY']) expect(problems).toMatch(new RegExp(`${name}: still the placeholder`));
    expect(problems).not.toContain('replace-me');
  });

  it('refuses a plain-http SLACK_API_URL in production (the bot token would travel in clear)', () => {
    expect(() => parseConfig({ ...production, SLACK_API_URL: 'http://slack-proxy.internal/api/' })).toThrow(/SLACK_API_URL: must be https/);
    expect(parseConfig({ ...production, SLACK_API_URL: 'https://slack-proxy.internal/api/' }).SLACK_API_URL).toContain('https');
    expect(parseConfig({ SLACK_API_URL: 'http://127.0.0.1:4000/api/' }).SLACK_API_URL).toContain('http:');
  });
});
