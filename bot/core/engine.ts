import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { Db } from "../../db/client.ts";
import { acceptKnownInbound, dropInbound, lockTurn, saveSystemTurn, saveTurn, type PendingInbound, type SavedReply } from "../../db/turns.ts";
import { notifyConversationChanged } from "../../db/notify.ts";
import { appendMilestone } from "../../db/conversation-events.ts";
import { resolveIdentity } from "../../db/identities.ts";
import type { BookingCaps } from "../booking/types.ts";
import type { MessageRow } from "../../db/messages.ts";
import {
  findInboundByChannelId,
  insertInbound,
  listConversationsWithUnhandledInbound,
  listRepliesTo,
  recordInboundFailure,
} from "../../db/messages.ts";
import type { Clock } from "../../lib/clock.ts";
import { failureNote, isDatabaseUnavailable } from "../../lib/database-errors.ts";
import type { Logger } from "../../lib/logger.ts";
import { matchChoice } from "./choice-match.ts";
import { cleanText, tidyTypography } from "./normalize.ts";
import { expectOf, INITIAL_STATE, rememberOffered, route } from "../flows/router.ts";
import type { FlowContext, FlowState, SecondOpinion, StepResult } from "../flows/types.ts";
import { handoffNeeds } from "../flows/handoff/index.ts";
import { loadHandoffView } from "../conversation/handoff-view.ts";
import { wantsSecondOpinion } from "../flows/understanding.ts";
import { staffLinkStep } from "../flows/staff-link.ts";
import { bookingNeeds } from "../flows/booking/index.ts";
import { loadBookingView } from "../booking/view.ts";
import { localDateOf } from "../booking/local-time.ts";
import { projectNeeds } from "../flows/project/index.ts";
import type { CoachDraft, CoachPort } from "../project/view.ts";
import { loadProjectView } from "../project/view.ts";
import { takeCoachCall } from "../../db/projects.ts";
import { understand } from "../nlu/understand.ts";
import type { LlmFallback } from "../nlu/llm-fallback.ts";
import type { Catalogue } from "../programs/catalogue.ts";
import { EMPTY_CATALOGUE } from "../programs/catalogue.ts";
import type { Translator } from "../i18n.ts";
import { applyEffects } from "./effects.ts";
import { parseInboundContent, storableContent } from "./inbound-content.ts";
import type { ChannelName, InboundContent, InboundMessage, Outbound } from "./types.ts";

/** Messages younger than this are being handled by the process that accepted them. */
const RECOVERY_GRACE_MS = 10_000;
const MAX_INBOUND_ATTEMPTS = 5;

export interface StoredOutbound {
  id: number;
  conversationId: string;
  channel: ChannelName;
  message: Outbound;
}

export interface ReceiveResult {
  /** True when the channel had already delivered this message: nothing was done again. */
  duplicate: boolean;
  inboundId: number | null;
  /** The person's conversation now: after erasing their data, the new one their replies went to. */
  conversationId: string;
  replies: StoredOutbound[];
}

export interface EngineDeps {
  db: Db;
  /** Where accept() stores messages (webhooks wait on it): a pool of its own in the app. Default: db. */
  acceptDb?: Db;
  translator: Translator;
  clock: Clock;
  log: Logger;
  consentVersion: string;
  flowSessionTtlMs: number;
  /** The programmes in force; read once per step so staff edits reach the next message. */
  catalogue?: () => Catalogue;
  /**
   * The optional language model, asked only about typed messages the rules cannot place.
   * It runs inside the person's turn (their conversation is locked, nobody else's), bounded
   * by its timeout; any failure means the rules' answer stands.
   */
  secondOpinion?: LlmFallback;
  /** The public address of this server, for links sent in the chat. */
  publicUrl?: string;
  /** The optional project coach (a language model) and how many drafts one person gets per day. */
  coach?: { port: CoachPort; dailyCalls: number };
  /** Meetings to come one person may hold; the booking transaction enforces it. Default: 1 per site, 2 in all. */
  bookingCaps?: BookingCaps;
}

export interface Engine {
  /** Accepts one inbound message, handles everything pending in its conversation, returns its replies. */
  receive(inbound: InboundMessage): Promise<ReceiveResult>;
  /**
   * Stores a message in its own transaction and returns at once (webhooks must answer
   * fast); processConversation handles it afterwards. Once this returns it cannot be lost.
   */
  accept(inbound: InboundMessage): Promise<{ conversationId: string; inboundId: number | null }>;
  /** Handles inbound messages accepted but not handled (after a crash or a failed attempt). */
  processConversation(conversationId: string): Promise<Map<number, StoredOutbound[]>>;
  /** Retries conversations whose accepted messages were never handled (crash, database hiccup). */
  recoverUnhandled(): Promise<number>;
  /**
   * Runs a pure step for a conversation outside any message from the person (an advisor
   * took it over or handed it back): the same context, effects, flow state and outbox as a
   * turn, inside `tx`, which must hold the conversation's lock. The caller announces the
   * replies once `tx` commits (`events.emit("outbound", …)`).
   */
  runSystemStep(tx: Db, conversationId: string, step: SystemStep): Promise<StoredOutbound[]>;
  /** Emits `outbound` with the conversation id after replies are committed. */
  events: EventEmitter<{ outbound: [conversationId: string, channel: ChannelName] }>;
}

/** A step the system takes on the person's behalf: from their current state and context to what comes next. */
export type SystemStep = (state: FlowState, ctx: FlowContext) => StepResult;

/** While a person waits for or talks with an advisor, the console must hear about each of their messages. */
const WATCHED_STATUSES: ReadonlySet<string> = new Set(["waiting", "advisor"]);

/**
 * The conversation engine: dedupe -> identity -> lock the conversation -> route each
 * pending message through the flows -> store effects, replies (the outbox) and state in
 * one transaction. It knows no channel SDK; channels call `receive` and render replies.
 */
export function createEngine(deps: EngineDeps): Engine {
  const { db, translator, clock, log } = deps;
  const acceptDb = deps.acceptDb ?? db;
  const events: Engine["events"] = new EventEmitter();
  const caps = deps.bookingCaps ? { bookingCaps: deps.bookingCaps } : {};
  events.setMaxListeners(0);

  async function receive(inbound: InboundMessage): Promise<ReceiveResult> {
    // Fast path, one transaction: a known person's message is stored and handled together,
    // so it costs one commit. If anything fails, nothing was stored and the channel's
    // retry (or the person's) brings it again; webhooks use accept() instead.
    const fast = await db.transaction(async (tx) => {
      const known = await acceptKnownInbound(tx, storable(inbound));
      if (!known || known.inboundId === null) return { known, turn: null };
      return { known, turn: await handleTurn(tx, known.conversationId) };
    });
    if (fast.known && fast.known.inboundId !== null && fast.turn) {
      announce(fast.turn.touched);
      const replies = fast.turn.handled.get(fast.known.inboundId) ?? (await listRepliesTo(db, fast.known.inboundId)).map(toStored);
      return { duplicate: false, inboundId: fast.known.inboundId, conversationId: fast.turn.current ?? fast.known.conversationId, replies };
    }
    // The fast path already looked the address up: a newcomer goes straight to creation.
    const { conversationId, inboundId } = fast.known ?? (await acceptNewcomer(inbound, storable(inbound)));
    if (inboundId === null) {
      // Already accepted once (a re-sent webhook, a double click): answer with what was said then.
      const earlier = inbound.channelMessageId ? await findInboundByChannelId(db, inbound.channel, inbound.channelMessageId) : null;
      // The first delivery may still be in the works elsewhere: wait for it through the lock.
      if (earlier?.status === "received") await processConversation(earlier.conversationId);
      const replies = earlier ? (await listRepliesTo(db, earlier.id)).map(toStored) : [];
      return { duplicate: true, inboundId: earlier?.id ?? null, conversationId: earlier?.conversationId ?? conversationId, replies };
    }
    const handled = await processConversation(conversationId);
    const replies = handled.get(inboundId) ?? (await listRepliesTo(db, inboundId)).map(toStored);
    // Erasing one's data moves the person to a new conversation: its replies are there.
    return { duplicate: false, inboundId, conversationId: replies.at(-1)?.conversationId ?? conversationId, replies };
  }

  /** Stores the message in its own transaction: once this returns, it cannot be lost. */
  async function accept(inbound: InboundMessage): Promise<{ conversationId: string; inboundId: number | null }> {
    const message = storable(inbound);
    return (await acceptKnownInbound(acceptDb, message)) ?? acceptNewcomer(inbound, message);
  }

  /** First message on this channel address: create the identity, then store the message. */
  async function acceptNewcomer(inbound: InboundMessage, message: ReturnType<typeof storable>) {
    const identity = await resolveIdentity(acceptDb, inbound.channel, inbound.externalUserId);
    const inboundId = await insertInbound(acceptDb, {
      conversationId: identity.conversationId,
      channel: inbound.channel,
      channelMessageId: inbound.channelMessageId,
      kind: message.kind,
      content: message.content as Record<string, unknown>,
    });
    return { conversationId: identity.conversationId, inboundId };
  }

  async function processConversation(conversationId: string): Promise<Map<number, StoredOutbound[]>> {
    const { handled, touched } = await db.transaction((tx) => handleTurn(tx, conversationId));
    announce(touched);
    return handled;
  }

  function announce(touched: Map<string, ChannelName>) {
    for (const [id, channel] of touched) events.emit("outbound", id, channel);
  }

  /** Handles every pending message of the conversation, under its lock, inside `tx`. */
  async function handleTurn(tx: Db, conversationId: string) {
    const handled = new Map<number, StoredOutbound[]>();
    const touched = new Map<string, ChannelName>();
    let current: string | null = null;
    {
      const now = clock.now();
      const turn = await lockTurn(tx, conversationId, now);
      if (!turn || turn.pending.length === 0) return { handled, touched, current };
      let { contact, status, session } = turn;
      const watched = WATCHED_STATUSES.has(status);
      // The funnel's first step, once: only the conversation's first turn pays for it.
      if (turn.handledCount === 0 && turn.identityId && status !== "closed") {
        await appendMilestone(tx, { conversationId, type: "started", actor: { kind: "contact", id: contact.id }, language: contact.language, siteId: null, at: now });
      }
      let targetConversationId = conversationId;
      for (const message of turn.pending) {
        if (status === "closed" || !turn.identityId) {
          // The person erased their data earlier in this batch: keep nothing, answer nothing.
          await dropInbound(tx, message.id, now);
          continue;
        }
        let result = await runStep(tx, message, session, contact, status, turn.channel, now);
        if (result.effects.length > 0) {
          const target = { contact, conversationId, identityId: turn.identityId, channel: turn.channel, inboundId: message.id, ...caps };
          let outcome = await applyEffects(tx, result.effects, target, now);
          if (outcome.refused) {
            // The database refused an effect (someone else got the slot): use the step's plan B.
            result = outcome.refused;
            outcome = await applyEffects(tx, result.effects, { ...target, contact: outcome.contact }, now);
          }
          contact = outcome.contact;
          if (outcome.conversationStatus) status = outcome.conversationStatus;
          if (outcome.erasedIntoConversationId) {
            targetConversationId = outcome.erasedIntoConversationId;
            status = "closed";
            // Whoever follows the old conversation (a web chat page) hears of the move and looks again.
            touched.set(conversationId, turn.channel);
          }
        }
        // Law 09-08: before consent, what the person typed is not kept once it is handled.
        const keepContent = contact.consent === "given" || message.kind === "choice" || message.kind === "start";
        const saved = await saveTurn(tx, {
          conversationId,
          targetConversationId,
          channel: turn.channel,
          inboundId: message.id,
          redactInbound: !keepContent,
          replies: result.messages.map((outbound) => ({ kind: outbound.kind, content: outbound })),
          state: result.state,
          now,
          sessionTtlMs: deps.flowSessionTtlMs,
        });
        handled.set(message.id, saved.map(savedToStored));
        if (saved.length > 0) touched.set(targetConversationId, turn.channel);
        session = result.state;
      }
      if (watched || WATCHED_STATUSES.has(status)) await notifyConversationChanged(tx, conversationId);
      current = targetConversationId;
    }
    return { handled, touched, current };
  }

  async function runSystemStep(tx: Db, conversationId: string, step: SystemStep): Promise<StoredOutbound[]> {
    const now = clock.now();
    const turn = await lockTurn(tx, conversationId, now);
    if (!turn || !turn.identityId || turn.status === "closed") return [];
    const ctx = contextFor(turn.contact, turn.status, turn.channel, now);
    ctx.handoff = await loadHandoffView(tx, { contactId: turn.contact.id, now });
    const previous = turn.session ?? INITIAL_STATE;
    const result = rememberOffered(previous, step(previous, ctx));
    if (result.effects.length > 0) {
      await applyEffects(tx, result.effects, { contact: turn.contact, conversationId, identityId: turn.identityId, channel: turn.channel, inboundId: null, ...caps }, now);
    }
    const saved = await saveSystemTurn(tx, {
      conversationId,
      channel: turn.channel,
      replies: result.messages.map((outbound) => ({ kind: outbound.kind, content: outbound })),
      state: result.state,
      now,
      sessionTtlMs: deps.flowSessionTtlMs,
    });
    return saved.map(savedToStored);
  }

  function contextFor(contact: FlowContext["contact"], status: FlowContext["conversationStatus"], channel: ChannelName, now: Date): FlowContext {
    const lang = contact.language ?? "fr";
    return {
      contact,
      lang,
      t: translator.forLang(lang),
      translate: (other) => translator.forLang(other),
      now,
      consentVersion: deps.consentVersion,
      conversationStatus: status,
      channel,
      catalogue: deps.catalogue?.() ?? EMPTY_CATALOGUE,
      newId: randomUUID(),
      publicUrl: deps.publicUrl ?? "",
    };
  }

  async function runStep(
    tx: Db,
    message: PendingInbound,
    session: Parameters<typeof route>[0],
    contact: FlowContext["contact"],
    status: FlowContext["conversationStatus"],
    channel: ChannelName,
    now: Date,
  ): Promise<StepResult> {
    const ctx = contextFor(contact, status, channel, now);
    const content: InboundContent | null = parseInboundContent(message.kind, message.content);
    try {
      if (!content) throw new Error(`unreadable inbound content of kind ${message.kind}`);
      const linking = staffLinkStep(session ?? INITIAL_STATE, content, ctx);
      if (linking) return linking;
      let intent: string | null | undefined;
      const typedIntent = () => (intent ??= content.kind === "text" ? understand(content.text, { now, languageHint: ctx.lang }).intent : null);
      // "4" or "Prendre rendez-vous" typed at the menu is that option: its journey's data is loaded as for the button.
      const typedOption = content.kind === "text" && session ? matchChoice(tidyTypography(cleanText(content.text)), session.offered, { contained: false }) : null;
      const asked: InboundContent = typedOption ? { kind: "choice", choiceId: typedOption.id } : content;
      const needs = bookingNeeds(session, asked, typedIntent) ?? (asked !== content ? bookingNeeds(session, content, typedIntent) : null);
      if (needs) {
        ctx.booking = await loadBookingView(tx, {
          contactId: contact.id,
          siteId: needs.siteId,
          appointmentId: needs.appointmentId,
          siteText: needs.siteText,
          now,
          ...(deps.bookingCaps ? { caps: deps.bookingCaps } : {}),
        });
      }
      if (handoffNeeds(session, asked, typedIntent) || handoffNeeds(session, content, typedIntent)) ctx.handoff = await loadHandoffView(tx, { contactId: contact.id, now });
      const projectTurn = projectNeeds(session, asked, typedIntent) ?? projectNeeds(session, content, typedIntent);
      // Asked after the data is loaded: the question on screen's readers need it (a platform's names).
      if (content.kind === "text" && deps.secondOpinion && wantsSecondOpinion(content.text, session ?? INITIAL_STATE, ctx, expectOf(session ?? INITIAL_STATE, ctx))) {
        ctx.secondOpinion = await askModel(deps.secondOpinion, content.text, ctx);
      }
      if (projectTurn) {
        ctx.project = await loadProjectView(tx, contact.id);
        if (projectTurn.coachText && deps.coach && contact.consent === "given") ctx.coachDraft = await askCoach(tx, deps.coach, projectTurn.coachText, ctx);
      }
      return route(session, content, ctx);
    } catch (error) {
      // A bug in one step must not wedge the conversation: apologise and keep the state.
      log.error({ err: error, messageId: message.id }, "flow step failed");
      return {
        state: session ?? { flow: "menu", step: "main", data: {}, offered: [] },
        messages: [{ kind: "text", text: ctx.t("common:error") }],
        effects: [],
      };
    }
  }

  async function askModel(model: LlmFallback, text: string, ctx: FlowContext): Promise<SecondOpinion | undefined> {
    const outcome = await model.understand(text, { now: ctx.now, languageHint: ctx.lang });
    if (!outcome.ok) {
      log.info({ reason: outcome.reason }, "language model gave no usable answer; the rules' reading stands");
      return undefined;
    }
    return { intent: outcome.intent, confidence: outcome.confidence, entities: outcome.entities };
  }

  /** A draft of the canvas from a freely described idea, within the person's daily budget; undefined on any failure. */
  async function askCoach(tx: Db, coach: NonNullable<EngineDeps["coach"]>, text: string, ctx: FlowContext): Promise<CoachDraft | undefined> {
    if (!(await takeCoachCall(tx, ctx.contact.id, localDateOf(ctx.now), coach.dailyCalls, ctx.now))) return undefined;
    const outcome = await coach.port.draft(text, { lang: ctx.lang, canvas: ctx.project?.canvas ?? {} });
    if (!outcome.ok) {
      log.info({ reason: outcome.reason }, "project coach gave no usable draft; the guided steps go on");
      return undefined;
    }
    return { fields: outcome.fields, suggestions: outcome.suggestions };
  }

  async function recoverUnhandled(): Promise<number> {
    const before = new Date(clock.now().getTime() - RECOVERY_GRACE_MS);
    let recovered = 0;
    for (const conversationId of await listConversationsWithUnhandledInbound(db, before, 100)) {
      try {
        recovered += (await processConversation(conversationId)).size;
      } catch (error) {
        // The database away is nobody's fault: the message waits, its attempts stay untouched.
        if (isDatabaseUnavailable(error)) {
          log.warn({ err: error, conversationId }, "database unavailable while handling pending messages; will retry");
          break;
        }
        log.error({ err: error, conversationId }, "could not handle pending messages; will retry");
        await recordInboundFailure(db, conversationId, failureNote(error), MAX_INBOUND_ATTEMPTS, clock.now()).catch(() => {});
      }
    }
    return recovered;
  }

  return { receive, accept, processConversation, recoverUnhandled, runSystemStep, events };
}

function storable(inbound: InboundMessage) {
  const content = storableContent(inbound.content);
  return {
    channel: inbound.channel,
    externalId: inbound.externalUserId,
    channelMessageId: inbound.channelMessageId ?? null,
    kind: content.kind,
    content,
  };
}

function savedToStored(row: SavedReply): StoredOutbound {
  return { id: row.id, conversationId: row.conversationId, channel: row.channel as ChannelName, message: row.content as unknown as Outbound };
}

function toStored(row: MessageRow): StoredOutbound {
  return {
    id: row.id,
    conversationId: row.conversationId,
    channel: row.channel as ChannelName,
    message: row.content as unknown as Outbound,
  };
}
