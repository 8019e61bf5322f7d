import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { appendEvent } from "../../db/conversation-events.ts";
import type { ConversationPatch, ConversationRow } from "../../db/conversations.ts";
import { listAssignmentCandidates, lockUnassignedWaiting, updateConversation } from "../../db/conversations.ts";
import { scheduleJob } from "../../db/jobs.ts";
import { notifyConversationChanged } from "../../db/notify.ts";
import { queryRows } from "../../db/sql.ts";
import { ONLINE_WINDOW_MS, pickAdvisor } from "./assignment.ts";
import type { ConversationEvent, EventActor } from "./events.ts";
import { waitingAlertJob } from "./staff-alerts.ts";

/**
 * The one write path of a conversation's handoff state: who speaks (status), who holds it
 * (assignee) and the clocks of the latest request. Every change here writes the row, one
 * event in the append-only log and a live-feed notification, inside the caller's
 * transaction, which must hold the conversation's row lock (lockConversation or the
 * engine's turn lock). Person-facing messages are the caller's: see service.ts.
 */

async function apply(
  tx: Db,
  conversation: ConversationRow,
  patch: ConversationPatch,
  actor: EventActor,
  event: ConversationEvent,
  at: Date,
  idempotencyKey?: string,
): Promise<ConversationRow> {
  const row = await updateConversation(tx, conversation.id, patch, at);
  await appendEvent(tx, { conversationId: row.id, contactId: row.contactId, actor, event, at, ...(idempotencyKey ? { idempotencyKey } : {}) });
  await notifyConversationChanged(tx, row.id);
  return row;
}

/** The person asked for a human: into the site's queue, then to a present advisor with room, if any. */
export async function markHandoffRequested(
  tx: Db,
  conversation: ConversationRow,
  request: { siteId: string | null; openNow: boolean; messageId: number | null },
  at: Date,
): Promise<ConversationRow> {
  const row = await apply(
    tx,
    conversation,
    {
      status: "waiting",
      siteId: request.siteId,
      waitingSince: at,
      handoffRequestedAt: at,
      handoffMessageId: request.messageId,
      assigneeId: null,
      assignedAt: null,
      firstResponseAt: null,
    },
    { kind: "contact", id: conversation.contactId },
    { type: "handoff_requested", siteId: request.siteId, openNow: request.openNow },
    at,
  );
  if (request.siteId) {
    await autoAssign(tx, request.siteId, at);
    // Advisors of the site whose console is closed hear of it on their own chat, if they linked one.
    await scheduleJob(tx, waitingAlertJob(row.id, request.siteId, at));
  }
  return row;
}

export function markHandoffCancelled(tx: Db, conversation: ConversationRow, at: Date): Promise<ConversationRow> {
  return apply(
    tx,
    conversation,
    { status: "bot", waitingSince: null, assigneeId: null, assignedAt: null },
    { kind: "contact", id: conversation.contactId },
    { type: "handoff_cancelled" },
    at,
  );
}

export function markTakenOver(tx: Db, conversation: ConversationRow, advisorId: string, at: Date): Promise<ConversationRow> {
  const previousStatus = conversation.status === "closed" ? "bot" : conversation.status;
  const fresh = conversation.status === "bot";
  return apply(
    tx,
    conversation,
    {
      status: "advisor",
      assigneeId: advisorId,
      assignedAt: conversation.assigneeId === advisorId ? conversation.assignedAt : at,
      // Taken from the bot without a request: the advisor starts the exchange, nobody waited.
      ...(fresh ? { handoffRequestedAt: at, waitingSince: null, firstResponseAt: null } : {}),
    },
    { kind: "staff", id: advisorId },
    { type: "taken_over", advisorId, previousStatus },
    at,
  );
}

/** A reply is in the outbox: the first one since the request stops the waiting clock. */
export function markAdvisorReplied(tx: Db, conversation: ConversationRow, advisorId: string, messageId: number, at: Date, idempotencyKey: string) {
  const first = conversation.firstResponseAt === null;
  const since = conversation.waitingSince ?? conversation.handoffRequestedAt;
  const firstResponseSeconds = first && since ? Math.max(0, Math.round((at.getTime() - since.getTime()) / 1000)) : null;
  return apply(
    tx,
    conversation,
    first ? { firstResponseAt: at, waitingSince: null } : {},
    { kind: "staff", id: advisorId },
    { type: "advisor_replied", messageId, firstResponseSeconds },
    at,
    idempotencyKey,
  );
}

/** Back to the bot; `resolved` when the question is settled. Frees the advisor's room for the next in the queue. */
export async function markReleased(tx: Db, conversation: ConversationRow, actor: EventActor, how: "released" | "resolved", at: Date): Promise<ConversationRow> {
  const advisorId = conversation.assigneeId;
  const row = await apply(tx, conversation, { status: "bot", assigneeId: null, waitingSince: null }, actor, { type: how, advisorId }, at);
  if (conversation.siteId) await autoAssign(tx, conversation.siteId, at);
  return row;
}

/**
 * Staff give the conversation to an advisor, or back to the site's queue (null). A held
 * conversation moves to its new holder; one taken from its holder waits again.
 */
export function markAssigned(tx: Db, conversation: ConversationRow, assigneeId: string | null, actor: EventActor, by: "auto" | "staff", at: Date) {
  const patch: ConversationPatch = { assigneeId, assignedAt: assigneeId ? at : null };
  if (assigneeId === null && conversation.status === "advisor") Object.assign(patch, { status: "waiting", waitingSince: at });
  return apply(tx, conversation, patch, actor, { type: "assigned", assigneeId, previousAssigneeId: conversation.assigneeId, by }, at);
}

/**
 * Gives the site's unassigned waiting conversations, oldest first, to present advisors
 * with room (pickAdvisor). Under a per-site advisory lock, so two processes never hand out
 * the same advisor's last place twice. Returns how many were assigned.
 */
export async function autoAssign(tx: Db, siteId: string, at: Date): Promise<number> {
  await queryRows(tx, sql`select pg_advisory_xact_lock(hashtextextended(${`assign:${siteId}`}, 0))`);
  const candidates = await listAssignmentCandidates(tx, siteId, new Date(at.getTime() - ONLINE_WINDOW_MS));
  if (candidates.length === 0) return 0;
  const room = candidates.reduce((sum, candidate) => sum + Math.max(0, candidate.capacity - candidate.open), 0);
  if (room === 0) return 0;
  let assigned = 0;
  for (const conversation of await lockUnassignedWaiting(tx, siteId, room)) {
    const advisorId = pickAdvisor(candidates);
    if (!advisorId) break;
    await markAssigned(tx, conversation, advisorId, { kind: "system", id: null }, "auto", at);
    const chosen = candidates.find((candidate) => candidate.advisorId === advisorId)!;
    chosen.open += 1;
    chosen.lastAssignedAt = at;
    assigned += 1;
  }
  return assigned;
}

/** A private note: nothing changes for the person; the log and the consoles learn of it. */
export function markNoteAdded(tx: Db, conversation: ConversationRow, staffId: string, noteId: number, at: Date, idempotencyKey: string) {
  return apply(tx, conversation, {}, { kind: "staff", id: staffId }, { type: "note_added", noteId }, at, idempotencyKey);
}
