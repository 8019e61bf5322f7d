import { describe, expect, it } from "vitest";
import { decodeWebhook, webhookSchema } from "../../bot/channels/whatsapp-cloud/decode.ts";
import { messagePayload, preferencePayload, statusPayload } from "./fake-graph.ts";

const PHONE = "106540352242922";
const decode = (payload: unknown, phone = PHONE) => decodeWebhook(webhookSchema.parse(payload), phone);
const message = (fields: Record<string, unknown>, from = "212612345678") =>
  decode(messagePayload(PHONE, from, { id: "wamid.1", timestamp: "1772442000", ...fields })).messages[0];

describe("reading Meta's webhook calls", () => {
  it("keys people on their wa_id, or on the business-scoped id when the number is hidden", () => {
    expect(message({ type: "text", text: { body: "salam" } })?.inbound).toMatchObject({ externalUserId: "212612345678", channelMessageId: "wamid.1", content: { kind: "text", text: "salam" } });
    const hidden = { object: "whatsapp_business_account", entry: [{ changes: [{ field: "messages", value: { metadata: { phone_number_id: PHONE }, contacts: [{ user_id: "MA.1234567890abcdef" }], messages: [{ from_user_id: "MA.1234567890abcdef", id: "wamid.2", timestamp: "1772442000", type: "text", text: { body: "hi" } }] } }] }] };
    expect(decode(hidden).messages[0]?.inbound.externalUserId).toBe("MA.1234567890abcdef");
    expect(message({ type: "text", text: { body: "salam" } })?.at.toISOString()).toBe("2026-03-02T09:00:00.000Z");
  });

  it("turns buttons, list rows and a template's quick replies into choices", () => {
    expect(message({ type: "interactive", interactive: { type: "button_reply", button_reply: { id: "lang:ary", title: "الدارجة" } } })?.inbound.content).toEqual({ kind: "choice", choiceId: "lang:ary" });
    expect(message({ type: "interactive", interactive: { type: "list_reply", list_reply: { id: "cmd:book", title: "RDV" } } })?.inbound.content).toEqual({ kind: "choice", choiceId: "cmd:book" });
    const moved = "appt:move:22222222-2222-4222-8222-222222222222";
    expect(message({ type: "button", button: { payload: moved, text: "Déplacer" } })?.inbound.content).toEqual({ kind: "choice", choiceId: moved });
    expect(message({ type: "button", button: { payload: "Lire la réponse", text: "Lire la réponse" } })?.inbound.content).toEqual({ kind: "text", text: "Lire la réponse" });
  });

  it("reads media, places, contact cards and reactions; ignores other numbers' calls", () => {
    expect(message({ type: "audio", audio: { id: "m1", mime_type: "audio/ogg", voice: true } })).toMatchObject({ inbound: { content: { kind: "media", media: "voice" } }, media: { id: "m1" } });
    expect(message({ type: "image", image: { id: "m2", mime_type: "image/jpeg" } })).toMatchObject({ inbound: { content: { kind: "media", media: "photo" } }, media: { id: "m2" } });
    expect(message({ type: "location", location: { latitude: 32.88, longitude: -6.9 } })?.inbound.content).toEqual({ kind: "location", latitude: 32.88, longitude: -6.9 });
    expect(message({ type: "contacts", contacts: [{ phones: [{ phone: "+212 6 12 34 56 78", wa_id: "212612345678" }] }] })?.inbound.content).toEqual({ kind: "contact", phone: "+212612345678" });
    expect(message({ type: "contacts", contacts: [{ phones: [{ phone: "+212 6 99", wa_id: "212699999999" }] }] })?.inbound.content).toEqual({ kind: "media", media: "other" });
    expect(message({ type: "reaction", reaction: { message_id: "wamid.x", emoji: "👍" } })?.silent).toBe(true);
    expect(message({ type: "unsupported" })?.inbound.content).toEqual({ kind: "media", media: "other" });
    expect(decode(messagePayload(PHONE, "212612345678", { id: "w", timestamp: "1", type: "text", text: { body: "x" } }), "999").messages).toEqual([]);
  });

  it("reads statuses with Meta's error and marketing preferences", () => {
    const status = decode(statusPayload(PHONE, { wamid: "wamid.9", status: "failed", to: "212612345678", at: 1772442000000, error: { code: 131047, title: "Re-engagement message" } })).statuses[0];
    expect(status).toMatchObject({ wamid: "wamid.9", status: "failed", errorCode: 131047, recipientId: "212612345678" });
    expect(decode(preferencePayload(PHONE, "212612345678", "stop")).preferences).toMatchObject([{ externalId: "212612345678", stop: true }]);
  });
});
