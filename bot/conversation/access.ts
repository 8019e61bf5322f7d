import type { StaffRole } from "../../db/schema/index.ts";
import type { AuditActorType } from "../../db/audit.ts";

/** Who acts in the console, as the conversation service needs to know them. */
export interface ConsoleActor {
  id: string;
  /** Their full name; the person is shown the first word only. */
  name: string;
  role: StaffRole;
  /** The sites an advisor works at (advisor_sites); staff and admins see every site. */
  siteIds: readonly string[];
  /** How the audit log names them (a session's user, or the API token acting for them) and from where. */
  audit: { actorType: AuditActorType; actorId: string; ip: string | null };
}

/** Advisors see the conversations of their sites; staff and admins see them all (and those with no site yet). */
export function canSee(actor: Pick<ConsoleActor, "role" | "siteIds">, conversation: { siteId: string | null }): boolean {
  if (actor.role === "admin" || actor.role === "staff") return true;
  return conversation.siteId !== null && actor.siteIds.includes(conversation.siteId);
}

/** Staff and admins may hand a conversation to anyone and act on one someone else holds. */
export function supervises(actor: Pick<ConsoleActor, "role">): boolean {
  return actor.role === "admin" || actor.role === "staff";
}

/** What the person sees of an advisor: the first name only. */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] || name;
}
