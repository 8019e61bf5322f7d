import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { ChannelCapabilities, Choice, Outbound } from "../../core/types.ts";
import { assertNever } from "../../core/types.ts";

/**
 * Telegram's limits: 4096 characters of text per message (counted after HTML parsing,
 * so escapes do not count), callback_data of at most 64 bytes. Ten buttons keep a menu
 * on one phone screen; a longer list becomes numbered lines answered by typing.
 */
export const TELEGRAM_CAPABILITIES: ChannelCapabilities = {
  maxTextLength: 4096,
  maxButtons: 10,
  maxButtonLabelLength: 64,
};
export const MAX_CALLBACK_DATA_BYTES = 64;
/** Two buttons share a row when both labels are this short (e.g. "J'accepte" / "Non merci"). */
const SHORT_LABEL_CHARS = 14;
const URL_BUTTON = /^(https?|tg):\/\//i;

/** One sendMessage call: text already escaped for parse_mode HTML. */
export interface TelegramMessage {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

/**
 * Shapes one outbound message into the sendMessage calls that carry it. Exhaustive: a
 * new message kind does not compile until Telegram knows how to show it.
 */
export function render(message: Outbound): TelegramMessage[] {
  switch (message.kind) {
    case "text":
      return withKeyboard(message.text, undefined);
    case "choices": {
      const buttonsFit =
        message.choices.length <= TELEGRAM_CAPABILITIES.maxButtons &&
        message.choices.every((choice) => Buffer.byteLength(choice.id) <= MAX_CALLBACK_DATA_BYTES);
      // Too many choices, or an id Telegram would refuse: numbered lines, which the engine matches when typed.
      if (!buttonsFit) return withKeyboard(numbered(message.text, message.choices), undefined);
      return withKeyboard(message.text, { inline_keyboard: rows(message.choices.map(toButton)) });
    }
    case "link": {
      if (!URL_BUTTON.test(message.url)) return withKeyboard(`${message.text}\n${message.label}: ${message.url}`, undefined);
      const button = { text: clip(message.label, TELEGRAM_CAPABILITIES.maxButtonLabelLength), url: message.url };
      return withKeyboard(message.text, { inline_keyboard: [[button]] });
    }
    case "advisor":
      return signed(message.sender, message.text);
    default:
      return assertNever(message);
  }
}

/** An advisor's words with their name in bold on top, so the person knows a human wrote them. */
function signed(sender: string, text: string): TelegramMessage[] {
  const name = clip(sender, TELEGRAM_CAPABILITIES.maxButtonLabelLength);
  const parts = splitText(text, TELEGRAM_CAPABILITIES.maxTextLength - [...name].length - 1).filter((part) => part.trim() !== "");
  return (parts.length > 0 ? parts : ["…"]).map((part, index) => ({
    text: index === 0 ? `<b>${escapeHtml(name)}</b>\n${escapeHtml(part)}` : escapeHtml(part),
  }));
}

/** The keyboard goes on the last part, so it sits under the end of the text it answers. */
function withKeyboard(text: string, keyboard: InlineKeyboardMarkup | undefined): TelegramMessage[] {
  // Telegram refuses an empty text; a run of blanks would split into empty parts.
  const split = splitText(text, TELEGRAM_CAPABILITIES.maxTextLength).filter((part) => part.trim() !== "");
  const parts = split.length > 0 ? split : ["…"];
  return parts.map((part, index) =>
    index === parts.length - 1 && keyboard ? { text: escapeHtml(part), reply_markup: keyboard } : { text: escapeHtml(part) },
  );
}

/** parse_mode HTML: only these three characters have a meaning outside tags. */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * Splits a text into parts of at most `max` UTF-16 units (how Telegram counts), at the
 * last paragraph, line or word boundary in the second half of the window; a single
 * overlong word is cut, never inside a surrogate pair (an emoji, say).
 */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1); // a boundary right after the limit still counts
    let cut = -1;
    for (const separator of ["\n\n", "\n", " "]) {
      const at = window.lastIndexOf(separator, max);
      if (at >= max / 2) {
        cut = at;
        break;
      }
    }
    if (cut === -1) cut = isHighSurrogate(rest.charCodeAt(max - 1)) ? max - 1 : max;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, "");
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function toButton(choice: Choice): InlineKeyboardButton.CallbackButton {
  return { text: clip(choice.label, TELEGRAM_CAPABILITIES.maxButtonLabelLength), callback_data: choice.id };
}

/** One button per row, except that two short neighbours share one. */
function rows(buttons: InlineKeyboardButton.CallbackButton[]): InlineKeyboardButton.CallbackButton[][] {
  const out: InlineKeyboardButton.CallbackButton[][] = [];
  for (let index = 0; index < buttons.length; index += 1) {
    const button = buttons[index];
    const next = buttons[index + 1];
    if (!button) continue;
    if (next && isShort(button.text) && isShort(next.text)) {
      out.push([button, next]);
      index += 1;
    } else {
      out.push([button]);
    }
  }
  return out;
}

function isShort(label: string): boolean {
  return [...label].length <= SHORT_LABEL_CHARS;
}

function numbered(text: string, choices: Choice[]): string {
  return [text, "", ...choices.map((choice, index) => `${index + 1}. ${choice.label}`)].join("\n");
}

function clip(text: string, max: number): string {
  const chars = [...text]; // by code point: an emoji or an Arabic letter is never cut in half
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
