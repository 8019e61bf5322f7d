import { describe, expect, it } from "vitest";
import { decodeMessage, phonesFromVCard } from "../../bot/channels/whatsapp/decode.ts";
import { render, splitText, WHATSAPP_CAPABILITIES } from "../../bot/channels/whatsapp/render.ts";
import { incoming } from "./fake-client.ts";

const PERSON = "212612345678@c.us";

describe("decoding WhatsApp messages", () => {
  it("reads a person's text with their chat id and the message id", () => {
    const message = incoming(PERSON, { body: "salam" });
    expect(decodeMessage(message)).toEqual({
      channel: "whatsapp",
      externalUserId: PERSON,
      channelMessageId: message.id._serialized,
      content: { kind: "text", text: "salam" },
    });
  });

  it("accepts WhatsApp's privacy ids (@lid) as people too", () => {
    expect(decodeMessage(incoming("167812345678901@lid", { body: "salam" }))?.externalUserId).toBe("167812345678901@lid");
  });

  it.each([
    ["a group", incoming("120363041234567890@g.us", { body: "salam", author: PERSON })],
    ["a status update", incoming("status@broadcast", { body: "salam", author: PERSON })],
    ["a status flagged only by isStatus", incoming(PERSON, { body: "salam", isStatus: true })],
    ["the linked phone's own message", incoming(PERSON, { body: "salam", fromMe: true })],
    ["a channel (newsletter)", incoming("120363999999999999@newsletter", { body: "salam" })],
    ["a system notice", incoming(PERSON, { type: "e2e_notification" })],
    ["a deleted message", incoming(PERSON, { type: "revoked" })],
    ["a reaction", incoming(PERSON, { type: "reaction" })],
    ["something that is not a message", { from: PERSON }],
  ])("ignores %s", (_what, message) => {
    expect(decodeMessage(message)).toBeNull();
  });

  it.each([
    ["sticker", "sticker"],
    ["image", "photo"],
    ["ptt", "voice"],
    ["audio", "audio"],
    ["video", "video"],
    ["document", "document"],
    ["poll_creation", "other"],
  ])("reads a %s as media of kind %s", (type, media) => {
    expect(decodeMessage(incoming(PERSON, { type }))?.content).toEqual({ kind: "media", media });
  });

  it("reads a shared location, whose coordinates may come as numbers or strings", () => {
    const message = incoming(PERSON, { type: "location", location: { latitude: 32.8811, longitude: "-6.9063", name: "Khouribga" } });
    expect(decodeMessage(message)?.content).toEqual({ kind: "location", latitude: 32.8811, longitude: -6.9063 });
    expect(decodeMessage(incoming(PERSON, { type: "location", location: { latitude: "x", longitude: 1 } }))?.content).toEqual({
      kind: "media",
      media: "other",
    });
  });

  it("reads the sender's own contact card as their phone number", () => {
    const card = "BEGIN:VCARD\nVERSION:3.0\nFN:Me\nTEL;type=CELL;waid=212612345678:+212 612-345678\nEND:VCARD";
    expect(decodeMessage(incoming(PERSON, { type: "vcard", body: card, vCards: [card] }))?.content).toEqual({ kind: "contact", phone: "+212612345678" });
    const local = "BEGIN:VCARD\nVERSION:3.0\nFN:Me\nTEL:06 12 34 56 78\nEND:VCARD";
    expect(decodeMessage(incoming(PERSON, { type: "vcard", body: local, vCards: [local] }))?.content).toEqual({ kind: "contact", phone: "0612345678" });
  });

  it.each([
    ["someone else's card", PERSON, "BEGIN:VCARD\nVERSION:3.0\nFN:Sara\nTEL;type=CELL;waid=212661234567:+212 661-234567\nEND:VCARD"],
    ["a card without a number", PERSON, "BEGIN:VCARD\nVERSION:3.0\nFN:Sara\nEND:VCARD"],
    ["a card from a chat whose number is hidden (@lid)", "167812345678901@lid", "BEGIN:VCARD\nTEL;waid=212612345678:+212612345678\nEND:VCARD"],
  ])("reads %s as unreadable media, linking no number", (_what, from, card) => {
    expect(decodeMessage(incoming(from, { type: "vcard", body: card, vCards: [card] }))?.content).toEqual({ kind: "media", media: "other" });
  });

  it("finds every number of a vCard, by WhatsApp id first, else by the TEL value", () => {
    expect(phonesFromVCard("BEGIN:VCARD\r\nitem1.TEL:+212 (6) 61-23-45-67\r\nTEL;waid=212700000000:+212 700\r\nEND:VCARD")).toEqual([
      "+212661234567",
      "+212700000000",
    ]);
    expect(phonesFromVCard("BEGIN:VCARD\nTEL:call me\nEND:VCARD")).toEqual([]);
  });
});

describe("rendering for WhatsApp", () => {
  it("declares no buttons, so choices are numbered", () => {
    expect(WHATSAPP_CAPABILITIES.maxButtons).toBe(0);
    expect(
      render({
        kind: "choices",
        text: "Choisissez votre langue :",
        choices: [
          { id: "lang:fr", label: "Français", keywords: ["fr"] },
          { id: "lang:ar", label: "العربية" },
        ],
      }),
    ).toEqual(["Choisissez votre langue :\n\n1. Français\n2. العربية"]);
  });

  it("puts a link's URL on its own line", () => {
    expect(render({ kind: "link", text: "La notice complète :", url: "https://rafiq.ma/privacy", label: "Ouvrir" })).toEqual([
      "La notice complète :\nhttps://rafiq.ma/privacy",
    ]);
  });

  it("splits a text longer than 4096 characters at a line break, without cutting a character", () => {
    const line = `${"ب".repeat(99)}\n`;
    const text = line.repeat(50) + "😀".repeat(10); // 5,010 code points
    const parts = render({ kind: "text", text });
    expect(parts.length).toBe(2);
    for (const part of parts) expect([...part].length).toBeLessThanOrEqual(4096);
    expect(parts[0]?.endsWith("ب")).toBe(true);
    expect(parts.join("\n")).toBe(text.replace(/\n$/, ""));
    expect(parts[1]?.endsWith("😀".repeat(10))).toBe(true);
  });

  it("cuts a text with no spaces or line breaks at the limit, by code point", () => {
    expect(splitText("😀".repeat(5), 2)).toEqual(["😀😀", "😀😀", "😀"]);
    expect(splitText("short", 10)).toEqual(["short"]);
  });
});
