import type { Choice, Outbound } from "../../core/types.ts";
import { assertNever } from "../../core/types.ts";
import type { Translate } from "../../flows/types.ts";
import { splitText } from "../whatsapp/render.ts";
import { CLOUD_LIMITS } from "./limits.ts";
import { length, shortenOnWord } from "./shorten.ts";

/** One free-form Graph API message (`to` and `messaging_product` are the sender's). */
export type CloudMessage =
  | { type: "text"; text: { body: string; preview_url: boolean } }
  | { type: "interactive"; interactive: CloudInteractive };

export type CloudInteractive =
  | { type: "button"; body: { text: string }; action: { buttons: { type: "reply"; reply: { id: string; title: string } }[] } }
  | {
      type: "list";
      body: { text: string };
      action: { button: string; sections: { title?: string; rows: { id: string; title: string; description?: string }[] }[] };
    }
  | { type: "cta_url"; body: { text: string }; action: { name: "cta_url"; parameters: { display_text: string; url: string } } };

export interface Rendered {
  messages: CloudMessage[];
  /** Labels that did not fit and were shortened (full text kept in the row's description): logged as channel errors. */
  shortened: string[];
}

const URL_BUTTON = /^https?:\/\//i;

/**
 * Shapes one outbound message into Graph API messages within Meta's limits: up to 3
 * choices as reply buttons (titles ≤ 20, unique), 4 to 10 as a list (row titles ≤ 24,
 * the full label in the description when shortened), more as a numbered text the person
 * answers by number or words; a link as a call-to-action button where it fits. A body
 * too long for an interactive message leaves its beginning as text messages before it.
 * Exhaustive: a new message kind does not compile until it is shaped here.
 */
export function render(message: Outbound, t: Translate): Rendered {
  switch (message.kind) {
    case "text":
      return plain(message.text);
    case "choices":
      return choices(message.text, message.choices, t);
    case "link":
      return link(message.text, message.url, message.label);
    case "advisor":
      // WhatsApp's own bold markup: the person sees which human wrote.
      return plain(`*${message.sender}*\n${message.text}`);
    default:
      return assertNever(message);
  }
}

function plain(text: string): Rendered {
  return { messages: texts(splitText(text, CLOUD_LIMITS.textBody)), shortened: [] };
}

function texts(parts: string[]): CloudMessage[] {
  const kept = parts.filter((part) => part.trim() !== "");
  return (kept.length > 0 ? kept : ["…"]).map((body) => ({ type: "text", text: { body, preview_url: false } }));
}

/** The text before an interactive part: everything but a last part that fits its body. */
function withBody(text: string, build: (body: string) => CloudMessage): CloudMessage[] {
  const parts = splitText(text.trim() === "" ? "…" : text, CLOUD_LIMITS.interactiveBody);
  const last = parts.pop() ?? "…";
  return [...(parts.length > 0 ? texts(parts) : []), build(last)];
}

function choices(text: string, options: Choice[], t: Translate): Rendered {
  const labels = options.map((choice) => choice.label.trim().replace(/\s+/g, " "));
  const unique = new Set(labels).size === labels.length;
  if (unique && options.length >= 1 && options.length <= CLOUD_LIMITS.maxReplyButtons && labels.every((label) => length(label) <= CLOUD_LIMITS.replyButtonTitle)) {
    const buttons = options.map((choice, index) => ({ type: "reply" as const, reply: { id: choice.id, title: labels[index] ?? "" } }));
    if (options.every((choice) => length(choice.id) <= CLOUD_LIMITS.replyButtonId)) {
      return { messages: withBody(text, (body) => ({ type: "interactive", interactive: { type: "button", body: { text: body }, action: { buttons } } })), shortened: [] };
    }
  }
  const list = options.length >= 1 && options.length <= CLOUD_LIMITS.maxListRows ? listRows(options, labels) : null;
  // From MIN_LIST_ROWS on; fewer only when a label does not fit a button (the list row has room, and a description).
  if (list) {
    const button = shortenOnWord(t("common:whatsappListButton"), CLOUD_LIMITS.listButton) ?? "…";
    return {
      messages: withBody(text, (body) => ({ type: "interactive", interactive: { type: "list", body: { text: body }, action: { button, sections: [{ rows: list.rows }] } } })),
      shortened: list.shortened,
    };
  }
  // Too many, or a label whose first word alone is too long: numbered lines, answered by number or words.
  return plain([text, "", ...labels.map((label, index) => `${index + 1}. ${label}`)].join("\n"));
}

/**
 * List rows, or null when a label cannot be shortened on a word. Two labels that read the
 * same once shortened ("Learning Center de…" for Dakhla and for Laâyoune) are told apart
 * by their numbers ("1. Learning…", "2. Learning…"), their descriptions saying the rest.
 */
function listRows(options: Choice[], labels: string[]) {
  const plain = rowsWith(options, labels, () => "");
  if (!plain || new Set(plain.rows.map((row) => row.title)).size === plain.rows.length) return plain;
  return rowsWith(options, labels, (index) => `${index + 1}. `);
}

function rowsWith(options: Choice[], labels: string[], prefix: (index: number) => string) {
  const rows: { id: string; title: string; description?: string }[] = [];
  const shortened: string[] = [];
  for (const [index, choice] of options.entries()) {
    const label = labels[index] ?? "";
    if (length(choice.id) > CLOUD_LIMITS.listRowId) return null;
    const number = prefix(index);
    const short = shortenOnWord(label, CLOUD_LIMITS.listRowTitle - length(number));
    const title = short === null ? null : `${number}${short}`;
    if (!title) return null;
    if (short === label) {
      rows.push({ id: choice.id, title });
      continue;
    }
    // The whole label in the description, itself shortened on a word when longer still.
    const description = shortenOnWord(label, CLOUD_LIMITS.listRowDescription);
    if (!description) return null;
    shortened.push(label);
    rows.push({ id: choice.id, title, description });
  }
  return { rows, shortened };
}

function link(text: string, url: string, label: string): Rendered {
  const display = shortenOnWord(label, CLOUD_LIMITS.ctaDisplayText);
  if (!URL_BUTTON.test(url) || !display) return plain(`${text}\n${url}`);
  return {
    messages: withBody(text, (body) => ({
      type: "interactive",
      interactive: { type: "cta_url", body: { text: body }, action: { name: "cta_url", parameters: { display_text: display, url } } },
    })),
    shortened: display === label.trim() ? [] : [label],
  };
}
