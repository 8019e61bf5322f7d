import type { ChannelCapabilities, Outbound } from "../../core/types.ts";
import { assertNever } from "../../core/types.ts";

export const CLI_CAPABILITIES: ChannelCapabilities = { maxTextLength: 100_000, maxButtons: 0, maxButtonLabelLength: 200 };

/** The scripted chat's line format: a stable contract for tests and demos. */
export interface ScriptedLine {
  user: string;
  text: string;
  choices?: { id: string; label: string }[];
  link?: { url: string; label: string };
  /** An advisor's first name, on their messages. */
  from?: string;
}

export function renderScripted(user: string, message: Outbound): ScriptedLine {
  switch (message.kind) {
    case "text":
      return { user, text: message.text };
    case "choices":
      return { user, text: message.text, choices: message.choices.map(({ id, label }) => ({ id, label })) };
    case "link":
      return { user, text: message.text, link: { url: message.url, label: message.label } };
    case "advisor":
      return { user, text: message.text, from: message.sender };
    default:
      return assertNever(message);
  }
}

/** Interactive terminal: choices as a numbered list, answered by number or label. */
export function renderInteractive(message: Outbound): string {
  switch (message.kind) {
    case "text":
      return message.text;
    case "choices":
      return [message.text, ...message.choices.map((choice, index) => `  ${index + 1}. ${choice.label}`)].join("\n");
    case "link":
      return `${message.text}\n  ${message.label}: ${message.url}`;
    case "advisor":
      return `${message.sender}: ${message.text}`;
    default:
      return assertNever(message);
  }
}
