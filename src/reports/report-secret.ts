import { createHmac, randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';

// Without REPORT_LINK_SECRET (only allowed outside production): derived from the Slack signing
// secret when there is one, so app replicas agree; otherwise random for this process (the
// sandbox), so links simply stop working after a restart.
const processSecret = randomBytes(32).toString('hex');

export function reportLinkSecret(config: Pick<Config, 'REPORT_LINK_SECRET' | 'SLACK_SIGNING_SECRET'>): string {
  if (config.REPORT_LINK_SECRET) return config.REPORT_LINK_SECRET;
  if (config.SLACK_SIGNING_SECRET) return createHmac('sha256', config.SLACK_SIGNING_SECRET).update('peerpods report links').digest('hex');
  return processSecret;
}
