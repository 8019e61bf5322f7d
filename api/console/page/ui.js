// What every console module shares: the template tag, the page's words, and how times,
// durations and languages are shown. Text is always rendered as text by preact (never
// parsed as HTML), so nothing a person or an advisor writes can inject markup.
import { h } from "preact";
import htm from "htm";

export const html = htm.bind(h);

/** Filled in by the server: { fr|ar|ary: { console, canned, fields, values } }. */
const STRINGS = /*@STRINGS@*/ {};

export const LANGS = ["fr", "ar", "ary"];
export const RTL = new Set(["ar", "ary"]);
const LOCALE = { fr: "fr-MA", ar: "ar-MA", ary: "ar-MA" };
const TIME_ZONE = "Africa/Casablanca";

/**
 * The console's words in `lang`, `{{name}}` placeholders filled from `vars`. A key
 * `"broadcasts:title"` reads the section's own namespace (locales/<lang>/console-broadcasts.json).
 * With a numeric `count`, the plural form of the language comes first (`key_one`,
 * `key_few`…: Arabic has six), as i18next does on the server.
 */
export function translate(lang, key, vars = {}) {
  const [ns, name] = key.includes(":") ? [`console-${key.slice(0, key.indexOf(":"))}`, key.slice(key.indexOf(":") + 1)] : ["console", key];
  const lookup = (code) => {
    const words = STRINGS[code]?.[ns];
    if (!words) return undefined;
    if (typeof vars.count === "number") {
      const plural = words[`${name}_${new Intl.PluralRules(LOCALE[code]).select(vars.count)}`] ?? words[`${name}_other`];
      if (plural !== undefined) return plural;
    }
    return words[name];
  };
  const text = lookup(lang) ?? lookup("fr") ?? key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => (vars[name] === undefined ? "" : String(vars[name])));
}

/** Canned replies in the person's language: [{ key, text }]. */
export function cannedReplies(personLang) {
  const canned = STRINGS[personLang]?.canned ?? STRINGS.fr?.canned ?? {};
  return Object.entries(canned).map(([key, text]) => ({ key, text }));
}

/** Morocco's regions, [{ slug, name }], named in `lang`. */
export function regions(lang) {
  return STRINGS[lang]?.regions ?? [];
}

/** Morocco's provinces and prefectures, [{ slug, region, name }], named in `lang`. */
export function provinces(lang) {
  return STRINGS[lang]?.provinces ?? [];
}

/** The engine's verdict as people read it, where only the verdict is known (an old record, a segment). */
const LABEL_OF_VERDICT = { eligible: "eligible", unknown: "to_check", not_eligible: "not_eligible" };

/**
 * One verdict vocabulary with the chat (locales/<lang>/check.json, `verdict`): eligible,
 * to_check, nearly, not_eligible. Takes a label, or an engine verdict (unknown → to_check).
 */
export function verdictName(lang, labelOrVerdict) {
  const label = LABEL_OF_VERDICT[labelOrVerdict] ?? labelOrVerdict;
  return STRINGS[lang]?.verdicts?.[label] ?? STRINGS.fr?.verdicts?.[label] ?? label;
}

export function fieldLabel(lang, field) {
  return STRINGS[lang]?.fields?.[field] ?? field;
}

export function valueLabel(lang, field, value) {
  const known = STRINGS[lang]?.values?.[field]?.[String(value)];
  return typeof known === "string" ? known : String(value);
}

export function formatTime(lang, iso) {
  if (!iso) return "";
  return new Intl.DateTimeFormat(LOCALE[lang], { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

export function formatDateTime(lang, iso) {
  if (!iso) return "";
  return new Intl.DateTimeFormat(LOCALE[lang], { timeZone: TIME_ZONE, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

/** "4 min", "2 h 05", "3 j": how long someone has been waiting. */
export function formatDuration(lang, ms) {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return translate(lang, "minutes", { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return translate(lang, "hoursMinutes", { h: hours, m: String(minutes % 60).padStart(2, "0") });
  return translate(lang, "days", { n: Math.floor(hours / 24) });
}

export function languageName(lang, code) {
  return code ? translate(lang, `lang${code[0].toUpperCase()}${code.slice(1)}`) : translate(lang, "langUnknown");
}

export function channelName(lang, channel) {
  return translate(lang, `channel${channel[0].toUpperCase()}${channel.slice(1)}`);
}

/** The person's first name, or a neutral stand-in. */
/** A name as its owner would write it: Latin words capitalised ("hamza" → "Hamza"), as bot/text/names.ts does. */
export function personName(lang, firstName) {
  if (!firstName) return translate(lang, "noName");
  return firstName.replace(/(^|[\s'-])(\p{Ll})/gu, (_, before, letter) => (/[a-zà-ÿ]/.test(letter) ? before + letter.toUpperCase() : before + letter));
}
