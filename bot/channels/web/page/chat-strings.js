// The page's own words (header, box, errors) in the three languages. The conversation
// itself comes from the server, already translated.

// Filled in by the server from locales/<lang>/webchat.json through i18next (see
// api/webchat/page.ts), so the page's words are checked like every other string.
const STRINGS = /*@STRINGS@*/ {};

// Darija is written here in Arabic letters: "ar-MA" lets screen readers pick an Arabic voice.
const HTML_LANG = { fr: "fr", ar: "ar", ary: "ar-MA" };
const RTL = new Set(["ar", "ary"]);

export function isKnownLang(lang) {
  return Object.hasOwn(STRINGS, lang);
}

export function stringsFor(lang) {
  return STRINGS[isKnownLang(lang) ? lang : "fr"];
}

export function htmlLangFor(lang) {
  return HTML_LANG[isKnownLang(lang) ? lang : "fr"];
}

export function dirFor(lang) {
  return RTL.has(lang) ? "rtl" : "ltr";
}
