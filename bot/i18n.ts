import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import i18next, { type i18n, type Resource } from "i18next";
import type { Lang } from "./core/types.ts";
import type { Translate } from "./flows/types.ts";

export const LOCALES_DIR = fileURLToPath(new URL("../locales", import.meta.url));

/**
 * i18next locale per external language code. Darija is `ar-MA`, not `ary`: on Node,
 * Intl.PluralRules("ary") falls back to English rules, while "ar-MA" has Arabic's six
 * plural forms — and Darija counts like Arabic.
 */
export const I18N_LOCALE: Record<Lang, string> = { fr: "fr", ar: "ar", ary: "ar-MA" };

/** Reads locales/<locale>/<namespace>.json: one namespace per journey. */
export function loadResources(dir: string = LOCALES_DIR): Resource {
  const resources: Resource = {};
  for (const locale of readdirSync(dir)) {
    const files = readdirSync(join(dir, locale)).filter((file) => file.endsWith(".json"));
    resources[locale] = Object.fromEntries(
      files.map((file) => [file.slice(0, -".json".length), JSON.parse(readFileSync(join(dir, locale, file), "utf8"))]),
    );
  }
  return resources;
}

export interface Translator {
  /** A translate function fixed to one language: never a global changeLanguage. */
  forLang(lang: Lang): Translate;
  instance: i18n;
}

export function createTranslator(resources: Resource = loadResources()): Translator {
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
  const cache = new Map<Lang, Translate>();
  return {
    instance,
    forLang(lang) {
      let translate = cache.get(lang);
      if (!translate) {
        const fixed = instance.getFixedT(I18N_LOCALE[lang]);
        translate = (key, options) => String(fixed(key, options ?? {}));
        cache.set(lang, translate);
      }
      return translate;
    },
  };
}
