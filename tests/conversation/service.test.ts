import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findConversation } from "../../db/conversations.ts";
import { auditLog, conversationEvents, conversationNotes, staffUsers } from "../../db/schema/index.ts";
import { AppError } from "../../lib/errors.ts";
import { addAdvisorAt, addSite, addStaffUser } from "../booking/booking-fixture.ts";
import { actorFor, conversationOfUser, eventTypes, outboundOf, personWaitingAt } from "../helpers/console.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
beforeAll(async () => {
  runtime = await openTestRuntime();
});
afterAll(() => runtime.close());

const db = () => runtime.database.db;
const service = () => runtime.conversations;

/** Marks advisors' consoles as open now: only present advisors are given conversations. */
async function present(...advisorIds: string[]) {
  for (const id of advisorIds) await db().update(staffUsers).set({ consoleSeenAt: runtime.clock.now() }).where(eq(staffUsers.id, id));
}

async function setCapacity(advisorId: string, max: number) {
  await db().update(staffUsers).set({ maxOpenConversations: max }).where(eq(staffUsers.id, advisorId));
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

async function auditActions(conversationId: string) {
  const rows = await db().select({ action: auditLog.action, actorId: auditLog.actorId }).from(auditLog).where(and(eq(auditLog.subjectType, "conversation"), eq(auditLog.subjectId, conversationId)));
  return rows;
}

describe("taking a conversation over", () => {
  it("lets exactly one of two advisors win when both take it over at once; the other is told who holds it", async () => {
    const site = await addSite(db());
    const [a, b] = [await addAdvisorAt(db(), site.id), await addAdvisorAt(db(), site.id)];
    await db().update(staffUsers).set({ name: "Samira Alaoui" }).where(eq(staffUsers.id, a!));
    await db().update(staffUsers).set({ name: "Karim Idrissi" }).where(eq(staffUsers.id, b!));
    const { user } = await personWaitingAt(runtime, site.id);
    const conversation = await conversationOfUser(db(), user);
    const [actorA, actorB] = [await actorFor(db(), a!), await actorFor(db(), b!)];

    // On PostgreSQL the two run on two connections at the same time; the row lock decides.
    const outcomes = await Promise.allSettled([service().takeOver(actorA, conversation.id), service().takeOver(actorB, conversation.id)]);
    const won = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const lost = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const loser = (lost[0] as PromiseRejectedResult).reason as AppError;
    expect(loser).toBeInstanceOf(AppError);
    expect(loser.code).toBe("already_taken");
    expect(loser.status).toBe(409);

    const holder = (await conversationOfUser(db(), user)).assigneeId;
    const holderName = holder === a ? "Samira Alaoui" : "Karim Idrissi";
    expect(loser.message).toContain(holderName);
    expect(loser.details).toEqual({ holder: { id: holder, name: holderName } });
    // One takeover, one notice to the person, naming only the winner's first name.
    expect(await eventTypes(db(), conversation.id)).toEqual(["handoff_requested", "taken_over"]);
    const notices = (await outboundOf(db(), conversation.id)).filter((row) => JSON.stringify(row.content).includes("prend la conversation"));
    expect(notices).toHaveLength(1);
    expect(JSON.stringify(notices[0]?.content)).toContain(holderName.split(" ")[0]);
    expect(JSON.stringify(notices[0]?.content)).not.toContain(holderName.split(" ")[1]);
  });

  it("refuses an advisor of another site with 403, and audits both the refusal and every opening", async () => {
    const [ours, theirs] = [await addSite(db()), await addSite(db())];
    const stranger = await actorFor(db(), await addAdvisorAt(db(), theirs.id));
    const colleague = await actorFor(db(), await addAdvisorAt(db(), ours.id));
    const { user } = await personWaitingAt(runtime, ours.id);
    const conversation = await conversationOfUser(db(), user);

    const denied = await refusal(service().takeOver(stranger, conversation.id));
    expect([denied.status, denied.code]).toEqual([403, "forbidden"]);
    await expect(service().recordOpened(stranger, conversation)).rejects.toMatchObject({ status: 403 });
    await service().recordOpened(colleague, conversation);
    await service().takeOver(colleague, conversation.id);

    const audit = await auditActions(conversation.id);
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: "conversation.access_denied", actorId: stranger.id },
        { action: "conversation.opened", actorId: colleague.id },
        { action: "conversation.taken_over", actorId: colleague.id },
      ]),
    );
    expect(audit.filter((row) => row.action === "conversation.access_denied")).toHaveLength(2);
    expect((await conversationOfUser(db(), user)).assigneeId).toBe(colleague.id);
  });

  it("lets staff see every site, and only staff hand a conversation to an advisor who works there", async () => {
    const site = await addSite(db());
    const advisor = await addAdvisorAt(db(), site.id);
    const elsewhere = await addAdvisorAt(db(), (await addSite(db())).id);
    const staff = await actorFor(db(), await addStaffUser(db(), "staff", "Nadia Staff"));
    const { user } = await personWaitingAt(runtime, site.id);
    const conversation = await conversationOfUser(db(), user);

    expect((await refusal(service().assign(await actorFor(db(), advisor), conversation.id, advisor))).status).toBe(403);
    expect((await refusal(service().assign(staff, conversation.id, elsewhere))).code).toBe("advisor_not_at_site");
    await service().assign(staff, conversation.id, advisor);
    expect(await conversationOfUser(db(), user)).toMatchObject({ status: "waiting", assigneeId: advisor });
    // The assignee replies: the reply takes the conversation over.
    await service().reply(await actorFor(db(), advisor), conversation.id, { text: "Bonjour", clientMessageId: "a1" });
    expect(await conversationOfUser(db(), user)).toMatchObject({ status: "advisor", assigneeId: advisor });
    // Staff unassign a held conversation: it waits in the site's queue again.
    await service().assign(staff, conversation.id, null);
    expect(await conversationOfUser(db(), user)).toMatchObject({ status: "waiting", assigneeId: null });
  });
});

describe("replying", () => {
  it("records the first response time once, and a double-clicked reply is sent once", async () => {
    const site = await addSite(db());
    const advisor = await actorFor(db(), await addAdvisorAt(db(), site.id));
    const { user } = await personWaitingAt(runtime, site.id);
    const conversation = await conversationOfUser(db(), user);
    runtime.clock.advance(7 * 60_000);

    const first = await service().reply(advisor, conversation.id, { text: "Bonjour !", clientMessageId: "c-1" });
    const again = await service().reply(advisor, conversation.id, { text: "Bonjour !", clientMessageId: "c-1" });
    expect(again).toMatchObject({ duplicate: true, createdId: first.createdId });
    runtime.clock.advance(60_000);
    await service().reply(advisor, conversation.id, { text: "Vous êtes là ?", clientMessageId: "c-2" });

    const replies = (await outboundOf(db(), conversation.id)).filter((row) => row.author === "advisor");
    expect(replies.map((row) => (row.content as { text: string }).text)).toEqual(["Bonjour !", "Vous êtes là ?"]);
    const events = await db().select().from(conversationEvents).where(and(eq(conversationEvents.conversationId, conversation.id), eq(conversationEvents.type, "advisor_replied")));
    expect(events.map((event) => event.data.firstResponseSeconds)).toEqual([420, null]);
    expect(await conversationOfUser(db(), user)).toMatchObject({ waitingSince: null, firstResponseAt: new Date(runtime.clock.now().getTime() - 60_000) });
  });

  it("keeps private notes out of the person's channel, and erasure deletes them", async () => {
    const site = await addSite(db());
    const advisor = await actorFor(db(), await addAdvisorAt(db(), site.id));
    const { user, chat } = await personWaitingAt(runtime, site.id);
    const conversation = await conversationOfUser(db(), user);
    const outboxBefore = (await outboundOf(db(), conversation.id)).length;
    await service().addNote(advisor, conversation.id, { text: "A déjà un local à Oued Zem", clientMessageId: "n-1" });
    expect(await outboundOf(db(), conversation.id)).toHaveLength(outboxBefore);
    const noteCount = async () => (await db().select({ id: conversationNotes.id }).from(conversationNotes).where(eq(conversationNotes.conversationId, conversation.id))).length;
    expect(await noteCount()).toBe(1);

    await chat.text("supprimer mes données");
    await chat.choose("privacy:delete-yes");
    expect(await noteCount()).toBe(0);
    expect(await eventTypes(db(), conversation.id)).toEqual(["handoff_requested", "note_added", "closed"]);
    expect((await refusal(service().reply(advisor, conversation.id, { text: "?", clientMessageId: "late" }))).code).toBe("conversation_closed");
  });
});

describe("assignment", () => {
  it("gives a waiting person to the least loaded present advisor with room, and the next in line when room frees", async () => {
    const site = await addSite(db());
    const [busy, free, away] = [await addAdvisorAt(db(), site.id), await addAdvisorAt(db(), site.id), await addAdvisorAt(db(), site.id)];
    await setCapacity(busy, 1);
    await setCapacity(free, 1);
    await present(busy, free); // `away` never opened the console
    const first = await conversationOfUser(db(), (await personWaitingAt(runtime, site.id)).user);
    const second = await conversationOfUser(db(), (await personWaitingAt(runtime, site.id)).user);
    const third = await conversationOfUser(db(), (await personWaitingAt(runtime, site.id)).user);

    const assignees = [first, second, third].map((row) => row.assigneeId);
    expect(new Set(assignees.slice(0, 2))).toEqual(new Set([busy, free]));
    expect(assignees[2]).toBeNull(); // everyone present is full: the third waits in the site's queue
    expect(assignees).not.toContain(away);

    // The first one's advisor resolves it: their room goes to the person waiting longest.
    const holder = await actorFor(db(), first.assigneeId!);
    await service().handBack(holder, first.id, "resolved");
    expect((await findConversation(db(), third.id))?.assigneeId).toBe(holder.id);
    expect(await eventTypes(db(), third.id)).toEqual(["handoff_requested", "assigned"]);
    expect(await eventTypes(db(), first.id)).toEqual(["handoff_requested", "assigned", "resolved"]);
  });
});

describe("the event log", () => {
  it("is append-only: the database refuses to change or delete an event", async () => {
    const site = await addSite(db());
    const conversation = await conversationOfUser(db(), (await personWaitingAt(runtime, site.id)).user);
    const why = (attempt: Promise<unknown>) => attempt.then(() => "accepted", (error: unknown) => String((error as { cause?: unknown }).cause ?? error));
    expect(await why(db().update(conversationEvents).set({ type: "forged" }).where(eq(conversationEvents.conversationId, conversation.id)))).toMatch(/append-only \(UPDATE refused\)/);
    expect(await why(db().delete(conversationEvents).where(eq(conversationEvents.conversationId, conversation.id)))).toMatch(/append-only \(DELETE refused\)/);
    expect(await eventTypes(db(), conversation.id)).toEqual(["handoff_requested"]);
  });
});
