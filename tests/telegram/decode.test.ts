import type { Message, Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { decodeUpdate } from "../../bot/channels/telegram/decode.ts";

const from = { id: 42, is_bot: false, first_name: "Salma", language_code: "fr" };
const chat = { id: 42, type: "private" as const, first_name: "Salma" };
const message = (fields: Partial<Message>, update_id = 1000): Update => ({
  update_id,
  message: { message_id: 7, date: 1_770_000_000, chat, from, ...fields } as NonNullable<Update["message"]>,
});
const contentOf = (update: Update) => decodeUpdate(update)?.content ?? null;

describe("decoding a Telegram update", () => {
  it("reads a private text message as text from the chat, deduplicated by chat and message id", () => {
    expect(decodeUpdate(message({ text: "salam" }, 555))).toEqual({
      channel: "telegram",
      externalUserId: "42",
      channelMessageId: "msg:42:7",
      content: { kind: "text", text: "salam" },
    });
  });

  it("reads /start with and without a deep-link payload as the start signal", () => {
    expect(contentOf(message({ text: "/start" }))).toEqual({ kind: "start" });
    expect(contentOf(message({ text: "/start minassati" }))).toEqual({ kind: "start", payload: "minassati" });
    expect(contentOf(message({ text: "/start@rafiq_bot poster-khouribga_2" }))).toEqual({ kind: "start", payload: "poster-khouribga_2" });
    expect(contentOf(message({ text: "/start not a deep link" }))).toEqual({ kind: "start" });
  });

  it("leaves other commands as text for the engine, which knows them", () => {
    expect(contentOf(message({ text: "/menu" }))).toEqual({ kind: "text", text: "/menu" });
    expect(contentOf(message({ text: "/starting" }))).toEqual({ kind: "text", text: "/starting" });
  });

  it("reads a button press as the choice its callback data names, from the chat of the message", () => {
    const update: Update = {
      update_id: 9,
      callback_query: { id: "q1", from, chat_instance: "c", data: "lang:ary", message: { message_id: 3, date: 1, chat, text: "?" } as Message },
    };
    expect(decodeUpdate(update)).toEqual({ channel: "telegram", externalUserId: "42", channelMessageId: "cb:q1", content: { kind: "choice", choiceId: "lang:ary" } });
  });

  it.each([
    ["sticker", { sticker: {} }],
    ["photo", { photo: [] }],
    ["voice", { voice: {} }],
    ["audio", { audio: {} }],
    ["video", { video: {} }],
    ["video", { video_note: {} }],
    ["video", { animation: {}, document: {} }],
    ["document", { document: {} }],
    ["other", { dice: { emoji: "🎲", value: 3 } }],
  ])("reads a message with %s as that media", (media, fields) => {
    expect(contentOf(message(fields as Partial<Message>))).toEqual({ kind: "media", media });
  });

  it("reads a shared location", () => {
    expect(contentOf(message({ location: { latitude: 32.88, longitude: -6.9 } }))).toEqual({ kind: "location", latitude: 32.88, longitude: -6.9 });
  });

  it("links only the sender's own contact; someone else's card is unreadable media", () => {
    const card = (user_id?: number) => message({ contact: { phone_number: "+212600000000", first_name: "X", ...(user_id ? { user_id } : {}) } });
    expect(contentOf(card(42))).toEqual({ kind: "contact", phone: "+212600000000" });
    expect(contentOf(card(43))).toEqual({ kind: "media", media: "other" });
    expect(contentOf(card())).toEqual({ kind: "media", media: "other" });
  });

  it("ignores groups, channels, edits, bots, service messages and inline-mode buttons", () => {
    const group = { ...message({ text: "salam" }), message: { message_id: 1, date: 1, from, chat: { id: -5, type: "group", title: "G" }, text: "salam" } } as Update;
    expect(decodeUpdate(group)).toBeNull();
    expect(decodeUpdate({ update_id: 2, edited_message: { message_id: 1, date: 1, edit_date: 2, chat, from, text: "x" } } as Update)).toBeNull();
    expect(decodeUpdate({ update_id: 3, channel_post: { message_id: 1, date: 1, chat: { id: -7, type: "channel", title: "C" }, text: "x" } } as Update)).toBeNull();
    expect(decodeUpdate(message({ text: "hi", from: { ...from, is_bot: true } }))).toBeNull();
    expect(decodeUpdate(message({ pinned_message: { message_id: 1, date: 1, chat, text: "x" } as Message }))).toBeNull();
    expect(decodeUpdate({ update_id: 4, callback_query: { id: "q", from, chat_instance: "c", data: "lang:fr", inline_message_id: "i" } })).toBeNull();
  });
});
