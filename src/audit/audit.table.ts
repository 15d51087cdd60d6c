import type { Generated } from 'kysely';

export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Date>;
  actor_id: string | null;
  actor_slack_id: string | null;
  action: string;
  allowed: boolean;
  subject: Generated<Record<string, unknown>>;
  detail: string | null;
}
