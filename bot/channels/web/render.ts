import type { ChannelCapabilities, Choice, Outbound } from "../../core/types.ts";
import { assertNever } from "../../core/types.ts";

/**
 * The web chat draws real buttons and has no message size limit of its own; these limits
 * keep one bubble readable on a 360 px phone and a button row tappable.
 */
export const WEB_CAPABILITIES: ChannelCapabilities = {
  maxTextLength: 4096,
  maxButtons: 12,
  maxButtonLabelLength: 64,
};

export interface WebChoice {
  id: string;
  label: string;
}

/** What the browser receives for one bot message: display data only, never keywords. */
export interface WebMessage {
  id: number;
  kind: Outbound["kind"];
  text: string;
  choices?: WebChoice[];
  url?: string;
  linkLabel?: string;
  /** An advisor's first name, on their messages. */
  sender?: string;
}

export type WebMessageBody = Omit<WebMessage, "id">;

/**
 * Shapes one outbound message for the browser. The switch is exhaustive: a new message
 * kind does not compile until the web chat knows how to show it.
 */
export function render(outbound: Outbound): WebMessageBody {
  switch (outbound.kind) {
    case "text":
      return { kind: "text", text: clip(outbound.text, WEB_CAPABILITIES.maxTextLength) };
    case "choices":
      // More choices than buttons fit (the project review offers 13): numbered lines, as on
      // Telegram, which the engine matches when the person types a number or a label.
      if (outbound.choices.length > WEB_CAPABILITIES.maxButtons) {
        return { kind: "text", text: clip(numbered(outbound.text, outbound.choices), WEB_CAPABILITIES.maxTextLength) };
      }
      return {
        kind: "choices",
        text: clip(outbound.text, WEB_CAPABILITIES.maxTextLength),
        choices: outbound.choices.map(toWebChoice),
      };
    case "link":
      return {
        kind: "link",
        text: clip(outbound.text, WEB_CAPABILITIES.maxTextLength),
        url: outbound.url,
        linkLabel: clip(outbound.label, WEB_CAPABILITIES.maxButtonLabelLength),
      };
    case "advisor":
      return { kind: "advisor", text: clip(outbound.text, WEB_CAPABILITIES.maxTextLength), sender: clip(outbound.sender, WEB_CAPABILITIES.maxButtonLabelLength) };
    default:
      return assertNever(outbound);
  }
}

export function renderWithId(id: number, outbound: Outbound): WebMessage {
  return { id, ...render(outbound) };
}

// Keywords help the engine match typed answers; they are not for display, so they stay here.
function toWebChoice(choice: Choice): WebChoice {
  return { id: choice.id, label: clip(choice.label, WEB_CAPABILITIES.maxButtonLabelLength) };
}

function numbered(text: string, choices: readonly Choice[]): string {
  return [text, "", ...choices.map((choice, index) => `${index + 1}. ${choice.label}`)].join("\n");
}

function clip(text: string, max: number): string {
  const chars = [...text]; // by code point, so an emoji or Arabic letter is never cut in half
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
