import { recordAudit } from "../../db/audit.ts";
import type { Db } from "../../db/client.ts";
import { findEventByKey, insertNote } from "../../db/conversation-events.ts";
import type { ConversationRow } from "../../db/conversations.ts";
import { lockConversation, sitesWithUnassignedWaiting, siteIdsOfAdvisor, touchConsolePresence } from "../../db/conversations.ts";
import { addContactLabel, removeContactLabel } from "../../db/labels.ts";
import { insertOutbound } from "../../db/messages.ts";
import { notifyConversationChanged } from "../../db/notify.ts";
import { findStaffUserById } from "../../db/staff.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import type { Logger } from "../../lib/logger.ts";
import type { Engine, StoredOutbound } from "../core/engine.ts";
import { isLang, type ChannelName, type Lang, type Outbound } from "../core/types.ts";
import type { Translator } from "../i18n.ts";
import { contacts } from "../../db/schema/index.ts";
import { eq } from "drizzle-orm";
import { readConversationWindow } from "./message-window.ts";
import { advisorJoined, botIsBack } from "../flows/handoff/index.ts";
import { addressed } from "../flows/types.ts";
import { canSee, firstNameOf, supervises, type ConsoleActor } from "./access.ts";
import { autoAssign, markAdvisorReplied, markAssigned, markNoteAdded, markReleased, markTakenOver } from "./transitions.ts";

/** Presence is written at most this often per advisor (the console's stream beats every 30 s). */
const PRESENCE_WRITE_MS = 30_000;

export interface ConversationServiceDeps {
  db: Db;
  engine: Pick<Engine, "runSystemStep" | "events">;
  clock: Clock;
  log: Logger;
  /** Which WhatsApp carries `whatsapp` conversations: the Cloud API has a 24-hour window (message-window.ts). */
  whatsappProvider?: "web" | "cloud";
  /** The «your advisor answered» notice in the person's language. */
  translator?: Translator;
}

/** The outcome of a write: the conversation as it now stands. */
export interface ConversationChange {
  conversation: ConversationRow;
  /** The reply's message id (reply) or the note's id (note); a repeated request gets the first one's. */
  createdId?: number;
  /** True when this request had already been carried out (same client id): nothing was done again. */
  duplicate?: boolean;
}

/**
 * What advisors and staff do to a conversation: take it over, reply on the person's own
 * channel, write private notes, hand it back to the bot or mark it resolved, (re)assign it.
 * Each runs in one transaction under the conversation's row lock — the lock the engine
 * takes for a person's message — and goes through transitions.ts (row, event log, live
 * feed), plus the audit log. What the person is told comes from the handoff flow, run by
 * the engine as a system step, so it is in their language and through the outbox.
 */
export function createConversationService(deps: ConversationServiceDeps) {
  const { db, clock } = deps;

  /** Locks, checks the actor may see it, runs `work`; a refusal is audited outside the rolled-back transaction. */
  async function withConversation<T>(
    actor: ConsoleActor,
    id: string,
    action: string,
    work: (tx: Db, row: ConversationRow, queued: StoredOutbound[]) => Promise<T>,
    details: Record<string, unknown> = {},
  ) {
    const queued: StoredOutbound[] = [];
    const outcome = await db.transaction(async (tx) => {
      const row = await lockConversation(tx, id);
      if (!row) return { kind: "missing" as const };
      if (!canSee(actor, row)) return { kind: "denied" as const, row };
      if (row.status === "closed") return { kind: "closed" as const };
      const value = await work(tx, row, queued);
      await audit(tx, actor, action, id, details);
      return { kind: "done" as const, value };
    });
    if (outcome.kind === "missing") throw new AppError("not_found", "no conversation with this id", 404);
    if (outcome.kind === "denied") {
      await audit(db, actor, "conversation.access_denied", id, { attempted: action, siteId: outcome.row.siteId });
      throw new AppError("forbidden", "this conversation belongs to a site you do not work at", 403);
    }
    if (outcome.kind === "closed") throw new AppError("conversation_closed", "this conversation is closed: the person erased their data", 409);
    announce(queued);
    return outcome.value;
  }

  function announce(queued: StoredOutbound[]) {
    const seen = new Set<string>();
    for (const reply of queued) {
      if (seen.has(reply.conversationId)) continue;
      seen.add(reply.conversationId);
      deps.engine.events.emit("outbound", reply.conversationId, reply.channel);
    }
  }

  function audit(tx: Db, actor: ConsoleActor, action: string, conversationId: string, details: Record<string, unknown>) {
    return recordAudit(tx, {
      at: clock.now(),
      actorType: actor.audit.actorType,
      actorId: actor.audit.actorId,
      action,
      subjectType: "conversation",
      subjectId: conversationId,
      details,
      ip: actor.audit.ip,
    });
  }

  /** Someone else holds it: nobody talks over them (staff reassign first). */
  function refuseIfHeldByOther(row: ConversationRow, actor: ConsoleActor, holderName: string | null) {
    if (row.status === "advisor" && row.assigneeId !== actor.id) {
      throw new AppError("already_taken", `${holderName ?? "another advisor"} already holds this conversation`, 409, {
        holder: row.assigneeId ? { id: row.assigneeId, name: holderName } : null,
      });
    }
  }

  async function holderName(tx: Db, row: ConversationRow): Promise<string | null> {
    return row.assigneeId ? ((await findStaffUserById(tx, row.assigneeId))?.name ?? null) : null;
  }

  /** Takes the conversation from the bot or the queue and tells the person who answers. */
  async function takeOverLocked(tx: Db, row: ConversationRow, actor: ConsoleActor, queued: StoredOutbound[]): Promise<ConversationRow> {
    refuseIfHeldByOther(row, actor, await holderName(tx, row));
    if (row.status === "advisor") return row; // already theirs: a second click changes nothing
    const taken = await markTakenOver(tx, row, actor.id, clock.now());
    const advisor = { firstName: firstNameOf(actor.name), siteId: taken.siteId };
    queued.push(...(await deps.engine.runSystemStep(tx, row.id, (_state, ctx) => advisorJoined(addressed(ctx), advisor))));
    return taken;
  }

  /** Writes the advisor's message into the outbox on the person's channel and records the reply (first response time). */
  async function sendAsAdvisor(tx: Db, held: ConversationRow, actor: ConsoleActor, message: Outbound, key: string, queued: StoredOutbound[]): Promise<ConversationChange> {
    const [stored] = await insertOutbound(tx, [
      { conversationId: held.id, channel: held.channel, replyToId: null, author: "advisor", authorStaffId: actor.id, kind: message.kind, content: { ...message } },
    ]);
    if (!stored) throw new Error("advisor message insert returned nothing");
    queued.push({ id: stored.id, conversationId: held.id, channel: held.channel as ChannelName, message });
    const conversation = await markAdvisorReplied(tx, held, actor.id, stored.id, clock.now(), key);
    return { conversation, createdId: stored.id };
  }

  return {
    /** Reads are accesses too: every opening of a conversation is audited. */
    async recordOpened(actor: ConsoleActor, row: Pick<ConversationRow, "id" | "siteId">): Promise<void> {
      if (!canSee(actor, row)) {
        await audit(db, actor, "conversation.access_denied", row.id, { attempted: "conversation.opened", siteId: row.siteId });
        throw new AppError("forbidden", "this conversation belongs to a site you do not work at", 403);
      }
      await audit(db, actor, "conversation.opened", row.id, {});
    },

    takeOver(actor: ConsoleActor, id: string): Promise<ConversationChange> {
      return withConversation(actor, id, "conversation.taken_over", async (tx, row, queued) => ({ conversation: await takeOverLocked(tx, row, actor, queued) }));
    },

    /**
     * Sends the advisor's words on the person's own channel (through the outbox). A public
     * reply takes the conversation over first when nobody holds it, so the bot falls silent.
     */
    reply(actor: ConsoleActor, id: string, input: { text: string; clientMessageId: string }): Promise<ConversationChange> {
      return withConversation(actor, id, "conversation.replied", async (tx, row, queued) => {
        const key = `reply:${input.clientMessageId}`;
        const earlier = await findEventByKey(tx, id, key);
        if (earlier) return { conversation: row, createdId: Number(earlier.data.messageId), duplicate: true };
        if (!row.identityId) throw new AppError("conversation_closed", "this person can no longer be reached", 409);
        // Free text only inside the channel's window; outside it the console offers the «advisor answered» template.
        const window = await readConversationWindow(tx, row, deps.whatsappProvider ?? "web", clock.now());
        if (window && !window.open) {
          throw new AppError("window_closed", "WhatsApp's 24-hour window is closed: send the «your advisor answered» template instead", 409, {
            closesAt: window.closesAt?.toISOString() ?? null,
          });
        }
        const held = await takeOverLocked(tx, row, actor, queued);
        return sendAsAdvisor(tx, held, actor, { kind: "advisor", text: input.text, sender: firstNameOf(actor.name) }, key, queued);
      });
    },

    /**
     * Tells the person their advisor answered and invites them to write (outside WhatsApp's
     * window this goes as the approved template; the advisor replies once the person writes).
     */
    notifyAnswered(actor: ConsoleActor, id: string, input: { clientMessageId: string }): Promise<ConversationChange> {
      return withConversation(actor, id, "conversation.notified", async (tx, row, queued) => {
        const key = `notify:${input.clientMessageId}`;
        const earlier = await findEventByKey(tx, id, key);
        if (earlier) return { conversation: row, createdId: Number(earlier.data.messageId), duplicate: true };
        if (!row.identityId) throw new AppError("conversation_closed", "this person can no longer be reached", 409);
        const held = await takeOverLocked(tx, row, actor, queued);
        const advisor = firstNameOf(actor.name);
        const [contact] = await tx.select({ language: contacts.language, firstName: contacts.firstName }).from(contacts).where(eq(contacts.id, row.contactId));
        const lang: Lang = isLang(contact?.language) ? contact.language : "fr";
        const text = deps.translator?.forLang(lang)("handoff:advisorAnswered", { advisor }) ?? advisor;
        const message: Outbound = { kind: "text", text, notice: { template: "advisor_replied", values: { advisor, name: contact?.firstName ?? "" } } };
        return sendAsAdvisor(tx, held, actor, message, key, queued);
      });
    },

    addNote(actor: ConsoleActor, id: string, input: { text: string; clientMessageId: string }): Promise<ConversationChange> {
      return withConversation(actor, id, "conversation.note_added", async (tx, row) => {
        const key = `note:${input.clientMessageId}`;
        const earlier = await findEventByKey(tx, id, key);
        if (earlier) return { conversation: row, createdId: Number(earlier.data.noteId), duplicate: true };
        const noteId = await insertNote(tx, { conversationId: id, authorId: actor.id, text: input.text, at: clock.now() });
        return { conversation: await markNoteAdded(tx, row, actor.id, noteId, clock.now(), key), createdId: noteId };
      });
    },

    /** Hands the conversation back to the bot (`released`) or marks the question settled (`resolved`); the bot says it is back. */
    handBack(actor: ConsoleActor, id: string, how: "released" | "resolved"): Promise<ConversationChange> {
      return withConversation(actor, id, `conversation.${how}`, async (tx, row, queued) => {
        if (row.status === "bot") return { conversation: row, duplicate: true };
        if (row.status === "advisor" && row.assigneeId !== actor.id && !supervises(actor)) {
          throw new AppError("not_holder", `${(await holderName(tx, row)) ?? "another advisor"} holds this conversation; only they or staff can hand it back`, 409);
        }
        const conversation = await markReleased(tx, row, { kind: "staff", id: actor.id }, how, clock.now());
        const by = { advisorId: row.assigneeId, siteId: row.siteId };
        queued.push(...(await deps.engine.runSystemStep(tx, id, (_state, ctx) => botIsBack(addressed(ctx), how, by))));
        return { conversation };
      });
    },

    /**
     * Puts a label on the person (or takes it off): audited with the label, and every open
     * console hears of it. The event log stays free of what staff write.
     */
    setLabel(actor: ConsoleActor, id: string, label: string, on: boolean): Promise<ConversationChange> {
      return withConversation(actor, id, on ? "conversation.labelled" : "conversation.unlabelled", async (tx, row) => {
        const changed = on
          ? await addContactLabel(tx, { contactId: row.contactId, label, createdBy: actor.id, at: clock.now() })
          : await removeContactLabel(tx, row.contactId, label);
        if (changed) await notifyConversationChanged(tx, id);
        return { conversation: row, duplicate: !changed };
      }, { label });
    },

    /** Staff give the conversation to an advisor of its site, or back to the queue (null). */
    async assign(actor: ConsoleActor, id: string, assigneeId: string | null): Promise<ConversationChange> {
      if (!supervises(actor)) throw new AppError("forbidden", "only staff and admins assign conversations", 403);
      return withConversation(actor, id, "conversation.assigned", async (tx, row, queued) => {
        if (row.assigneeId === assigneeId) return { conversation: row, duplicate: true };
        let firstName: string | null = null;
        if (assigneeId) {
          const advisor = await findStaffUserById(tx, assigneeId);
          if (!advisor || advisor.role !== "advisor" || advisor.disabledAt) throw new AppError("invalid_request", "assigneeId is not an enabled advisor", 400);
          if (row.siteId && !(await siteIdsOfAdvisor(tx, assigneeId)).includes(row.siteId)) {
            throw new AppError("advisor_not_at_site", `${advisor.name} does not work at this conversation's site`, 400);
          }
          firstName = firstNameOf(advisor.name);
        }
        const conversation = await markAssigned(tx, row, assigneeId, { kind: "staff", id: actor.id }, "staff", clock.now());
        // Handed to another advisor mid-conversation: the person learns who answers now.
        if (conversation.status === "advisor" && firstName) {
          const advisor = { firstName, siteId: conversation.siteId };
          queued.push(...(await deps.engine.runSystemStep(tx, id, (_state, ctx) => advisorJoined(addressed(ctx), advisor))));
        }
        return { conversation };
      });
    },

    /**
     * The console is open: the advisor counts as present for auto-assignment, and the
     * people waiting at their sites are handed out (at most once per PRESENCE_WRITE_MS).
     */
    async markPresent(actor: ConsoleActor): Promise<void> {
      const now = clock.now();
      const refreshed = await touchConsolePresence(db, actor.id, now, new Date(now.getTime() - PRESENCE_WRITE_MS));
      if (!refreshed || actor.role !== "advisor") return;
      for (const siteId of actor.siteIds) await db.transaction((tx) => autoAssign(tx, siteId, now));
    },

    /** Hands out every site's unassigned waiting conversations (a worker runs this now and then). */
    async assignWaiting(): Promise<number> {
      const now = clock.now();
      let assigned = 0;
      for (const siteId of await sitesWithUnassignedWaiting(db)) assigned += await db.transaction((tx) => autoAssign(tx, siteId, now));
      return assigned;
    },
  };
}

export type ConversationService = ReturnType<typeof createConversationService>;
