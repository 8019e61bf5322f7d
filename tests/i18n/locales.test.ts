import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../../bot/core/types.ts";
import { createTranslator, I18N_LOCALE, loadResources } from "../../bot/i18n.ts";

/**
 * Every user-facing string exists in French, Arabic and Darija with the same
 * placeholders; plural keys carry every form the locale's plural rules use; and every
 * key the code asks for exists. A missing translation fails here, not in front of a user.
 */
type Tree = { [key: string]: string | Tree };

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
/** Forms a language may say in words, without the count: «شهرين», «un seul». */
const NUMBER_SAID_IN_WORDS = /_(zero|one|two)$/;
/** i18next contexts: the person's gender once they said it («ساكنة؟» / «ساكن؟»). */
const CONTEXT_SUFFIX = /_(female|male)(?=_(?:zero|one|two|few|many|other)$|$)/;
const withoutContext = (key: string) => key.replace(CONTEXT_SUFFIX, "");

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((match) => match[1] ?? "").sort();
}

const resources = loadResources();
const locales = Object.values(I18N_LOCALE);
const keysOf = (locale: string) => {
  const out = new Map<string, string>();
  for (const [ns, tree] of Object.entries(resources[locale] ?? {})) {
    for (const [key, value] of flatten(tree as Tree)) out.set(`${ns}:${key}`, value);
  }
  return out;
};
const byLocale = new Map(locales.map((locale) => [locale, keysOf(locale)]));
// A gendered form (`key_female`) is optional per locale: French rarely needs one where Darija does.
const baseKeys = (locale: string) => new Set([...(byLocale.get(locale)?.keys() ?? [])].filter((key) => !CONTEXT_SUFFIX.test(key)).map((key) => key.replace(PLURAL_SUFFIX, "")));

describe("locales", () => {
  it("has exactly the three locales the bot speaks", () => {
    expect(Object.keys(resources).sort()).toEqual([...locales].sort());
  });

  it.each(locales)("%s has every key the others have, with the same placeholders", (locale) => {
    const mine = byLocale.get(locale) ?? new Map<string, string>();
    for (const other of locales) {
      for (const key of baseKeys(other)) {
        expect(baseKeys(locale).has(key), `${locale} is missing ${key} (present in ${other})`).toBe(true);
      }
    }
    const reference = byLocale.get("fr") ?? new Map<string, string>();
    for (const [key, text] of mine) {
      const base = key.replace(PLURAL_SUFFIX, "");
      const frText = reference.get(key) ?? reference.get(`${base}_other`) ?? reference.get(withoutContext(key)) ?? reference.get(`${withoutContext(key)}_other`) ?? "";
      // Arabic says «شهرين», «عامين», «شهر واحد» without the number: zero, one and two may leave {{count}} out.
      const expected = placeholders(frText).filter((name) => !(name === "count" && NUMBER_SAID_IN_WORDS.test(key)));
      expect(placeholders(text).filter((name) => !(name === "count" && NUMBER_SAID_IN_WORDS.test(key))), `${locale} ${key} placeholders`).toEqual(expected);
      expect(text.trim(), `${locale} ${key} is empty`).not.toBe("");
    }
  });

  it.each(locales)("%s plural keys carry every plural form of its rules", (locale) => {
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const mine = byLocale.get(locale) ?? new Map<string, string>();
    const plurals = new Set([...mine.keys()].filter((key) => PLURAL_SUFFIX.test(key)).map((key) => key.replace(PLURAL_SUFFIX, "")));
    for (const base of plurals) {
      for (const category of categories) expect(mine.has(`${base}_${category}`), `${locale} ${base}_${category}`).toBe(true);
    }
  });

  it("uses Arabic plural rules for Darija (ar-MA), not the English fallback of `ary`", () => {
    expect(new Intl.PluralRules(I18N_LOCALE.ary).resolvedOptions().pluralCategories).toHaveLength(6);
  });
});

describe("keys used by the code", () => {
  const sources = listSources(join(import.meta.dirname, "../../bot"));
  const used = new Set<string>();
  for (const file of sources) {
    const text = readFileSync(file, "utf8");
    // Keys passed to t(…), translate(lang)(…), trilingual(ctx, …), reprompt(…) or named labelKey.
    const keyCalls = /(?:\bt\(|\)\(|trilingual\(ctx, |reprompt\(state, ctx, |menuWith\(|labelKey: )\s*["'`]([a-z]+:[\w.]+)["'`]/g;
    for (const match of text.matchAll(keyCalls)) used.add(match[1] ?? "");
  }
  // Keys built at run time from a closed set of values.
  for (const media of ["sticker", "photo", "voice", "audio", "video", "document", "other"]) used.add(`common:media.${media}`);
  for (const channel of ["web", "cli", "telegram", "whatsapp"]) used.add(`common:channel.${channel}`);
  const translator = createTranslator();

  it("finds the keys it checks (the scan itself works)", () => {
    expect(used.size).toBeGreaterThan(30);
  });

  it.each(LANGUAGES)("every key the flows use resolves in %s", (lang) => {
    const t = translator.forLang(lang);
    for (const key of used) {
      const text = t(key, { name: "X", value: "X", date: "X", version: "X", field: "X", count: 2 });
      expect(text, `${lang}: ${key}`).not.toBe(key.split(":")[1]);
      expect(text, `${lang}: ${key}`).not.toBe(key);
    }
  });
});

function listSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listSources(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

describe("keys used by the console page", () => {
  // The console's modules: `t("key")` reads the module's namespace (console, or
  // console-<section> where its `t` prefixes "<section>:"), `translate(lang, "key")` the console's own.
  const dir = join(import.meta.dirname, "../../api/console/page");
  const used: { file: string; ns: string; key: string }[] = [];
  for (const name of readdirSync(dir).filter((file) => file.endsWith(".js"))) {
    const text = readFileSync(join(dir, name), "utf8");
    const prefix = /translate\(lang, `(\w+):\$\{key\}`/.exec(text)?.[1];
    const ns = prefix ? `console-${prefix}` : "console";
    for (const match of text.matchAll(/\bt\(\s*"(\w+)"/g)) used.push({ file: name, ns, key: match[1] ?? "" });
    for (const match of text.matchAll(/\btranslate\((?:lang|langNow\.current), "(?:(\w+):)?(\w+)"/g)) used.push({ file: name, ns: match[1] ? `console-${match[1]}` : "console", key: match[2] ?? "" });
  }

  it("finds the keys it checks", () => {
    expect(used.length).toBeGreaterThan(100);
  });

  it.each(locales)("every key the console asks for exists in %s (a plural key by its forms)", (locale) => {
    const keys = byLocale.get(locale) ?? new Map<string, string>();
    for (const { file, ns, key } of used) {
      const found = keys.has(`${ns}:${key}`) || keys.has(`${ns}:${key}_other`);
      expect(found, `${locale}: ${ns}:${key} (${file})`).toBe(true);
    }
  });
});
