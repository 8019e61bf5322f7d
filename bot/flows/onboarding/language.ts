import type { Choice, Lang } from "../../core/types.ts";
import { LANGUAGES } from "../../core/types.ts";
import type { FlowContext } from "../types.ts";

/**
 * The language buttons are labelled in their own language whatever the current one, so
 * everyone can find theirs. The keywords let people type the language's name instead.
 */
const LANGUAGE_KEYWORDS: Record<Lang, string[]> = {
  fr: ["fr", "francais", "french", "فرنسية", "الفرنسية", "fransawiya", "fransia"],
  ar: ["ar", "arabe", "arabic", "العربية", "عربية", "العربيه الفصحى", "فصحى", "l3arabia", "3arbia", "arabia"],
  ary: ["darija", "derija", "dariija", "الدارجة", "دارجة", "الدارجه المغربيه", "بالدارجة", "marocain", "b darija", "bdarija"],
};

export function languageChoices(ctx: FlowContext): Choice[] {
  return LANGUAGES.map((lang) => ({
    id: `lang:${lang}`,
    label: ctx.translate(lang)("common:languageName"),
    keywords: LANGUAGE_KEYWORDS[lang],
  }));
}

export function languageFromChoice(choiceId: string): Lang | null {
  const lang = choiceId.startsWith("lang:") ? choiceId.slice("lang:".length) : "";
  return (LANGUAGES as readonly string[]).includes(lang) ? (lang as Lang) : null;
}

/** Before a language is chosen, the welcome is said in all three (the person's own first, when known). */
export function trilingual(ctx: FlowContext, key: string, first?: Lang): string {
  const order = first ? [first, ...LANGUAGES.filter((lang) => lang !== first)] : LANGUAGES;
  return order.map((lang) => ctx.translate(lang)(key)).join("\n\n");
}
