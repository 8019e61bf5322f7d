import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { Db } from "../../db/client.ts";
import { acceptKnownInbound, acceptKnownInbounds, dropInbound, loadTurnByAddress, lockTurn, lockTurns, saveSystemTurn, saveTurn, type PendingInbound, type SavedReply, type Turn } from "../../db/turns.ts";
import { notifyConversationChanged } from "../../db/notify.ts";
import { appendMilestone } from "../../db/conversation-events.ts";
import { resolveIdentity } from "../../db/identities.ts";
import type { PendingDelivery } from "../../db/outbox.ts";
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
import { createGroupCommit } from "../../lib/group-commit.ts";
import type { Logger } from "../../lib/logger.ts";
import { matchChoice } from "./choice-match.ts";
import { cleanText, tidyTypography } from "./normalize.ts";
import { INITIAL_STATE, rememberOffered, route } from "../flows/router.ts";
import type { FlowContext, FlowState, StepResult } from "../flows/types.ts";
import { staffLinkStep } from "../flows/staff-link.ts";
import type { CoachPort } from "../project/view.ts";
import { understand } from "../nlu/understand.ts";
import type { LlmFallback } from "../nlu/llm-fallback.ts";
import type { Catalogue } from "../programs/catalogue.ts";
import { EMPTY_CATALOGUE } from "../programs/catalogue.ts";
import type { Translator } from "../i18n.ts";
import { applyEffects } from "./effects.ts";
import { parseInboundContent, storableContent } from "./inbound-content.ts";
import { askModels, loadStepNeeds, loadSystemStepNeeds, putAnswers, stepAsks, type AskAnswers, type NeedsInput, type PendingAsks } from "./step-needs.ts";
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
  /** Statements accept() runs at once, one per connection of acceptDb. Default: 1. */
  acceptWritesAtOnce?: number;
  translator: Translator;
  clock: Clock;
  log: Logger;
  consentVersion: string;
  flowSessionTtlMs: number;
  /** The programmes in force; read once per step so staff edits reach the next message. */
  catalogue?: () => Catalogue;
  /**
   * The optional language model, asked only about typed messages the rules cannot place.
   * It is asked with no transaction open and no lock held (bounded by its own timeout);
   * the step then runs under the lock with its answer, unless the conversation moved on
   * meanwhile. Any failure means the rules' answer stands.
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
  /**
   * Stores a message and, when its person is known and nobody is handling their
   * conversation, handles it in the same transaction (one commit for both); returns once
   * the message is stored. `settled` false: something is left for processConversation
   * (a newcomer, a busy conversation, a turn that failed). A step that wants a model's
   * answer is settled too: the model is asked from here, outside any transaction and
   * with no turn slot held, and the message handled once it answers.
   * `onConnection` is called once its transaction has a connection (intake uses it to
   * notice a busy pool and store through its own connections instead).
   */
  take(inbound: InboundMessage, options?: { onConnection?: () => void; afterModel?: TurnGate }): Promise<{ conversationId: string; inboundId: number | null; settled: boolean }>;
  /**
   * From now on, replies on `channels` are claimed for this process in the statement that
   * saves them (leased for `leaseMs`) and given to `deliver` once committed, instead of an
   * `outbound` event and a claim of their own. Returns the function that stops it.
   */
  handOver(channels: ReadonlySet<string>, leaseMs: number, deliver: ClaimedRepliesHandler): () => void;
  /**
   * Handles the inbound messages of a conversation accepted but not handled.
   * `waitForModel: false` returns once the database work is done: a message that waits on a
   * language model is finished in the background (the caller's slot is not held for seconds
   * while nobody's work is done), and a message arriving meanwhile joins it. `afterModel`
   * runs each transaction that follows a model's answer (intake's turn slots: a burst of
   * answers then waits its turn instead of taking every connection); default: at once.
   */
  processConversation(conversationId: string, options?: { waitForModel?: boolean; afterModel?: TurnGate }): Promise<Map<number, StoredOutbound[]>>;
  /**
   * Handles several conversations' pending messages in one transaction (intake under a
   * backlog: fewer round trips and commits per message); as processConversation with
   * `waitForModel: false` otherwise. A failure is logged and left to recovery.
   */
  processConversations(conversationIds: string[], options?: { afterModel?: TurnGate }): Promise<void>;
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

/** Runs a piece of database work when the caller's limits allow (intake's turn slots). */
export type TurnGate = <T>(work: () => Promise<T>) => Promise<T>;
const atOnce: TurnGate = (work) => work();

/** Sends replies claimed for this process; `complete` false when some of the turn's replies were left for the outbox. */
export type ClaimedRepliesHandler = (conversationId: string, claimed: PendingDelivery[], complete: boolean) => void;

/** A message whose step waits for a model's answer, and the conversation as it was when asked. */
interface Consultation {
  messageId: number;
  /** The state the question was asked in: if the conversation moved on, the answer no longer applies. */
  stamp: string;
  asks: PendingAsks;
}

interface TurnOutcome {
  handled: Map<number, StoredOutbound[]>;
  touched: Map<string, ChannelName>;
  current: string | null;
  /** Replies claimed in this turn, per conversation, and whether every reply of the turn there was. */
  claimed: Map<string, { deliveries: PendingDelivery[]; complete: boolean }>;
  /** Set when the turn stopped before a message that needs a model: ask it, then handle the rest. */
  consult: Consultation | null;
  /**
   * Settles once every save of the turn has: with `deferSaves`, after the transaction's
   * COMMIT was sent behind them. A rejection means the transaction kept nothing (PostgreSQL
   * turns the COMMIT of a failed transaction into a ROLLBACK): the turn failed.
   */
  saved: Promise<void>;
}

/** A step the system takes on the person's behalf: from their current state and context to what comes next. */
export type SystemStep = (state: FlowState, ctx: FlowContext) => StepResult;

/** While a person waits for or talks with an advisor, the console must hear about each of their messages. */
const WATCHED_STATUSES: ReadonlySet<string> = new Set(["waiting", "advisor"]);

/**
 * The conversation engine: dedupe -> identity -> lock the conversation -> load what each
 * pending message's step needs (step-needs.ts) -> route it through the flows -> store
 * effects, replies (the outbox) and state in one transaction. A step that wants a
 * language model's answer is asked between two transactions, never inside one. It knows
 * no channel SDK; channels call `take` or `receive` and render replies.
 */
export function createEngine(deps: EngineDeps): Engine {
  const { db, translator, clock, log } = deps;
  const acceptDb = deps.acceptDb ?? db;
  const events: Engine["events"] = new EventEmitter();
  const caps = deps.bookingCaps ? { bookingCaps: deps.bookingCaps } : {};
  events.setMaxListeners(0);

  const needsDeps = {
    log,
    ...(deps.bookingCaps ? { bookingCaps: deps.bookingCaps } : {}),
    ...(deps.secondOpinion ? { secondOpinion: deps.secondOpinion } : {}),
    ...(deps.coach ? { coach: deps.coach } : {}),
  };
  const handovers = new Map<string, { leaseMs: number; deliver: ClaimedRepliesHandler }>();
  /** Conversations waiting on a model in this process; `again`: a message came meanwhile. */
  const consulting = new Map<string, { again: boolean; done: Promise<void> }>();
  /** Makes each turn's lease unique (microseconds), so a turn tells its own claimed replies from others'. */
  let leaseSequence = Math.floor(Math.random() * 1000);

  async function receive(inbound: InboundMessage): Promise<ReceiveResult> {
    // Fast path, one transaction: a known person's message is stored and handled together,
    // so it costs one commit. If the turn fails, the message is stored alone and handled again.
    const taken = await takeInbound(inbound);
    const { conversationId, inboundId } = taken;
    if (inboundId === null) {
      // Already accepted once (a re-sent webhook, a double click): answer with what was said then.
      const earlier = inbound.channelMessageId ? await findInboundByChannelId(db, inbound.channel, inbound.channelMessageId) : null;
      // The first delivery may still be in the works elsewhere: wait for it through the lock.
      if (earlier?.status === "received") await processConversation(earlier.conversationId);
      const replies = earlier ? (await listRepliesTo(db, earlier.id)).map(toStored) : [];
      return { duplicate: true, inboundId: earlier?.id ?? null, conversationId: earlier?.conversationId ?? conversationId, replies };
    }
    const handled = taken.settled ? taken.handled : mergeHandled(taken.handled, await processConversation(conversationId));
    const replies = handled.get(inboundId) ?? (await listRepliesTo(db, inboundId)).map(toStored);
    // Erasing one's data moves the person to a new conversation: its replies are there.
    return { duplicate: false, inboundId, conversationId: replies.at(-1)?.conversationId ?? taken.current ?? conversationId, replies };
  }

  async function take(inbound: InboundMessage, options: { onConnection?: () => void; afterModel?: TurnGate } = {}) {
    const { conversationId, inboundId, settled, consult } = await takeInbound(inbound, options.onConnection);
    if (consult) {
      // Straight to the model: through processConversation it would lock and read the
      // conversation once more only to stop at the same question.
      finishInBackground(conversationId, consultThenContinue(conversationId, consult, options.afterModel));
      return { conversationId, inboundId, settled: true };
    }
    return { conversationId, inboundId, settled };
  }

  async function takeInbound(inbound: InboundMessage, onConnection?: () => void) {
    const message = storable(inbound);
    const nothing = { handled: new Map<number, StoredOutbound[]>(), current: null as string | null, consult: null as Consultation | null };
    let fast: { known: { conversationId: string; inboundId: number | null } | null; turn: TurnOutcome | null };
    try {
      fast = await db.transaction(async (tx) => {
        onConnection?.();
        // The turn's read goes out with the statement that stores and locks (one round trip
        // for both); the server runs it once that one is done, so it reads under the lock.
        const [known, preloaded] = await Promise.all([
          acceptKnownInbound(tx, message),
          loadTurnByAddress(tx, message.channel, message.externalId, clock.now()),
        ]);
        if (!known || known.inboundId === null || !known.locked || consulting.has(known.conversationId)) return { known, turn: null };
        const loaded = preloaded?.conversationId === known.conversationId ? { loaded: preloaded.turn } : {};
        return { known, turn: await handleTurn(tx, known.conversationId, { locked: true, ...loaded, deferSaves: true }) };
      });
      await fast.turn?.saved;
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      // The turn failed (nothing was kept): store the message alone, it is handled again afterwards.
      log.error({ err: error, channel: inbound.channel }, "handling a message with its intake failed; stored alone, handled again");
      fast = { known: await acceptKnown(message), turn: null };
    }
    if (!fast.known) {
      // First message on this channel address: a new identity, then the message.
      return { ...(await acceptNewcomer(inbound, message)), settled: false, ...nothing };
    }
    const { conversationId, inboundId } = fast.known;
    if (!fast.turn) return { conversationId, inboundId, settled: false, ...nothing };
    announce(fast.turn);
    return { conversationId, inboundId, settled: fast.turn.consult === null, consult: fast.turn.consult, handled: fast.turn.handled, current: fast.turn.current };
  }

  /**
   * Known people's messages that arrive together are stored together (one statement, one
   * commit); a message the database refuses fails alone (createGroupCommit).
   */
  const acceptKnown = createGroupCommit((messages: ReturnType<typeof storable>[]) => acceptKnownInbounds(acceptDb, messages), {
    concurrency: deps.acceptWritesAtOnce ?? 1,
    retryAlone: (error) => !isDatabaseUnavailable(error),
  });

  /** Stores the message in its own transaction: once this returns, it cannot be lost. */
  async function accept(inbound: InboundMessage): Promise<{ conversationId: string; inboundId: number | null }> {
    const message = storable(inbound);
    return (await acceptKnown(message)) ?? acceptNewcomer(inbound, message);
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

  async function processConversation(conversationId: string, options: { waitForModel?: boolean; afterModel?: TurnGate } = {}): Promise<Map<number, StoredOutbound[]>> {
    const waitForModel = options.waitForModel ?? true;
    const waiting = consulting.get(conversationId);
    if (waiting) {
      if (waitForModel) return joinConsultation(waiting);
      waiting.again = true;
      return new Map();
    }
    const outcome = await db.transaction((tx) => handleTurn(tx, conversationId, { deferSaves: true }));
    await outcome.saved;
    announce(outcome);
    if (!outcome.consult) return outcome.handled;
    const rest = consultThenContinue(conversationId, outcome.consult, options.afterModel);
    if (waitForModel) return mergeHandled(outcome.handled, await rest);
    finishInBackground(conversationId, rest);
    return outcome.handled;
  }

  /**
   * Several conversations' turns in one transaction, one after the other: one BEGIN, one
   * lock and one read for all of them, then each turn's own statements, one COMMIT — in two
   * round trips when the steps need nothing more (the saves and the COMMIT go out
   * together, `deferSaves`). Intake batches turns this way only when a backlog has formed,
   * where round trips and commits, not the steps, are most of what a turn costs. Turns
   * run in turn, never side by side (a save sent ahead is no matter: it runs first): a
   * step's effects may open a savepoint (booking), which other turns' statements must not
   * land in. A conversation someone else holds, or every conversation of a batch that
   * failed (one turn's error aborts the transaction: nothing of it was kept), is handled
   * on its own afterwards, as processConversation would. Like processConversation with
   * `waitForModel: false`, a turn that waits on a model is finished in the background.
   */
  async function processConversations(conversationIds: string[], options: { afterModel?: TurnGate } = {}): Promise<void> {
    const ready: string[] = [];
    for (const conversationId of conversationIds) {
      const waiting = consulting.get(conversationId);
      // Its consultation handles it next, in order.
      if (waiting) waiting.again = true;
      else ready.push(conversationId);
    }
    let batch: { locked: Set<string>; outcomes: [string, TurnOutcome][] } = { locked: new Set(), outcomes: [] };
    if (ready.length > 1) {
      try {
        const done = await db.transaction(async (tx) => {
          const { locked, turns } = await lockTurns(tx, ready, clock.now());
          const outcomes: [string, TurnOutcome][] = [];
          for (const conversationId of ready) {
            if (locked.has(conversationId)) outcomes.push([conversationId, await handleTurn(tx, conversationId, { loaded: turns.get(conversationId) ?? null, deferSaves: true })]);
          }
          return { locked, outcomes };
        });
        await Promise.all(done.outcomes.map(([, outcome]) => outcome.saved));
        batch = done;
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw error;
        log.warn({ err: error, conversations: ready.length }, "a batch of turns failed; each is handled on its own");
      }
    }
    for (const [conversationId, outcome] of batch.outcomes) {
      announce(outcome);
      if (outcome.consult) finishInBackground(conversationId, consultThenContinue(conversationId, outcome.consult, options.afterModel));
    }
    for (const conversationId of ready) {
      if (batch.locked.has(conversationId)) continue;
      try {
        await processConversation(conversationId, { waitForModel: false, ...(options.afterModel ? { afterModel: options.afterModel } : {}) });
      } catch (error) {
        // The others still get their turn.
        if (isDatabaseUnavailable(error)) throw error;
        log.error({ err: error, conversationId }, "handling an accepted message failed; recovery will retry");
      }
    }
  }

  /** A consultation nobody waits for: a failure is logged, and recovery handles the message later. */
  function finishInBackground(conversationId: string, consultation: Promise<unknown>) {
    consultation.catch((error: unknown) => log.error({ err: error, conversationId }, "finishing a turn after the language model failed; recovery will retry"));
  }

  /** Another message of a conversation waiting on a model: the consultation handles it next, in order. */
  async function joinConsultation(waiting: { again: boolean; done: Promise<void> }): Promise<Map<number, StoredOutbound[]>> {
    waiting.again = true;
    await waiting.done;
    return new Map();
  }

  /**
   * Asks the model(s) with no transaction open and no lock held — a pooled connection
   * idle in transaction for seconds would stall everyone — then handles the message under
   * the lock with the answers, and whatever came after it (asking again if needed).
   */
  async function consultThenContinue(conversationId: string, first: Consultation, afterModel: TurnGate = atOnce): Promise<Map<number, StoredOutbound[]>> {
    const waiting = consulting.get(conversationId);
    if (waiting) return joinConsultation(waiting);
    let finish = () => {};
    const entry = { again: false, done: new Promise<void>((resolve) => (finish = resolve)) };
    consulting.set(conversationId, entry);
    const handled = new Map<number, StoredOutbound[]>();
    try {
      let next: Consultation | null = first;
      while (next) {
        const consultation: Consultation = next;
        const answers = await askModels(consultation.asks, { ...needsDeps, db });
        const outcome: TurnOutcome = await afterModel(() => db.transaction((tx) => handleTurn(tx, conversationId, { answered: { ...consultation, answers } })));
        announce(outcome);
        mergeHandled(handled, outcome.handled);
        next = outcome.consult;
        if (!next && entry.again) {
          // A message stored while the model thought may not have been in that turn's reading.
          entry.again = false;
          const more: TurnOutcome = await afterModel(() => db.transaction((tx) => handleTurn(tx, conversationId)));
          announce(more);
          mergeHandled(handled, more.handled);
          next = more.consult;
        }
      }
    } finally {
      consulting.delete(conversationId);
      finish();
    }
    return handled;
  }

  function announce(outcome: TurnOutcome) {
    for (const [id, channel] of outcome.touched) {
      const claim = outcome.claimed.get(id);
      const handover = handovers.get(channel);
      if (claim && handover) {
        handover.deliver(id, claim.deliveries, claim.complete);
        continue;
      }
      events.emit("outbound", id, channel);
    }
  }

  /**
   * Handles the pending messages of the conversation, in order, under its lock, inside
   * `tx`; stops before a message whose step wants a model's answer (`consult`), unless
   * `answered` brings it.
   */
  async function handleTurn(
    tx: Db,
    conversationId: string,
    options: { locked?: boolean; loaded?: Turn | null; answered?: Consultation & { answers: AskAnswers }; deferSaves?: boolean } = {},
  ): Promise<TurnOutcome> {
    const outcome: TurnOutcome = { handled: new Map(), touched: new Map(), current: null, claimed: new Map(), consult: null, saved: Promise.resolve() };
    const { handled, touched } = outcome;
    const now = clock.now();
    // `loaded`: locked and read by the caller in this transaction (a batch, lockTurns).
    const turn = options.loaded !== undefined ? options.loaded : await lockTurn(tx, conversationId, now, { alreadyLocked: options.locked === true });
    if (!turn || turn.pending.length === 0) return outcome;
    let { contact, status, session } = turn;
    const watched = WATCHED_STATUSES.has(status);
    // The funnel's first step, once: only the conversation's first turn pays for it.
    if (turn.handledCount === 0 && turn.identityId && status !== "closed") {
      await appendMilestone(tx, { conversationId, type: "started", actor: { kind: "contact", id: contact.id }, language: contact.language, siteId: null, at: now });
    }
    const handover = handovers.get(turn.channel);
    const lease = handover ? leaseOf(now, handover.leaseMs) : null;
    let targetConversationId = conversationId;
    // A message's save is not awaited before the next message's work: nothing in the next
    // step reads its answer, and statements run in the order they were sent, so the
    // saves of a turn (and of a batch's turns, and the COMMIT after them) share round trips.
    const saves: Promise<void>[] = [];
    for (const message of turn.pending) {
      if (status === "closed" || !turn.identityId) {
        // The person erased their data earlier in this batch: keep nothing, answer nothing.
        await dropInbound(tx, message.id, now);
        continue;
      }
      const stamp = JSON.stringify([status, session]);
      const answered = options.answered?.messageId === message.id ? options.answered : undefined;
      // Asked in another state (an advisor took over, the flow changed): the rules' reading stands.
      const answers = answered ? (answered.stamp === stamp ? answered.answers : []) : undefined;
      const stepped = await runStep(tx, message, session, contact, status, turn.channel, now, answers);
      if ("consult" in stepped) {
        outcome.consult = { messageId: message.id, stamp, asks: stepped.consult };
        break;
      }
      let result = stepped.result;
      if (result.effects.length > 0) {
        const target = { contact, conversationId, identityId: turn.identityId, channel: turn.channel, inboundId: message.id, ...caps };
        let applied = await applyEffects(tx, result.effects, target, now);
        if (applied.refused) {
          // The database refused an effect (someone else got the slot): use the step's plan B.
          result = applied.refused;
          applied = await applyEffects(tx, result.effects, { ...target, contact: applied.contact }, now);
        }
        contact = applied.contact;
        if (applied.conversationStatus) status = applied.conversationStatus;
        if (applied.erasedIntoConversationId) {
          targetConversationId = applied.erasedIntoConversationId;
          status = "closed";
          // Whoever follows the old conversation (a web chat page) hears of the move and looks again.
          touched.set(conversationId, turn.channel);
        }
      }
      // Law 09-08: before consent, what the person typed is not kept once it is handled.
      const keepContent = contact.consent === "given" || message.kind === "choice" || message.kind === "start";
      // After an erasure the replies go to a new conversation: the outbox finds them there.
      const claim = lease && targetConversationId === conversationId && turn.address ? { lease } : null;
      const repliesGoTo = targetConversationId;
      const contactId = contact.id;
      const saving = saveTurn(tx, {
        conversationId,
        targetConversationId,
        channel: turn.channel,
        inboundId: message.id,
        redactInbound: !keepContent,
        replies: result.messages.map((outbound) => ({ kind: outbound.kind, content: outbound })),
        state: result.state,
        now,
        sessionTtlMs: deps.flowSessionTtlMs,
        claim,
      }).then((saved) => {
        handled.set(message.id, saved.map(savedToStored));
        if (saved.length === 0) return;
        touched.set(repliesGoTo, turn.channel);
        const claimed = outcome.claimed.get(repliesGoTo) ?? { deliveries: [], complete: true };
        for (const reply of saved) {
          if (!reply.claimed) claimed.complete = false;
          else claimed.deliveries.push({ id: reply.id, channel: reply.channel, content: reply.content, attempts: 0, nextAttemptAt: null, address: turn.address, contactId });
        }
        outcome.claimed.set(repliesGoTo, claimed);
      });
      // Observed through outcome.saved; without this, a failure seen before then would be an unhandled rejection.
      saving.catch(() => {});
      saves.push(saving);
      session = result.state;
    }
    if (watched || WATCHED_STATUSES.has(status)) await notifyConversationChanged(tx, conversationId);
    outcome.current = targetConversationId;
    outcome.saved = Promise.all(saves).then(() => {});
    // A caller whose transaction failed before it could await this (another turn of the batch
    // threw) has its failure already: this one must not surface as an unhandled rejection.
    outcome.saved.catch(() => {});
    // `deferSaves`: the caller awaits outcome.saved once the transaction returned, so the
    // COMMIT goes out behind the saves instead of a round trip after them.
    if (!options.deferSaves) await outcome.saved;
    return outcome;
  }

  /** A lease instant unique to this turn (as text: microseconds, which a Date cannot hold). */
  function leaseOf(now: Date, leaseMs: number): string {
    leaseSequence = (leaseSequence + 1) % 1000;
    return new Date(now.getTime() + leaseMs).toISOString().replace("Z", `${String(leaseSequence).padStart(3, "0")}Z`);
  }

  async function runSystemStep(tx: Db, conversationId: string, step: SystemStep): Promise<StoredOutbound[]> {
    const now = clock.now();
    const turn = await lockTurn(tx, conversationId, now);
    if (!turn || !turn.identityId || turn.status === "closed") return [];
    const ctx = contextFor(turn.contact, turn.status, turn.channel, now);
    await loadSystemStepNeeds(tx, ctx, needsDeps);
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

  /**
   * One message's step: what it needs loaded (the registry in step-needs.ts), then either
   * the questions for a model it wants answered first (`consult`: asked outside the
   * transaction, then this runs again with `answers`) or its result. `answers` given,
   * even empty: no model is asked again.
   */
  async function runStep(
    tx: Db,
    message: PendingInbound,
    session: Parameters<typeof route>[0],
    contact: FlowContext["contact"],
    status: FlowContext["conversationStatus"],
    channel: ChannelName,
    now: Date,
    answers: AskAnswers | undefined,
  ): Promise<{ result: StepResult } | { consult: PendingAsks }> {
    const ctx = contextFor(contact, status, channel, now);
    const content: InboundContent | null = parseInboundContent(message.kind, message.content);
    try {
      if (!content) throw new Error(`unreadable inbound content of kind ${message.kind}`);
      const linking = staffLinkStep(session ?? INITIAL_STATE, content, ctx);
      if (linking) return { result: linking };
      let intent: string | null | undefined;
      const typedIntent = () => (intent ??= content.kind === "text" ? understand(content.text, { now, languageHint: ctx.lang }).intent : null);
      // "4" or "Prendre rendez-vous" typed at the menu is that option: its journey's data is loaded as for the button.
      const typedOption = content.kind === "text" && session ? matchChoice(tidyTypography(cleanText(content.text)), session.offered, { contained: false }) : null;
      const asked: InboundContent = typedOption ? { kind: "choice", choiceId: typedOption.id } : content;
      const input: NeedsInput = { session, content, asked, typedIntent };
      await loadStepNeeds(tx, input, ctx, needsDeps);
      if (answers) putAnswers(ctx, answers);
      else {
        const asks = stepAsks(input, ctx, needsDeps);
        if (asks.length > 0) return { consult: asks };
      }
      return { result: route(session, content, ctx) };
    } catch (error) {
      // A bug in one step must not wedge the conversation: apologise and keep the state.
      log.error({ err: error, messageId: message.id }, "flow step failed");
      return {
        result: {
          state: session ?? { flow: "menu", step: "main", data: {}, offered: [] },
          messages: [{ kind: "text", text: ctx.t("common:error") }],
          effects: [],
        },
      };
    }
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

  function handOver(channels: ReadonlySet<string>, leaseMs: number, deliver: ClaimedRepliesHandler): () => void {
    const handover = { leaseMs, deliver };
    for (const channel of channels) handovers.set(channel, handover);
    return () => {
      for (const channel of channels) if (handovers.get(channel) === handover) handovers.delete(channel);
    };
  }

  return { receive, accept, take, handOver, processConversation, processConversations, recoverUnhandled, runSystemStep, events };
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

function mergeHandled(into: Map<number, StoredOutbound[]>, more: Map<number, StoredOutbound[]>): Map<number, StoredOutbound[]> {
  for (const [id, replies] of more) into.set(id, replies);
  return into;
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
