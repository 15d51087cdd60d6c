import type { Executor } from '../db.ts';

export interface AuditEntry {
  actorId: string | null;
  actorSlackId: string | null;
  action: string;
  allowed: boolean;
  subject?: Record<string, unknown>;
  detail?: string;
}

/** Privileged actions, allowed or refused, are written here; nothing reads it back into logic. */
export async function recordAudit(db: Executor, entry: AuditEntry, at: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at,
      actor_id: entry.actorId,
      actor_slack_id: entry.actorSlackId,
      action: entry.action,
      allowed: entry.allowed,
      subject: JSON.stringify(entry.subject ?? {}) as unknown as Record<string, unknown>,
      detail: entry.detail ?? null,
    })
    .execute();
}

export async function listAudit(db: Executor, limit = 100) {
  return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
