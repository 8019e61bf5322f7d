import type { Lang, Outbound } from "../core/types.ts";
import type { Translate } from "../flows/types.ts";
import type { BroadcastAction, BroadcastTexts } from "./types.ts";

/** Longest announcement text: it must fit one Telegram message with its footer. */
export const MAX_BROADCAST_TEXT_CHARS = 3_000;

/**
 * What one person receives: the text in their language, the opt-out footer (law 09-08
 * and plain courtesy: every announcement says how to stop them), and the button when
 * there is one. The button is a `cmd:*` choice, so it opens the journey from whatever
 * step the person is at, on every channel (a numbered option where there are no buttons).
 */
export function composeBroadcast(
  broadcast: { texts: BroadcastTexts; action: BroadcastAction | null },
  lang: Lang,
  t: Translate,
): Outbound {
  const text = [broadcast.texts[lang].trim(), t("broadcasts:footer")].filter(Boolean).join("\n\n");
  // Outside WhatsApp's 24-hour window, the approved marketing template carries the text (its own footer says how to stop).
  const notice = { template: "announcement" as const, values: { text: broadcast.texts[lang].trim() } };
  if (!broadcast.action) return { kind: "text", text, notice };
  return { kind: "choices", text, choices: [{ id: actionChoiceId(broadcast.action), label: t(`menu:${broadcast.action}`) }], notice };
}

/** A `cmd:*` choice works from any step: the button opens its journey wherever the person is. */
export const ACTION_CHOICE_PREFIX = "cmd:";

/** The choice a button press sends back: how "opened the journey" is counted (db/broadcasts.ts). */
export function actionChoiceId(action: BroadcastAction): string {
  return `${ACTION_CHOICE_PREFIX}${action}`;
}
