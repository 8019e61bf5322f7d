import { recordAudit } from "../../db/audit.ts";
import type { Db } from "../../db/client.ts";
import { findActiveAdmin, findStaffUserByEmail, insertStaffUser } from "../../db/staff.ts";
import type { Clock } from "../../lib/clock.ts";
import type { Logger } from "../../lib/logger.ts";
import { hashPassword } from "../../lib/passwords.ts";

export type EnsureAdminOutcome = "created" | "exists" | "email_taken";

/**
 * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when no enabled admin exists.
 * Idempotent and safe when several processes start at once: the unique index on
 * lower(email) lets exactly one insert win; the others see "exists". It never changes an
 * existing account's role or password, so leaving the variables set after setup is harmless.
 */
export async function ensureAdmin(
  db: Db,
  admin: { email: string; password: string; name?: string },
  clock: Clock,
  log: Logger,
): Promise<EnsureAdminOutcome> {
  if (await findActiveAdmin(db)) return "exists";
  const at = clock.now();
  const created = await insertStaffUser(db, {
    email: admin.email.trim(),
    name: admin.name ?? "Administrator",
    role: "admin",
    passwordHash: await hashPassword(admin.password),
    at,
  });
  if (created) {
    await recordAudit(db, {
      at,
      actorType: "system",
      actorId: null,
      action: "admin.bootstrapped",
      subjectType: "staff_user",
      subjectId: created.id,
      details: { email: created.email },
    });
    log.info({ userId: created.id, email: created.email }, "created the first admin from ADMIN_EMAIL");
    return "created";
  }
  const existing = await findStaffUserByEmail(db, admin.email);
  if (existing?.role === "admin" && !existing.disabledAt) return "exists";
  log.warn(
    { email: admin.email, role: existing?.role, disabled: Boolean(existing?.disabledAt) },
    "ADMIN_EMAIL belongs to an account that is not an enabled admin; left unchanged, so there is no usable admin",
  );
  return "email_taken";
}
