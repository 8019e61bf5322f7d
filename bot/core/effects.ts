import type { Db } from "../../db/client.ts";
import { eraseContact, updateContact } from "../../db/contacts.ts";
import { setConversationStatus } from "../../db/conversations.ts";
import { recordEligibilityCheck } from "../../db/programs.ts";
import type { ContactView, Effect } from "../flows/types.ts";
import type { ChannelName } from "./types.ts";
import { assertNever } from "./types.ts";

export interface EffectTarget {
  contact: ContactView;
  conversationId: string;
  identityId: string;
  channel: ChannelName;
}

/** What applying the effects changed, so the engine can continue with fresh facts. */
export interface EffectOutcome {
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
  for (const effect of effects) {
    switch (effect.type) {
      case "setLanguage":
        await updateContact(tx, contact.id, { language: effect.language }, at);
        contact = { ...contact, language: effect.language };
        break;
      case "giveConsent":
        await updateContact(tx, contact.id, { consentVersion: effect.version, consentedAt: at, consentRefusedAt: null }, at);
        contact = { ...contact, consent: "given", consentVersion: effect.version, consentedAt: at };
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
      case "setConversationStatus":
        await setConversationStatus(tx, target.conversationId, effect.status, at);
        conversationStatus = effect.status;
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
        break;
      case "eraseContact":
        erasedIntoConversationId = await eraseContact(tx, contact.id, target.identityId, target.channel, at);
        break;
      default:
        assertNever(effect);
    }
  }
  return { contact, erasedIntoConversationId, conversationStatus };
}
