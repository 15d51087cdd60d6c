import { IANAZone } from 'luxon';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const commaList = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter((item) => item.length > 0));

/** Every environment variable peerpods reads. The README's configuration table mirrors this. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    PUBLIC_URL: url(['http:', 'https:']).optional(),
    DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
    EMBEDDED_PG_DIR: z.string().min(1).default('.data/postgres'),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
    REDIS_URL: url(['redis:', 'rediss:']).optional(),
    QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i, 'expected letters, digits, _ or -').default('peerpods'),
    SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'expected a bot token starting with xoxb-').optional(),
    SLACK_SIGNING_SECRET: z.string().min(16, 'expected the signing secret from Basic Information').optional(),
    SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'expected an app-level token starting with xapp-').optional(),
    SLACK_SOCKET_MODE: bool.default(false),
    SLACK_API_URL: url(['http:', 'https:']).optional(),
    GOOGLE_SERVICE_ACCOUNT_EMAIL: z.string().email('expected the service account email').optional(),
    GOOGLE_PRIVATE_KEY: z.string().includes('PRIVATE KEY', { message: 'expected a PEM private key' }).optional(),
    GOOGLE_ADMIN_EMAIL: z.string().email('expected the email of a Workspace admin to impersonate for Directory reads').optional(),
    GOOGLE_CUSTOMER: z.string().default('my_customer'),
    CALENDAR_BOOKING: bool.default(true),
    GOOGLE_CALENDAR_ORGANIZER: z.string().email('expected the email of the Workspace user whose calendar holds pod events').optional(),
    SLACK_APP_ID: z.string().regex(/^A[A-Z0-9]+$/, 'expected the app id from Basic Information, e.g. A0123ABC').optional(),
    PEERPODS_ADMINS: commaList.default([]),
    TEAM_SOURCE: z.enum(['department', 'org_unit', 'usergroup', 'csv']).default('department'),
    INCLUDE_GUESTS: bool.default(false),
    ROSTER_SYNC_CRON: z
      .string()
      .regex(/^\s*([0-9*?LW#,/A-Za-z-]+\s+){4,5}[0-9*?LW#,/A-Za-z-]+\s*$/, 'expected a cron pattern of 5 or 6 fields, e.g. "0 3 * * *"')
      .default('0 3 * * *'),
    REPORT_LINK_SECRET: z.string().min(32, 'expected at least 32 random characters (e.g. openssl rand -hex 32)').optional(),
    REPORT_LINK_TTL_HOURS: z.coerce.number().int().min(1).max(168).default(24),
    HR_DIGEST_CHANNEL: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'expected a Slack channel id such as C0123ABCD').optional(),
    HR_DIGEST_CRON: z
      .string()
      .regex(/^\s*([0-9*?LW#,/A-Za-z-]+\s+){4,5}[0-9*?LW#,/A-Za-z-]+\s*$/, 'expected a cron pattern of 5 or 6 fields, e.g. "0 9 * * 1"')
      .default('0 9 * * 1'),
    ROSTER_REMOVAL_CONFIRM_SHARE: z.coerce.number().min(0).max(1).default(0.1),
    ROSTER_SYNC_TZ: z
      .string()
      .refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone, e.g. Europe/London')
      .default('UTC'),
  });

type RawEnv = Partial<Record<keyof z.input<typeof envSchema>, string>>;

/** Settings that only make sense together. Checked on the raw values so that these problems are
 * listed alongside any per-variable ones rather than after they are fixed. */
function crossFieldProblems(env: RawEnv): string[] {
  const problems: string[] = [];
  if (Boolean(env.SLACK_BOT_TOKEN) !== Boolean(env.SLACK_SIGNING_SECRET)) {
    const missing = env.SLACK_BOT_TOKEN ? 'SLACK_SIGNING_SECRET' : 'SLACK_BOT_TOKEN';
    problems.push(`${missing}: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET together`);
  }
  if (['true', '1', 'yes'].includes(env.SLACK_SOCKET_MODE ?? '') && !env.SLACK_APP_TOKEN) {
    problems.push('SLACK_APP_TOKEN: required when SLACK_SOCKET_MODE=true');
  }
  const google = ['GOOGLE_SERVICE_ACCOUNT_EMAIL', 'GOOGLE_PRIVATE_KEY', 'GOOGLE_ADMIN_EMAIL'] as const;
  if (google.some((name) => env[name]) && !google.every((name) => env[name])) {
    for (const name of google) if (!env[name]) problems.push(`${name}: required with the other GOOGLE_* settings`);
  }
  if (env.NODE_ENV === 'production') {
    // Production never falls back to the embedded database or the sandbox emulators.
    for (const name of ['DATABASE_URL', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'GOOGLE_SERVICE_ACCOUNT_EMAIL', 'REPORT_LINK_SECRET', 'PUBLIC_URL'] as const) {
      if (!env[name]) problems.push(`${name}: required when NODE_ENV=production (no embedded database or emulators in production)`);
    }
    problems.push(...productionSecretProblems(env));
  }
  return problems;
}

/** The placeholders .env.example ships with: a deployment that kept one is not configured. */
const PLACEHOLDER = /replace-me|changeme|change-me|your-project|your-domain|example\.com/i;
const SECRETS = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'GOOGLE_PRIVATE_KEY', 'GOOGLE_SERVICE_ACCOUNT_EMAIL', 'GOOGLE_ADMIN_EMAIL', 'REPORT_LINK_SECRET'] as const;

function productionSecretProblems(env: RawEnv): string[] {
  const problems: string[] = [];
  for (const name of SECRETS) {
    if (env[name] && PLACEHOLDER.test(env[name]!)) {
      problems.push(`${name}: still the placeholder from .env.example; set the real value (see README)`);
    }
  }
  // The bot token travels with every Web API call: never in clear.
  if (env.SLACK_API_URL && !env.SLACK_API_URL.startsWith('https://')) {
    problems.push('SLACK_API_URL: must be https:// when NODE_ENV=production (the bot token is sent with every call); unset it for Slack itself');
  }
  return problems;
}

export type Config = z.output<typeof envSchema> & {
  /** Slack and Google are the sandbox emulators unless credentials are set. */
  slackMode: 'sandbox' | 'live';
  googleMode: 'sandbox' | 'workspace';
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; lists every problem at once. Values never appear in errors. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(envSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const result = envSchema.safeParse(relevant);
  const problems = [
    ...(result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`)),
    ...crossFieldProblems(relevant as RawEnv),
  ];
  if (!result.success || problems.length) throw new ConfigError(problems);
  const config = result.data;
  return {
    ...config,
    slackMode: config.SLACK_BOT_TOKEN ? 'live' : 'sandbox',
    googleMode: config.GOOGLE_SERVICE_ACCOUNT_EMAIL ? 'workspace' : 'sandbox',
  };
}

const SECRET_KEYS = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'GOOGLE_PRIVATE_KEY', 'REPORT_LINK_SECRET'] as const;

/** The config with secrets masked and credentials stripped from URLs, safe to log. */
export function redactConfig(config: Config): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...config };
  for (const key of SECRET_KEYS) if (copy[key]) copy[key] = '[redacted]';
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'SLACK_API_URL', 'PUBLIC_URL'] as const) {
    const value = config[key];
    if (value) copy[key] = redactUrl(value);
  }
  return copy;
}

/** Credentials in a URL's userinfo and in query parameters that carry them (`?password=`, `?sslpassword=`, tokens). */
const SECRET_PARAM = /pass|secret|token|key|auth|credential/i;

export function redactUrl(value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.password) parsed.password = '***';
    for (const name of [...parsed.searchParams.keys()]) if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, '***');
    return parsed.toString();
  } catch {
    return '[unparseable URL]';
  }
}
