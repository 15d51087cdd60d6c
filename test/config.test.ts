import { spawnSync } from 'node:child_process';
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
});
