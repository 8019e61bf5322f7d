import type { Choice, Lang } from "../../core/types.ts";
import { LANGUAGES } from "../../core/types.ts";
import { normalizeForMatch } from "../../core/normalize.ts";
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

// "jawbni b darija", "parle-moi en français", "أجبني بالعربية": a language named in a sentence.
const NAMED_IN_SENTENCE: Record<Lang, string[]> = {
  fr: ["francais", "en francais", "french", "بالفرنسية", "الفرنسية", "bl fransawiya", "b fransawiya", "fransawiya"],
  ar: ["arabe", "en arabe", "arabic", "العربية", "بالعربية", "الفصحى", "بالفصحى", "l3arabia", "b l3arbia", "fos7a"],
  ary: ["darija", "derija", "b darija", "bdarija", "الدارجة", "بالدارجة", "en darija", "marocain", "en marocain"],
};

/** The one language a message names, or null (none, or several: "français ou arabe ?"). */
export function namedLanguage(text: string): Lang | null {
  const typed = ` ${normalizeForMatch(text)} `;
  const named = LANGUAGES.filter((lang) => NAMED_IN_SENTENCE[lang].some((form) => typed.includes(` ${normalizeForMatch(form)} `)));
  return named.length === 1 ? named[0]! : null;
}

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
