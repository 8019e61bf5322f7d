import { recordAudit } from "../../db/audit.ts";
import type { Db } from "../../db/client.ts";
import type { StaffRole } from "../../db/schema/index.ts";
import type { StaffUserPatch, StaffUserRow } from "../../db/staff.ts";
import { deleteStaffSessionsOfUser, insertStaffUser, lockActiveAdmins, lockStaffUser, updateStaffUser } from "../../db/staff.ts";
import type { Clock } from "../../lib/clock.ts";
import { hashPassword } from "../../lib/passwords.ts";
import type { Caller } from "../auth/middleware.ts";
import { auditActor } from "../auth/middleware.ts";

export interface StaffDeps {
  db: Db;
  clock: Clock;
  ip: string | null;
}

export type CreateStaffResult = { kind: "ok"; user: StaffUserRow } | { kind: "email_taken" };

export async function createStaffUser(
  deps: StaffDeps,
  caller: Caller,
  input: { email: string; name: string; role: StaffRole; password: string; maxOpenConversations?: number | undefined },
): Promise<CreateStaffResult> {
  const at = deps.clock.now();
  const passwordHash = await hashPassword(input.password);
  const user = await insertStaffUser(deps.db, {
    email: input.email,
    name: input.name,
    role: input.role,
    passwordHash,
    at,
    ...(input.maxOpenConversations !== undefined ? { maxOpenConversations: input.maxOpenConversations } : {}),
  });
  if (!user) return { kind: "email_taken" };
  await recordAudit(deps.db, {
    at,
    ...auditActor(caller),
    action: "staff.created",
    subjectType: "staff_user",
    subjectId: user.id,
    details: { email: user.email, role: user.role },
    ip: deps.ip,
  });
  return { kind: "ok", user };
}

export type UpdateStaffResult = { kind: "ok"; user: StaffUserRow } | { kind: "not_found" } | { kind: "last_admin" };

/**
 * Renames, changes the role, disables or re-enables an account. Disabling ends its
 * sessions at once (its tokens are refused while it stays disabled). The last enabled
 * admin cannot be demoted or disabled: nobody could manage staff any more.
 */
export async function updateStaffAccount(
  deps: StaffDeps,
  caller: Caller,
  id: string,
  input: {
    name?: string | undefined;
    role?: StaffRole | undefined;
    disabled?: boolean | undefined;
    maxOpenConversations?: number | undefined;
  },
): Promise<UpdateStaffResult> {
  const at = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    // Admin rows first, then the target: the same lock order in every transaction.
    const changesAccess = input.role !== undefined || input.disabled === true;
    const activeAdmins = changesAccess ? await lockActiveAdmins(tx) : [];
    const before = await lockStaffUser(tx, id);
    if (!before) return { kind: "not_found" };
    const patch: StaffUserPatch = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.role !== undefined) patch.role = input.role;
    if (input.disabled !== undefined) patch.disabledAt = input.disabled ? (before.disabledAt ?? at) : null;
    if (input.maxOpenConversations !== undefined) patch.maxOpenConversations = input.maxOpenConversations;

    const wasActiveAdmin = before.role === "admin" && !before.disabledAt;
    const disabledAfter = patch.disabledAt !== undefined ? patch.disabledAt : before.disabledAt;
    const staysActiveAdmin = (patch.role ?? before.role) === "admin" && !disabledAfter;
    if (wasActiveAdmin && !staysActiveAdmin && !activeAdmins.some((admin) => admin.id !== id)) return { kind: "last_admin" };

    const user = await updateStaffUser(tx, id, patch, at);
    if (!user) return { kind: "not_found" };
    if (user.disabledAt && !before.disabledAt) await deleteStaffSessionsOfUser(tx, id);
    await recordAudit(tx, {
      at,
      ...auditActor(caller),
      action: "staff.updated",
      subjectType: "staff_user",
      subjectId: id,
      details: { changes: describeChanges(before, user) },
      ip: deps.ip,
    });
    return { kind: "ok", user };
  });
}

function describeChanges(before: StaffUserRow, after: StaffUserRow): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (before.name !== after.name) changes.name = { from: before.name, to: after.name };
  if (before.role !== after.role) changes.role = { from: before.role, to: after.role };
  const wasDisabled = before.disabledAt !== null;
  const isDisabled = after.disabledAt !== null;
  if (wasDisabled !== isDisabled) changes.disabled = { from: wasDisabled, to: isDisabled };
  if (before.maxOpenConversations !== after.maxOpenConversations) {
    changes.maxOpenConversations = { from: before.maxOpenConversations, to: after.maxOpenConversations };
  }
  return changes;
}
