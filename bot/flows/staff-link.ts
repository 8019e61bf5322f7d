import type { InboundContent } from "../core/types.ts";
import type { FlowContext, FlowState, StepResult } from "./types.ts";

/**
 * A staff member links their own chat with the bot (Telegram or the web chat) to their
 * console account by sending the one-time code the console shows: «RAFIQ 1234 5678».
 * Nothing else in the chat looks like it, so it is read before any flow, in any state.
 */
const LINK_CODE = /^\s*rafiq[\s-]*(\d{4})[\s-]*(\d{4})\s*$/i;

export function readLinkCode(text: string): string | null {
  const match = LINK_CODE.exec(text);
  return match ? `${match[1]}${match[2]}` : null;
}

/** The code's answer: linked (the effect succeeds), or unknown or expired (the effect's plan B). The state is left as it was. */
export function staffLinkStep(state: FlowState, content: InboundContent, ctx: FlowContext): StepResult | null {
  if (content.kind !== "text") return null;
  const code = readLinkCode(content.text);
  if (!code) return null;
  const unknown: StepResult = { state, messages: [{ kind: "text", text: ctx.t("staff:linkUnknown") }], effects: [] };
  return { state, messages: [{ kind: "text", text: ctx.t("staff:linked") }], effects: [{ type: "linkStaff", code, ifUnknown: unknown }] };
}
