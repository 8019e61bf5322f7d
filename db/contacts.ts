import { eq, inArray } from "drizzle-orm";
import type { Lang } from "../bot/core/types.ts";
import { appointmentsOfContact, cancelAppointment } from "./booking.ts";
import type { Db } from "./client.ts";
import { deleteProjects } from "./projects.ts";
import { appendEvent } from "./conversation-events.ts";
import { notifyConversationChanged } from "./notify.ts";
import { auditLog, channelIdentities, contactLabels, contacts, conversationNotes, conversations, eligibilityChecks, flowSessions, messages } from "./schema/index.ts";

export type ContactRow = typeof contacts.$inferSelect;

export type ContactPatch = Partial<
  Pick<ContactRow, "firstName" | "phone" | "consentVersion" | "consentedAt" | "consentRefusedAt" | "optedOut" | "optedOutAt" | "entryPoint" | "unreachableAt" | "profile">
> & { language?: Lang };

export async function updateContact(db: Db, contactId: string, patch: ContactPatch, at: Date): Promise<void> {
  await db.update(contacts).set({ ...patch, updatedAt: at }).where(eq(contacts.id, contactId));
}

/**
 * Erases a person's data (law 09-08 right to erasure): personal fields, flow answers and
 * message contents go; the rows stay, anonymous, so counts (how many people, messages,
 * bookings) still add up. Their channel addresses move to a fresh, empty contact with a
 * new conversation, so a later message starts again from the language question.
 * Returns the new conversation of the given identity.
 */
export async function eraseContact(db: Db, contactId: string, identityId: string, channel: string, at: Date): Promise<string> {
  await erasePersonalData(db, [contactId], at);
  const [fresh] = await db.insert(contacts).values({}).returning({ id: contacts.id });
  if (!fresh) throw new Error("contact insert returned nothing");
  await db.update(channelIdentities).set({ contactId: fresh.id }).where(eq(channelIdentities.contactId, contactId));
  const [conversation] = await db
    .insert(conversations)
    .values({ contactId: fresh.id, identityId, channel })
    .returning({ id: conversations.id });
  if (!conversation) throw new Error("conversation insert returned nothing");
  await db.insert(auditLog).values({ actorType: "contact", action: "contact.erase", subjectType: "contact", subjectId: contactId, at });
  return conversation.id;
}

/**
 * What erasing means, for one or many people: names, phone, answers, consent and message
 * contents are cleared, journeys forgotten, conversations closed and cut from their
 * channel address. The anonymous rows stay. Callers decide what becomes of the addresses.
 */
export async function erasePersonalData(db: Db, contactIds: string[], at: Date): Promise<void> {
  if (contactIds.length === 0) return;
  const rows = await db
    .select({ id: conversations.id, contactId: conversations.contactId, status: conversations.status })
    .from(conversations)
    .where(inArray(conversations.contactId, contactIds));
  const conversationIds = rows.map((row) => row.id);
  if (conversationIds.length > 0) {
    await db.update(messages).set({ content: null }).where(inArray(messages.conversationId, conversationIds));
    await db.delete(flowSessions).where(inArray(flowSessions.conversationId, conversationIds));
    await db.delete(conversationNotes).where(inArray(conversationNotes.conversationId, conversationIds));
    // The log keeps that the conversation ended, not who it was: consoles drop it from their lists.
    for (const row of rows.filter((candidate) => candidate.status !== "closed")) {
      await appendEvent(db, { conversationId: row.id, contactId: row.contactId, actor: { kind: "system", id: null }, event: { type: "closed", reason: "erased" }, at });
      await notifyConversationChanged(db, row.id);
    }
    await db
      .update(conversations)
      .set({ status: "closed", identityId: null, assigneeId: null, waitingSince: null, updatedAt: at })
      .where(inArray(conversations.id, conversationIds));
  }
  // Their answers and verdicts: the contact row stays, so the cascade would never fire.
  await db.delete(eligibilityChecks).where(inArray(eligibilityChecks.contactId, contactIds));
  // The team's labels say something about the person: they go too.
  await db.delete(contactLabels).where(inArray(contactLabels.contactId, contactIds));
  await deleteProjects(db, contactIds);
  // Meetings still to come are cancelled (the advisor's time frees, reminders stop); past ones stay for the counts.
  for (const contactId of contactIds) {
    for (const appointment of await appointmentsOfContact(db, contactId, at)) {
      await cancelAppointment(db, { appointmentId: appointment.id, reason: "data erased", actor: { kind: "system", id: null }, at });
    }
  }
  await db
    .update(contacts)
    .set({
      language: null,
      firstName: null,
      phone: null,
      profile: {},
      consentVersion: null,
      consentedAt: null,
      consentRefusedAt: null,
      entryPoint: null,
      erasedAt: at,
      updatedAt: at,
    })
    .where(inArray(contacts.id, contactIds));
}
