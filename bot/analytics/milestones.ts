import type { Db } from "../../db/client.ts";
import { appendMilestone, findMilestoneConversation } from "../../db/conversation-events.ts";
import type { EventActor } from "../conversation/events.ts";

/**
 * Staff recorded that a person came to their meeting: the funnel's last step, on the
 * conversation that booked it, inside the caller's transaction (the same one that sets
 * the appointment's status). Once per conversation; a later correction to `no_show`
 * does not take it back (the log is append-only), which the funnel documents.
 */
export async function recordAttended(tx: Db, appointment: { contactId: string; siteId: string }, actor: EventActor, at: Date): Promise<boolean> {
  const target = await findMilestoneConversation(tx, appointment.contactId);
  if (!target) return false;
  return appendMilestone(tx, { conversationId: target.conversationId, type: "attended", actor, language: target.language, siteId: appointment.siteId, at });
}
