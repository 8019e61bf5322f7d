import { cleanText } from "../core/normalize.ts";
import type { Choice, InboundContent, Lang } from "../core/types.ts";
import { LANGUAGES } from "../core/types.ts";
import { detectLanguage } from "../nlu/language.ts";
import { ONBOARDING } from "./onboarding/index.ts";
import type { FlowContext, FlowState, StepResult } from "./types.ts";

/**
 * Language follows the person: someone who chose French but keeps writing Arabizi is
 * offered Darija (after two messages, so one borrowed phrase does not count), with a way
 * to keep the language chosen; the offer is not made again for that language. The
 * counter rides along in the flow state under LANGUAGE_KEY, whatever the flow. Pure.
 */
export const LANGUAGE_KEY = "__language";
export const SWITCH_PREFIX = "langswitch:";
export const KEEP_LANGUAGE = "langswitch:keep";

/** Messages in another language, in a row, before the offer. */
const STREAK_FOR_OFFER = 2;
/** How sure the reading of the message must be (short or mixed messages score lower). */
const MIN_CONFIDENCE = 0.6;

interface LanguageMeta {
  lang?: Lang;
  streak?: number;
  /** Languages the person said no to. */
  kept?: Lang[];
}

export function languageMeta(state: FlowState): LanguageMeta {
  const meta = state.data[LANGUAGE_KEY];
  return meta && typeof meta === "object" ? (meta as LanguageMeta) : {};
}

export function withLanguageMeta(state: FlowState, meta: LanguageMeta): FlowState {
  const { [LANGUAGE_KEY]: _, ...data } = state.data;
  const empty = !meta.lang && !meta.streak && !(meta.kept && meta.kept.length > 0);
  return { ...state, data: empty ? data : { ...data, [LANGUAGE_KEY]: meta } };
}

/** After a step: count the message's language, and add the offer when it is time. */
export function followLanguage(previous: FlowState, content: InboundContent, ctx: FlowContext, result: StepResult): StepResult {
  // A step may have set it (the person said no to the offer); otherwise it rides along.
  const meta = LANGUAGE_KEY in result.state.data ? languageMeta(result.state) : languageMeta(previous);
  const chosen = ctx.contact.language;
  const changed = result.effects.some((effect) => effect.type === "setLanguage");
  if (!chosen || changed || ctx.conversationStatus !== "bot" || content.kind !== "text" || result.state.flow === ONBOARDING) {
    return { ...result, state: withLanguageMeta(result.state, changed ? {} : meta) };
  }
  const text = cleanText(content.text);
  const guess = detectLanguage(text);
  const other = guess.language !== chosen && guess.confidence >= MIN_CONFIDENCE && text.split(/\s+/).length >= 2 ? guess.language : null;
  const streak = other && other === meta.lang ? (meta.streak ?? 0) + 1 : other ? 1 : 0;
  const kept = meta.kept ?? [];
  if (!other || streak < STREAK_FOR_OFFER || kept.includes(other)) {
    return { ...result, state: withLanguageMeta(result.state, { ...(other ? { lang: other, streak } : {}), kept }) };
  }
  const t = ctx.translate(other);
  const offer: Choice[] = [
    { id: `${SWITCH_PREFIX}${other}`, label: t("onboarding:follow.switch"), keywords: [t("common:languageName")] },
    { id: KEEP_LANGUAGE, label: ctx.t("onboarding:follow.keep") },
  ];
  return {
    ...result,
    messages: [...result.messages, { kind: "choices", text: t("onboarding:follow.offer"), choices: offer }],
    // The step's own choices still answer when typed; the offer's two are added to them.
    state: withLanguageMeta({ ...result.state, offered: [...result.state.offered, ...offer] }, { lang: other, streak: 0, kept }),
  };
}

export function languageOfSwitch(choiceId: string): Lang | null {
  const lang = choiceId.startsWith(SWITCH_PREFIX) ? choiceId.slice(SWITCH_PREFIX.length) : "";
  return (LANGUAGES as readonly string[]).includes(lang) ? (lang as Lang) : null;
}
