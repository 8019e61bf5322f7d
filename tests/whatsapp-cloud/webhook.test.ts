import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signatureOf } from "../../bot/channels/whatsapp-cloud/signature.ts";
import { channelIdentities, contacts, messages, whatsappStatuses } from "../../db/schema/index.ts";
import { queryRows } from "../../db/sql.ts";
import { metaJson, messagePayload, preferencePayload, statusPayload } from "./fake-graph.ts";
import { openCloudHarness, shapeOf, type CloudHarness } from "./harness.ts";

describe("the WhatsApp Cloud API webhook", () => {
  let h: CloudHarness;
  beforeAll(async () => {
    h = await openCloudHarness();
  });
  afterAll(() => h?.close());

  const db = () => h.runtime.database.db;
  const inboundWith = async (wamid: string) =>
    db().select().from(messages).where(and(eq(messages.channel, "whatsapp"), eq(messages.channelMessageId, wamid)));

  it("answers Meta's handshake with the challenge only for the right verify token", async () => {
    const ok = await fetch(`${h.base}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=${h.config.WHATSAPP_CLOUD_VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    const wrong = await fetch(`${h.base}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444`);
    expect(wrong.status).toBe(403);
  });

  it("refuses a call with a wrong signature with 401 and stores nothing", async () => {
    const person = h.person();
    const payload = messagePayload(h.config.WHATSAPP_CLOUD_PHONE_NUMBER_ID!, person.waId, { id: "wamid.forged", timestamp: "1772442000", type: "text", text: { body: "salam" } });
    const forged = await h.fake.webhook(payload, `sha256=${"0".repeat(64)}`);
    expect(forged.status).toBe(401);
    const unsigned = await fetch(`${h.base}/whatsapp/webhook`, { method: "POST", headers: { "content-type": "application/json" }, body: metaJson(payload) });
    expect(unsigned.status).toBe(401);
    expect(await inboundWith("wamid.forged")).toHaveLength(0);
    expect(await db().select().from(channelIdentities).where(eq(channelIdentities.externalId, person.waId))).toHaveLength(0);
  });

  it("checks the signature over the bytes as Meta sent them: Darija in Arabic letters, escaped as \\uXXXX", async () => {
    const person = h.person();
    const darija = "سلام، بغيت نعرف واش نقدر نستافد من مناصتي";
    const payload = messagePayload(h.config.WHATSAPP_CLOUD_PHONE_NUMBER_ID!, person.waId, { id: "wamid.darija1", timestamp: String(Math.floor(h.fake.now() / 1000)), type: "text", text: { body: darija } });
    const raw = metaJson(payload);
    expect(raw).toContain("\\u0633"); // س, escaped as Meta does
    // The signature of the escaped bytes is not the signature of the same JSON written plainly.
    expect(signatureOf(new TextEncoder().encode(raw), "k")).not.toBe(signatureOf(new TextEncoder().encode(JSON.stringify(payload)), "k"));
    const before = person.sent().length;
    const answer = await h.fake.inbound(person.waId, { type: "text", text: { body: darija } }, { id: "wamid.darija1" });
    expect(answer.status).toBe(200);
    const [stored] = await inboundWith("wamid.darija1");
    expect(stored?.direction).toBe("inbound");
    expect(stored?.content === null || (stored?.content as { text?: string }).text === darija).toBe(true);
    await h.fake.waitFor(() => person.sent().length > before);
  });

  it("onboards in the language of the greeting with interactive choices (the other languages among them), and answers the same wamid once", async () => {
    const person = h.person();
    const [greeting] = await person.exchange({ type: "text", text: { body: "salam" } }, 1, { id: "wamid.same-1" });
    // Darija's notice: agree, decline, and the two other languages — four options, a list.
    expect(shapeOf(greeting?.request)).toMatchObject({ kind: "list", ids: ["consent:yes", "consent:no", "consent:more", "lang:fr", "lang:ar"] });
    // Meta sends the same call again (it did not see our 200 in time): nothing new happens.
    const again = await h.fake.inbound(person.waId, { type: "text", text: { body: "salam" } }, { id: "wamid.same-1" });
    expect(again.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(person.sent()).toHaveLength(1);
    expect(await inboundWith("wamid.same-1")).toHaveLength(1);
    const next = await person.press("lang:ar", 1);
    expect(shapeOf(next[0]?.request).type).toBe("interactive");
    const recipient = await person.recipient();
    expect(recipient?.lastInboundAt).toBeInstanceOf(Date);
  });

  it("records statuses once, whatever their order, and the furthest one stands", async () => {
    const person = h.person();
    const [reply] = await person.text("bonjour", 1);
    const wamid = reply!.wamid!;
    const phone = h.config.WHATSAPP_CLOUD_PHONE_NUMBER_ID!;
    const status = (name: string, error?: { code: number; title: string }) => h.fake.webhook(statusPayload(phone, { wamid, status: name, to: person.waId, at: h.fake.now(), ...(error ? { error } : {}) }));
    expect((await status("read")).status).toBe(200);
    await status("delivered");
    await status("delivered");
    await status("failed", { code: 131026, title: "Message undeliverable" });
    const rows = await db().select().from(whatsappStatuses).where(eq(whatsappStatuses.wamid, wamid));
    expect(rows.map((row) => row.status).sort()).toEqual(["delivered", "failed", "read"]);
    const [message] = await db().select().from(messages).where(eq(messages.channelMessageId, wamid));
    expect(message?.status).toBe("delivered");
  });

  it("stops announcements on Meta's marketing stop and brings them back on resume; a reaction asks for no answer", async () => {
    const person = h.person();
    await person.text("salam", 1);
    const phone = h.config.WHATSAPP_CLOUD_PHONE_NUMBER_ID!;
    const optedOut = async () => {
      const [row] = await queryRows<{ opted_out: boolean }>(db(), sql`select c.opted_out from ${contacts} c join ${channelIdentities} ci on ci.contact_id = c.id where ci.external_id = ${person.waId}`);
      return row?.opted_out;
    };
    expect((await h.fake.webhook(preferencePayload(phone, person.waId, "stop"))).status).toBe(200);
    expect(await optedOut()).toBe(true);
    await h.fake.webhook(preferencePayload(phone, person.waId, "resume"));
    expect(await optedOut()).toBe(false);
    const before = person.sent().length;
    await person.exchange({ type: "reaction", reaction: { message_id: "wamid.x", emoji: "👍" } }, 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(person.sent()).toHaveLength(before);
  });

  it("answers every kind a person can send: voice, image, document, location, unsupported", async () => {
    const person = h.person();
    await person.text("salam", 1);
    for (const message of [
      { type: "audio", audio: { id: "m-voice", mime_type: "audio/ogg; codecs=opus", voice: true } },
      { type: "image", image: { id: "m-image", mime_type: "image/jpeg" } },
      { type: "document", document: { id: "m-doc", mime_type: "application/pdf" } },
      { type: "location", location: { latitude: 32.88, longitude: -6.9 } },
      { type: "unsupported", errors: [{ code: 131051, title: "Message type unknown" }] },
    ]) {
      const [reply] = await person.exchange(message, 1);
      expect(reply?.ok).toBe(true);
    }
  });
});
