import type { Db } from "./client.ts";
import { auditLog } from "./schema/index.ts";

export type AuditActorType = "staff" | "token" | "contact" | "system";

export interface AuditEntry {
  at: Date;
  actorType: AuditActorType;
  actorId: string | null;
  /** Dotted verb, e.g. `auth.login_failed`, `token.revoked`. */
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  /** Never secrets: no passwords, tokens or their hashes. */
  details?: Record<string, unknown>;
  ip?: string | null;
}

export type AuditRow = typeof auditLog.$inferSelect;

export async function recordAudit(db: Db, entry: AuditEntry): Promise<AuditRow | null> {
  const [row] = await db
    .insert(auditLog)
    .values({
      at: entry.at,
      actorType: entry.actorType,
      actorId: entry.actorId,
      action: entry.action,
      subjectType: entry.subjectType ?? null,
      subjectId: entry.subjectId ?? null,
      details: entry.details ?? {},
      ip: entry.ip ?? null,
    })
    .returning();
  return row ?? null;
}
