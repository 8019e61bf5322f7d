import type { ChannelCapabilities, Outbound } from "../../core/types.ts";
import { assertNever } from "../../core/types.ts";

/**
 * WhatsApp Web has no buttons an unofficial client may send (they were withdrawn in
 * 2022), so choices become a numbered list the person answers with the number, the label
 * or a keyword — the engine matches all three (bot/core/choice-match.ts). WhatsApp
 * accepts long texts, but past a screen or two they are hard to read on a phone: 4096.
 */
export const WHATSAPP_CAPABILITIES: ChannelCapabilities = {
  maxTextLength: 4096,
  maxButtons: 0,
  maxButtonLabelLength: 200,
};

/** One outbound message → the texts to send, in order (usually one). Exhaustive on purpose. */
export function render(message: Outbound, capabilities: ChannelCapabilities = WHATSAPP_CAPABILITIES): string[] {
  switch (message.kind) {
    case "text":
      return splitText(message.text, capabilities.maxTextLength);
    case "choices": {
      // WhatsApp Web: no buttons, numbered list; the number is what most people type back.
      const list = message.choices.map((choice, index) => `${index + 1}. ${clip(choice.label, capabilities.maxButtonLabelLength)}`);
      return splitText([message.text, "", ...list].join("\n"), capabilities.maxTextLength);
    }
    case "link":
      // The URL alone on its line: WhatsApp makes it tappable and shows a preview.
      return splitText(`${message.text}\n${message.url}`, capabilities.maxTextLength);
    case "advisor":
      // WhatsApp's own bold markup: the person sees which human wrote.
      return splitText(`*${message.sender}*\n${message.text}`, capabilities.maxTextLength);
    default:
      return assertNever(message);
  }
}

/**
 * Splits a text into parts of at most `max` code points, at a line break if there is one
 * in the second half of the part, else at a space, else anywhere — never inside a
 * character, so an emoji or an Arabic letter is not cut in two.
 */
export function splitText(text: string, max: number): string[] {
  const chars = [...text];
  if (chars.length <= max) return [text];
  const parts: string[] = [];
  let rest = chars;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = window.lastIndexOf("\n");
    if (cut < max / 2) cut = window.lastIndexOf(" ");
    if (cut < max / 2) cut = max;
    parts.push(rest.slice(0, cut).join("").trimEnd());
    rest = rest.slice(cut);
    while (rest[0] === "\n" || rest[0] === " ") rest = rest.slice(1);
  }
  if (rest.length > 0) parts.push(rest.join(""));
  return parts.filter((part) => part.length > 0);
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
