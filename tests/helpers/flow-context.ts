import type { ConversationStatus } from "../../db/schema/conversations.ts";
import type { Lang } from "../../bot/core/types.ts";
import type { ContactView, FlowContext } from "../../bot/flows/types.ts";
import { createTranslator } from "../../bot/i18n.ts";
import { EMPTY_CATALOGUE } from "../../bot/programs/catalogue.ts";

/** Flow steps without a database: a hand-made contact and context, with the real locales. */
export const translator = createTranslator();
export const FLOW_NOW = new Date("2026-03-02T09:00:00Z");

export function contactView(overrides: Partial<ContactView> = {}): ContactView {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    language: "fr",
    firstName: "Salma",
    phone: null,
    consent: "given",
    consentVersion: "2026-11",
    consentedAt: new Date("2026-02-01T10:00:00Z"),
    optedOut: false,
    profile: {},
    entryPoint: null,
    channels: ["telegram"],
    createdAt: new Date("2026-02-01T10:00:00Z"),
    ...overrides,
  };
}

export function flowContext(contact: ContactView, conversationStatus: ConversationStatus = "bot", extra: Partial<FlowContext> = {}): FlowContext {
  const lang = contact.language ?? "fr";
  return {
    contact,
    lang,
    t: translator.forLang(lang),
    translate: (other) => translator.forLang(other),
    now: FLOW_NOW,
    consentVersion: "2026-11",
    conversationStatus,
    channel: "telegram",
    catalogue: EMPTY_CATALOGUE,
    newId: "00000000-0000-4000-8000-000000000000",
    publicUrl: "http://localhost:3000",
    ...extra,
  };
}

export function tr(lang: Lang, key: string, options?: Record<string, unknown>): string {
  return translator.forLang(lang)(key, options);
}
