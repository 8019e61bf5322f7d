import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import i18next, { type i18n, type Resource } from "i18next";
import type { Lang } from "./core/types.ts";
import type { Translate } from "./flows/types.ts";
import { isolateLatin, rightToLeftLines } from "./text/bidi.ts";

export const LOCALES_DIR = fileURLToPath(new URL("../locales", import.meta.url));

/**
 * i18next locale per external language code. Darija is `ar-MA`, not `ary`: on Node,
 * Intl.PluralRules("ary") falls back to English rules, while "ar-MA" has Arabic's six
 * plural forms — and Darija counts like Arabic.
 */
export const I18N_LOCALE: Record<Lang, string> = { fr: "fr", ar: "ar", ary: "ar-MA" };

/** The person's grammatical gender once they said it: i18next's `context` picks `key_female` / `key_male`. */
export type Addressee = "female" | "male";

/**
 * Who answers for the data of this deployment (law 09-08, art. 5) and who else reads
 * it. Every locale's notice names them through these placeholders; `aiProvider` is set
 * only when a language model is configured (a transfer abroad, art. 43-44).
 */
export interface Deployment {
  controllerName: string;
  controllerContact: string;
  cndpNumber: string;
  ai: { provider: string; country: string } | null;
}

/** What the notice says when a deployment has not set its controller (the embedded demo, tests). */
export const UNSET_DEPLOYMENT: Deployment = { controllerName: "", controllerContact: "", cndpNumber: "", ai: null };

/** Reads locales/<locale>/<namespace>.json: one namespace per journey. */
export function loadResources(dir: string = LOCALES_DIR): Resource {
  const resources: Resource = {};
  // Locales are folders; GLOSSARY.md sits beside them.
  for (const locale of readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)) {
    const files = readdirSync(join(dir, locale)).filter((file) => file.endsWith(".json"));
    resources[locale] = Object.fromEntries(
      files.map((file) => [file.slice(0, -".json".length), JSON.parse(readFileSync(join(dir, locale, file), "utf8"))]),
    );
  }
  return resources;
}

export interface Translator {
  /**
   * A translate function fixed to one language: never a global changeLanguage. With the
   * person's gender, every key that has `_female` / `_male` forms speaks to them in theirs;
   * without it, the key's own text, which fits everyone.
   */
  forLang(lang: Lang, addressee?: Addressee | null): Translate;
  instance: i18n;
}

const RTL = new Set<Lang>(["ar", "ary"]);

export function createTranslator(resources: Resource = loadResources(), deployment: Deployment = UNSET_DEPLOYMENT): Translator {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    initAsync: false,
    lng: "fr",
    fallbackLng: false,
    supportedLngs: Object.values(I18N_LOCALE),
    ns: Object.keys(resources.fr ?? {}),
    defaultNS: "common",
    interpolation: { escapeValue: false }, // channels escape for their own markup
    returnNull: false,
  });
  const cache = new Map<string, Translate>();
  return {
    instance,
    forLang(lang, addressee) {
      const cacheKey = `${lang}:${addressee ?? ""}`;
      let translate = cache.get(cacheKey);
      if (!translate) {
        const fixed = instance.getFixedT(I18N_LOCALE[lang]);
        const rtl = RTL.has(lang);
        const own = (value: string) => (rtl ? isolateLatin(value) : value);
        const unset = String(fixed("privacy:notice.unset"));
        const known = {
          controllerName: own(deployment.controllerName || unset),
          controllerContact: own(deployment.controllerContact || unset),
          cndpNumber: own(deployment.cndpNumber || unset),
          aiRecipient: deployment.ai
            ? String(fixed("privacy:notice.aiRecipient", { provider: own(deployment.ai.provider), country: countryName(deployment.ai.country, lang) }))
            : "",
        };
        // A text without values is the same every time (resources do not change while running):
        // menus and buttons ask for the same labels on every turn.
        const plain = new Map<string, string>();
        translate = (key, options) => {
          if (!options) {
            const cached = plain.get(key);
            if (cached !== undefined) return cached;
          }
          // Latin names, amounts and links inside Arabic text are isolated here, once for every channel.
          const values = rtl && options ? isolateValues(options) : options;
          const rendered = String(fixed(key, { ...known, ...(addressee ? { context: addressee } : {}), ...values }));
          const text = rtl ? rightToLeftLines(rendered) : rendered;
          if (!options) plain.set(key, text);
          return text;
        };
        cache.set(cacheKey, translate);
      }
      return translate;
    },
  };
}

/** i18next's own options, which are not text shown to anyone. */
const I18NEXT_OPTIONS = new Set(["context", "count", "defaultValue", "lng", "lngs", "ns", "keySeparator", "nsSeparator", "returnObjects", "ordinal", "replace", "interpolation"]);

function isolateValues(options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) out[key] = typeof value === "string" && !I18NEXT_OPTIONS.has(key) ? isolateLatin(value) : value;
  return out;
}

/** "US" in the person's language ("États-Unis", "الولايات المتحدة"); the code itself if unknown. */
function countryName(code: string, lang: Lang): string {
  return new Intl.DisplayNames([lang === "fr" ? "fr" : "ar"], { type: "region", fallback: "code" }).of(code) ?? code;
}
