import type { Choice } from "../core/types.ts";
import { LANGUAGES } from "../core/types.ts";
import type { FlowContext } from "./types.ts";

/**
 * The ways people type an option, declared in the locales beside its label (one
 * `synonyms` key per option, "|" between forms) and read in all three languages: someone
 * who chose French may still answer "rajel" or "رجل". The labels in the other languages
 * count too.
 */
export function synonymsOf(ctx: FlowContext, ...keys: string[]): string[] {
  const forms = new Set<string>();
  for (const lang of LANGUAGES) {
    const t = ctx.translate(lang);
    for (const key of keys) {
      for (const form of t(key, { defaultValue: "" }).split("|")) if (form.trim() !== "") forms.add(form.trim());
    }
  }
  return [...forms];
}

/** A choice with its synonyms (`synonymKey`) and its label in every language (`labelKey`). */
export function choiceWith(ctx: FlowContext, id: string, labelKey: string, synonymKey: string, options?: Record<string, unknown>): Choice {
  return { id, label: ctx.t(labelKey, options), keywords: synonymsOf(ctx, labelKey, synonymKey) };
}
