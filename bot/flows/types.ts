import type { RecordedVerdict } from "../../db/schema/programs.ts";
import type { ContactProfile } from "../../db/schema/contacts.ts";
import type { ConversationStatus } from "../../db/schema/conversations.ts";
import type { ChannelName, Choice, Lang, MediaKind, Outbound } from "../core/types.ts";
import type { Profile } from "../eligibility/types.ts";
import type { Entities, Intent } from "../nlu/contract.ts";
import type { BookingView } from "../booking/view.ts";
import type { HandoffView } from "../conversation/handoff-view.ts";
import type { Catalogue } from "../programs/catalogue.ts";
import type { Canvas } from "../project/types.ts";
import type { CoachDraft, ProjectView } from "../project/view.ts";
import type { AnswerValue, Expect } from "./answers/types.ts";

/**
 * The contract every flow step follows: a pure function of (state, input, context)
 * returning the next state, the messages to send and the effects to apply. The engine
 * applies effects and stores messages in one transaction; flows never touch I/O.
 */

export type Translate = (key: string, options?: Record<string, unknown>) => string;

export type ConsentState = "given" | "refused" | "none";

/** What a flow may know about the person. Built by the engine from the database. */
export interface ContactView {
  id: string;
  language: Lang | null;
  firstName: string | null;
  phone: string | null;
  consent: ConsentState;
  consentVersion: string | null;
  consentedAt: Date | null;
  optedOut: boolean;
  profile: ContactProfile;
  entryPoint: string | null;
  channels: ChannelName[];
  createdAt: Date;
}

export interface FlowContext {
  contact: ContactView;
  /** The language to answer in: the person's, or French until they choose. */
  lang: Lang;
  t: Translate;
  translate(lang: Lang): Translate;
  now: Date;
  consentVersion: string;
  conversationStatus: ConversationStatus;
  channel: ChannelName;
  /** The programmes in force, as a snapshot: flows read it, never load it. */
  catalogue: Catalogue;
  /** The language model's reading of this message, when the rules were unsure and a model is configured. */
  secondOpinion?: SecondOpinion;
  /** Booking data, loaded by the engine only for turns that touch booking. */
  booking?: BookingView;
  /** Sites and their advisors' opening, loaded by the engine only for turns that ask for a human. */
  handoff?: HandoffView;
  /** The person's project canvas, loaded by the engine only for turns that touch it. */
  project?: ProjectView;
  /** The coach's draft of a freely described idea (only when a language model is configured). */
  coachDraft?: CoachDraft;
  /** A fresh random id for anything this step creates (an appointment), so its link can be sent at once. */
  newId: string;
  /** The public address of this server, for links sent in the chat (calendar files). */
  publicUrl: string;
}

/** What the optional model said a message means (its confidence already capped for risky intents). */
export interface SecondOpinion {
  intent: Intent;
  confidence: number;
  entities: Entities;
}

export interface FlowState {
  flow: string;
  step: string;
  data: Record<string, unknown>;
  /** The choices of the last question asked; typed numbers and labels are matched to them. */
  offered: Choice[];
}

/**
 * Input once the router has taken out commands and matched typed answers to choices. A
 * typed text the question's readers understood carries their reading (`answer`): the
 * number, amount, time, place or name the step asked for.
 */
export type StepInput =
  | { kind: "text"; text: string; answer?: AnswerValue }
  | { kind: "choice"; choiceId: string }
  | { kind: "media"; media: MediaKind }
  | { kind: "location"; latitude: number; longitude: number }
  | { kind: "contact"; phone: string };

export type Effect =
  | { type: "setLanguage"; language: Lang }
  | { type: "giveConsent"; version: string }
  | { type: "refuseConsent" }
  | { type: "setFirstName"; firstName: string | null }
  | { type: "setPhone"; phone: string }
  | { type: "setOptOut"; optedOut: boolean }
  | { type: "setEntryPoint"; entryPoint: string }
  /** Wait for an advisor of `siteId` (null: no site known; staff see it); the bot steps aside. */
  | { type: "requestHandoff"; siteId: string | null; openNow: boolean }
  /** The person went back to the bot before an advisor answered. */
  | { type: "cancelHandoff" }
  /** A staff member's one-time code from the console: this chat becomes theirs for alerts. `ifUnknown` when no live code matches. */
  | { type: "linkStaff"; code: string; ifUnknown: StepResult }
  /** How helpful the resolved conversation was (1-5), for the advisor and site who answered. */
  | { type: "rateService"; score: number; advisorId: string | null; siteId: string | null }
  | { type: "eraseContact" }
  /** Answers volunteered or asked; kept only with consent. An `undefined` value clears the field. */
  | { type: "updateProfile"; patch: Profile }
  /** A verdict list shown to the person, with the rules versions that produced it (kept only with consent). */
  | { type: "recordEligibility"; profile: Profile; results: RecordedVerdict[] }
  /**
   * Book (or move, when `replaces` is set) a slot. The database has the last word: when
   * someone else got the slot first, the engine uses `ifTaken` instead of this step.
   */
  | {
      type: "bookAppointment";
      id: string;
      siteId: string;
      advisorId: string;
      start: Date;
      end: Date;
      topic: string;
      replaces: string | null;
      ifTaken: StepResult;
      /** The person already holds as many meetings to come as the cap allows (the database said so). */
      ifCapped: StepResult;
    }
  | { type: "cancelAppointment"; id: string; reason: string }
  /** The whole canvas after this answer (kept only with consent). */
  | { type: "saveCanvas"; canvas: Canvas }
  /** Makes the sheet readable at /p/<token> (a live link is kept). */
  | { type: "publishSheet"; token: string }
  | { type: "revokeSheet" };

export interface StepResult {
  state: FlowState;
  messages: Outbound[];
  effects: Effect[];
}

export interface Flow {
  name: string;
  /** Ask the current step's question again (stale button, language change, unclear answer). */
  prompt(state: FlowState, ctx: FlowContext): StepResult;
  handle(state: FlowState, input: StepInput, ctx: FlowContext): StepResult;
  /**
   * What the question on screen expects (yes/no, an option, a number, an amount, a time,
   * a place, a name, free text; which option means "don't know"): typed answers are read
   * against it before anything reads them as a wish to do something else. Null: nothing
   * particular (options on screen are still matched).
   */
  expects?(state: FlowState, ctx: FlowContext): Expect | null;
}

export function stateOf(flow: string, step: string, data: Record<string, unknown> = {}): FlowState {
  return { flow, step, data, offered: [] };
}

/** Put messages in front of a step result (e.g. a confirmation before the menu). */
export function withPrefix(result: StepResult, messages: Outbound[], effects: Effect[] = []): StepResult {
  return { ...result, messages: [...messages, ...result.messages], effects: [...effects, ...result.effects] };
}

/** A context for the language just chosen, so the next message is already in it. */
export function inLanguage(ctx: FlowContext, lang: Lang): FlowContext {
  return addressed({ ...ctx, lang, t: ctx.translate(lang), contact: { ...ctx.contact, language: lang } });
}

/**
 * The context speaking to the person in their grammatical gender once they said it
 * (their profile's `gender`): i18next's `context` picks `key_female` / `key_male` where a
 * locale has them, and every other key keeps its text, which fits everyone. The router
 * and the system steps apply it once; flows never pass a gender themselves.
 */
export function addressed(ctx: FlowContext): FlowContext {
  const gender = ctx.contact.profile.gender;
  if (!gender) return ctx;
  const base = ctx.t;
  return { ...ctx, t: (key, options) => base(key, { context: gender, ...options }) };
}

/** The usual step result: move to `state` and ask one question with its choices. */
export function ask(state: FlowState, text: string, choices: Choice[], effects: Effect[] = []): StepResult {
  return { state, messages: [{ kind: "choices", text, choices }], effects };
}
