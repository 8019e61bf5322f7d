import type { Db } from "../../db/client.ts";
import { eraseContact, updateContact } from "../../db/contacts.ts";
import { lockConversation } from "../../db/conversations.ts";
import { markHandoffCancelled, markHandoffRequested } from "../conversation/transitions.ts";
import { recordEligibilityCheck } from "../../db/programs.ts";
import { publishSheet, revokeSheet, saveCanvas } from "../../db/projects.ts";
import { cancelAppointment, createAppointment, rescheduleAppointment } from "../../db/booking.ts";
import type { BookingCaps } from "../booking/types.ts";
import { appendEvent, appendMilestone } from "../../db/conversation-events.ts";
import { notifyConversationChanged } from "../../db/notify.ts";
import { recordAudit } from "../../db/audit.ts";
import { claimLinkCode } from "../../db/staff-links.ts";
import { hashLinkCode } from "../conversation/link-code.ts";
import type { MilestoneType } from "../conversation/events.ts";
import type { ContactView, Effect, StepResult } from "../flows/types.ts";
import type { ChannelName } from "./types.ts";
import { assertNever } from "./types.ts";

export interface EffectTarget {
  contact: ContactView;
  conversationId: string;
  identityId: string;
  channel: ChannelName;
  /** The person's message being handled (null for a system step). */
  inboundId: number | null;
  /** Meetings to come one person may hold (BOOKING_MAX_PER_SITE, BOOKING_MAX_TOTAL). */
  bookingCaps?: BookingCaps;
}

/** What applying the effects changed, so the engine can continue with fresh facts. */
export interface EffectOutcome {
  /** An effect was refused (the slot went to someone else): the step to use instead. */
  refused: StepResult | null;
  contact: ContactView;
  /** Set when the person erased their data: the identity now has a new conversation. */
  erasedIntoConversationId: string | null;
  conversationStatus: "bot" | "waiting" | null;
}

/** Applies a flow step's effects inside the engine's transaction. */
export async function applyEffects(tx: Db, effects: Effect[], target: EffectTarget, at: Date): Promise<EffectOutcome> {
  let contact = target.contact;
  let erasedIntoConversationId: string | null = null;
  let conversationStatus: EffectOutcome["conversationStatus"] = null;
  const actor = () => ({ kind: "contact" as const, id: contact.id });
  // The funnel's steps go in the same transaction as the fact they record (once per conversation).
  const milestone = (type: MilestoneType, siteId: string | null = null) =>
    appendMilestone(tx, { conversationId: target.conversationId, type, actor: actor(), language: contact.language, siteId, at });
  for (const effect of effects) {
    switch (effect.type) {
      case "setLanguage":
        await updateContact(tx, contact.id, { language: effect.language }, at);
        contact = { ...contact, language: effect.language };
        break;
      case "giveConsent":
        await updateContact(tx, contact.id, { consentVersion: effect.version, consentedAt: at, consentRefusedAt: null }, at);
        contact = { ...contact, consent: "given", consentVersion: effect.version, consentedAt: at };
        await milestone("consented");
        break;
      case "refuseConsent":
        await updateContact(tx, contact.id, { consentRefusedAt: at, consentedAt: null, consentVersion: null }, at);
        contact = { ...contact, consent: "refused", consentedAt: null, consentVersion: null };
        break;
      case "setFirstName":
        // Law 09-08: a name is personal data; it is kept only with consent.
        if (contact.consent !== "given") break;
        await updateContact(tx, contact.id, { firstName: effect.firstName }, at);
        contact = { ...contact, firstName: effect.firstName };
        break;
      case "setPhone":
        if (contact.consent !== "given") break; // personal data: only with consent
        await updateContact(tx, contact.id, { phone: effect.phone }, at);
        contact = { ...contact, phone: effect.phone };
        break;
      case "setOptOut":
        await updateContact(tx, contact.id, { optedOut: effect.optedOut, optedOutAt: effect.optedOut ? at : null }, at);
        contact = { ...contact, optedOut: effect.optedOut };
        break;
      case "setEntryPoint":
        if (contact.entryPoint) break; // the first source that brought the person counts
        await updateContact(tx, contact.id, { entryPoint: effect.entryPoint }, at);
        contact = { ...contact, entryPoint: effect.entryPoint };
        break;
      case "requestHandoff":
      case "cancelHandoff": {
        // The engine holds this row's lock already; reading it again under the lock is free.
        const conversation = await lockConversation(tx, target.conversationId);
        if (!conversation) break;
        const row =
          effect.type === "requestHandoff"
            ? await markHandoffRequested(tx, conversation, { siteId: effect.siteId, openNow: effect.openNow, messageId: target.inboundId }, at)
            : await markHandoffCancelled(tx, conversation, at);
        conversationStatus = row.status === "waiting" ? "waiting" : "bot";
        break;
      }
      case "linkStaff": {
        const linked = await claimLinkCode(tx, hashLinkCode(effect.code), target.identityId, at);
        if (!linked) return { contact, erasedIntoConversationId, conversationStatus, refused: effect.ifUnknown };
        await recordAudit(tx, { at, actorType: "staff", actorId: linked.id, action: "staff.chat_linked", subjectType: "channel_identity", subjectId: target.identityId, details: { channel: target.channel } });
        break;
      }
      case "rateService":
        await appendEvent(tx, {
          conversationId: target.conversationId,
          contactId: contact.id,
          actor: actor(),
          event: { type: "satisfaction_rated", score: effect.score, advisorId: effect.advisorId, siteId: effect.siteId },
          at,
        });
        await notifyConversationChanged(tx, target.conversationId);
        break;
      case "updateProfile": {
        if (contact.consent !== "given") break; // answers are personal data: only with consent
        const profile: Record<string, unknown> = { ...contact.profile };
        for (const [field, value] of Object.entries(effect.patch)) {
          if (value === undefined) delete profile[field];
          else profile[field] = value;
        }
        await updateContact(tx, contact.id, { profile }, at);
        contact = { ...contact, profile };
        break;
      }
      case "recordEligibility":
        if (contact.consent !== "given") break;
        await recordEligibilityCheck(tx, { contactId: contact.id, channel: target.channel, lang: contact.language ?? "fr", profile: effect.profile, results: effect.results });
        await milestone("eligibility_answered");
        if (effect.results.some((result) => result.verdict === "eligible")) await milestone("eligible_found");
        break;
      case "bookAppointment": {
        if (contact.consent !== "given") break; // the flow asks for consent first; never book without it
        const slot = { start: effect.start, end: effect.end, advisorId: effect.advisorId, siteId: effect.siteId, topic: effect.topic, ...(target.bookingCaps ? { caps: target.bookingCaps } : {}) };
        const result = effect.replaces
          ? await rescheduleAppointment(tx, { appointmentId: effect.replaces, contactId: contact.id, newId: effect.id, ...slot, actor: actor(), at })
          : await createAppointment(tx, { id: effect.id, contactId: contact.id, ...slot, actor: actor(), at });
        if (!result.ok) {
          const refused = result.reason === "cap_reached" ? effect.ifCapped : effect.ifTaken;
          return { contact, erasedIntoConversationId, conversationStatus, refused };
        }
        await milestone("booked", effect.siteId);
        break;
      }
      case "cancelAppointment":
        await cancelAppointment(tx, { appointmentId: effect.id, contactId: contact.id, reason: effect.reason, actor: actor(), at });
        break;
      case "saveCanvas":
        if (contact.consent !== "given") break;
        await saveCanvas(tx, contact.id, effect.canvas, at);
        break;
      case "publishSheet":
        if (contact.consent !== "given") break;
        await publishSheet(tx, contact.id, effect.token, at);
        await milestone("project_framed");
        break;
      case "revokeSheet":
        await revokeSheet(tx, contact.id, at);
        break;
      case "eraseContact":
        erasedIntoConversationId = await eraseContact(tx, contact.id, target.identityId, target.channel, at);
        break;
      default:
        assertNever(effect);
    }
  }
  return { contact, erasedIntoConversationId, conversationStatus, refused: null };
}
