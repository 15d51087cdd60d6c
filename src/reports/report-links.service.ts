import type { AppContext } from '../slack/context.ts';
import { signReportLink } from './report-link.ts';
import { reportLinkSecret } from './report-secret.ts';

export interface ReportUrls {
  html: string;
  csv: string;
  expiresInHours: number;
}

/** Fresh signed links to the report page and its CSV for one person, or none without a public URL. */
export function reportUrlsFor(config: AppContext['config'], personId: string, now: Date): ReportUrls | undefined {
  if (!config.PUBLIC_URL) return undefined;
  const ttl = config.REPORT_LINK_TTL_HOURS ?? 24;
  const secret = reportLinkSecret({ REPORT_LINK_SECRET: config.REPORT_LINK_SECRET, SLACK_SIGNING_SECRET: config.SLACK_SIGNING_SECRET });
  const base = config.PUBLIC_URL.replace(/\/+$/, '');
  return {
    html: `${base}/reports/hr?t=${signReportLink(secret, personId, now, ttl)}`,
    csv: `${base}/reports/hr.csv?t=${signReportLink(secret, personId, now, ttl)}`,
    expiresInHours: ttl,
  };
}
