import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outbound } from "../../bot/core/types.ts";
import { insertOutbound } from "../../db/messages.ts";
import { messages } from "../../db/schema/index.ts";
import { queryRows } from "../../db/sql.ts";
import { countTemplateRecipients } from "../../db/whatsapp-cloud.ts";
import { AppError } from "../../lib/errors.ts";
import { addStaff } from "../api/staff-helpers.ts";
import { actorFor } from "../helpers/console.ts";
import { eventually } from "../telegram/harness.ts";
import { statusPayload } from "./fake-graph.ts";
import { openCloudHarness, shapeOf, type CloudHarness } from "./harness.ts";

const HOUR_MS = 3_600_000;

describe("WhatsApp's 24-hour window on the Cloud API", () => {
  let h: CloudHarness;
  beforeAll(async () => {
    h = await openCloudHarness();
  });
  afterAll(() => h?.close());
  const db = () => h.runtime.database.db;

  /** A person who wrote once and got the language buttons; their conversation id. */
  async function newcomer() {
    const person = h.person();
    await person.text("salam", 1);
    const recipient = await person.recipient();
    if (!recipient?.conversationId) throw new Error("no conversation");
    h.watch(recipient.conversationId);
    return { person, conversationId: recipient.conversationId };
  }

  async function queue(conversationId: string, message: Outbound, author: "bot" | "system" | "advisor" = "system") {
    const [row] = await insertOutbound(db(), [{ conversationId, channel: "whatsapp", replyToId: null, author, kind: message.kind, content: { ...message } }]);
    h.runtime.engine.events.emit("outbound", conversationId, "whatsapp");
    return row!.id;
  }

  const reminder = (appointmentId: string): Outbound => ({
    kind: "choices",
    text: "Rappel : votre rendez-vous demain à 10:00 à Minassati.",
    choices: [
      { id: `appt:ok:${appointmentId}`, label: "Je viens" },
      { id: `appt:move:${appointmentId}`, label: "Déplacer" },
      { id: `appt:cancel:${appointmentId}`, label: "Annuler" },
    ],
    notice: { template: "meeting_reminder", values: { when: "mardi 3 mars à 10:00", site: "Minassati\nKhouribga" } },
  });

  const statusOf = async (id: number) => (await db().select().from(messages).where(eq(messages.id, id)))[0];

  it("sends a reminder free-form inside the window, and as its template with three quick replies after it", async () => {
    const { person, conversationId } = await newcomer();
    const first = await queue(conversationId, reminder("11111111-1111-4111-8111-111111111111"));
    const [inside] = await h.fake.waitFor(() => person.sent().length >= 2 && person.sent().slice(1));
    expect(shapeOf(inside?.request)).toMatchObject({ kind: "button", ids: ["appt:ok:11111111-1111-4111-8111-111111111111", "appt:move:11111111-1111-4111-8111-111111111111", "appt:cancel:11111111-1111-4111-8111-111111111111"] });
    // The fake answered; wait for the app to record it as sent before jumping a day ahead, or the
    // send's lease would look expired and the outbox would (rightly, at least once) send it again.
    await eventually(async () => (await statusOf(first))?.status === "sent");

    h.advance(25 * HOUR_MS);
    const usedBefore = await countTemplateRecipients(db(), h.runtime.clock.now());
    await queue(conversationId, reminder("22222222-2222-4222-8222-222222222222"));
    const [outside] = await h.fake.waitFor(() => person.sent().length >= 3 && person.sent().slice(2));
    const shape = shapeOf(outside?.request);
    expect(shape).toMatchObject({ type: "template", template: "rafiq_meeting_reminder" });
    expect(shape.ids).toEqual(["appt:ok:22222222-2222-4222-8222-222222222222", "appt:move:22222222-2222-4222-8222-222222222222", "appt:cancel:22222222-2222-4222-8222-222222222222"]);
    // The fake refuses new lines in parameters: the site's was flattened.
    expect(JSON.stringify(outside?.request)).toContain("Minassati · Khouribga");
    await eventually(async () => (await countTemplateRecipients(db(), h.runtime.clock.now())) === usedBefore + 1);
  });

  it("refuses an advisor's free text after the window, offers the «advisor answered» template, and delivers what waited once the person writes", async () => {
    const { person, conversationId } = await newcomer();
    const staff = await addStaff(h.runtime.database, "staff", h.runtime.clock.now());
    const actor = await actorFor(db(), staff.id);
    const service = h.runtime.conversations;
    await service.reply(actor, conversationId, { text: "Bonjour, je suis là.", clientMessageId: "in-window" });
    await h.fake.waitFor(() => person.sent().some((send) => JSON.stringify(send.request).includes("je suis là")));

    h.advance(25 * HOUR_MS);
    const refused = await service.reply(actor, conversationId, { text: "Vous êtes toujours là ?", clientMessageId: "after-window" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("window_closed");
    const before = person.sent().length;
    await service.notifyAnswered(actor, conversationId, { clientMessageId: "notify-1" });
    const [notice] = await h.fake.waitFor(() => person.sent().length > before && person.sent().slice(before));
    expect(shapeOf(notice?.request)).toMatchObject({ type: "template", template: "rafiq_advisor_replied" });

    // A reply that reaches the sender after the window closed (the console raced it): the template, then it waits.
    const waiting = await queue(conversationId, { kind: "advisor", text: "Voici la réponse à votre question.", sender: "Samira" }, "advisor");
    await eventually(async () => (await statusOf(waiting))?.heldAt);
    const sentBeforeWriting = person.sent().length;
    expect(shapeOf(person.sent().at(-1)?.request).template).toBe("rafiq_advisor_replied");
    await person.exchange({ type: "text", text: { body: "oui je suis là" } }, 1);
    await h.fake.waitFor(() => person.sent().slice(sentBeforeWriting).some((send) => JSON.stringify(send.request).includes("Voici la réponse")));
    await eventually(async () => (await statusOf(waiting))?.status === "sent");
  });

  it("falls back to the template once when Meta says the window is closed (131047), in the answer or in a status", async () => {
    const { person, conversationId } = await newcomer();
    h.fake.failNext(131047, "Re-engagement message", person.waId);
    await queue(conversationId, reminder("33333333-3333-4333-8333-333333333333"));
    const [templated] = await h.fake.waitFor(() => person.sent().length >= 2 && person.sent().slice(1));
    expect(shapeOf(templated?.request).template).toBe("rafiq_meeting_reminder");
    expect(h.fake.refused(131047).filter((send) => send.to === person.waId)).toHaveLength(1);
    expect((await person.recipient())?.lastInboundAt).toBeNull();

    // Meta accepted a free-form message, then reported 131047 in its status: it goes again, as its template.
    const other = await newcomer();
    const id = await queue(other.conversationId, reminder("44444444-4444-4444-8444-444444444444"));
    const [accepted] = await h.fake.waitFor(() => other.person.sent().length >= 2 && other.person.sent().slice(1));
    expect(shapeOf(accepted?.request).type).toBe("interactive");
    // Meta's status follows its answer to the send: wait for the app to have recorded that answer
    // (the message's wamid), or a loaded machine lets the status arrive first, for a message not known yet.
    await eventually(async () => (await statusOf(id))?.status === "sent");
    const phone = h.config.WHATSAPP_CLOUD_PHONE_NUMBER_ID!;
    await h.fake.webhook(statusPayload(phone, { wamid: accepted!.wamid!, status: "failed", to: other.person.waId, at: h.fake.now(), error: { code: 131047, title: "Re-engagement message" } }));
    const [again] = await h.fake.waitFor(() => other.person.sent().length >= 3 && other.person.sent().slice(2));
    expect(shapeOf(again?.request).template).toBe("rafiq_meeting_reminder");
    // A status re-sent by Meta changes nothing twice.
    await h.fake.webhook(statusPayload(phone, { wamid: accepted!.wamid!, status: "failed", to: other.person.waId, at: h.fake.now(), error: { code: 131047, title: "Re-engagement message" } }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(other.person.sent()).toHaveLength(3);
    await eventually(async () => (await statusOf(id))?.status === "sent");
  });

  /** Retries are due on the app's clock, which the tests hold still: let time pass until `text` reached the person. */
  async function deliveredAfterRetries(person: { sent: () => { request: unknown }[] }, text: string) {
    const reached = () => person.sent().filter((send) => JSON.stringify(send.request).includes(text));
    for (let round = 0; round < 40 && reached().length === 0; round += 1) {
      h.advance(3_000);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return reached();
  }

  it("pauses on 130429 and 131056 and delivers once; fails the message with its reason on 131026", async () => {
    const { person, conversationId } = await newcomer();
    h.fake.failNext(130429, "Rate limit hit", person.waId);
    const first = await queue(conversationId, { kind: "text", text: "Premier message" });
    expect(await deliveredAfterRetries(person, "Premier message")).toHaveLength(1);
    const [paused] = await queryRows<{ paused_until: unknown }>(db(), sql`select paused_until from rate_buckets where key = ${`send:whatsapp:${h.config.WHATSAPP_CLOUD_PHONE_NUMBER_ID}`}`);
    expect(paused?.paused_until).not.toBeNull();
    // The fake records the send before the app records it as sent: wait for the app's record.
    const delivered = await eventually(async () => {
      const row = await statusOf(first);
      return row?.status === "sent" && row;
    });
    expect(delivered.attempts).toBe(1); // a rate limit is not an attempt

    h.fake.failNext(131056, "pair rate limit hit", person.waId);
    await queue(conversationId, { kind: "text", text: "Deuxième message" });
    expect(await deliveredAfterRetries(person, "Deuxième message")).toHaveLength(1);

    h.fake.failNext(131026, "Message undeliverable", person.waId);
    const third = await queue(conversationId, { kind: "text", text: "Troisième message" });
    const failed = await eventually(async () => {
      h.advance(3_000); // past the pair pause the 131056 left
      await new Promise((resolve) => setTimeout(resolve, 100));
      const row = await statusOf(third);
      return row?.status === "failed" && row;
    }, 20_000);
    expect(failed.lastError).toContain("131026");
  }, 40_000);
});
