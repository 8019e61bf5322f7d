// The page's own words (header, box, errors) in the three languages. The conversation
// itself comes from the server, already translated.

const STRINGS = {
  fr: {
    title: "Rafiq",
    connecting: "Connexion…",
    online: "En ligne",
    reconnecting: "Reconnexion…",
    offline: "Hors ligne",
    placeholder: "Écrivez votre message…",
    send: "Envoyer",
    typing: "Rafiq écrit…",
    retry: "Réessayer",
    log: "Conversation avec Rafiq",
    unreachable: "Impossible de joindre Rafiq. Vérifiez votre connexion puis réessayez.",
    failed: "Le message n'est pas parti. Réessayez dans un instant.",
    tooLong: "Ce message est trop long (10 000 caractères au plus).",
  },
  ar: {
    title: "رفيق",
    connecting: "جارٍ الاتصال…",
    online: "متصل",
    reconnecting: "جارٍ إعادة الاتصال…",
    offline: "غير متصل",
    placeholder: "اكتب رسالتك…",
    send: "إرسال",
    typing: "رفيق يكتب…",
    retry: "إعادة المحاولة",
    log: "المحادثة مع رفيق",
    unreachable: "تعذّر الوصول إلى رفيق. تحقّق من اتصالك ثم أعد المحاولة.",
    failed: "لم تُرسَل الرسالة. أعد المحاولة بعد لحظة.",
    tooLong: "هذه الرسالة طويلة جدًا (10000 حرف على الأكثر).",
  },
  ary: {
    title: "رفيق",
    connecting: "كنتّاصل…",
    online: "متّاصل",
    reconnecting: "كنعاود نتّاصل…",
    offline: "ماكاينش الاتصال",
    placeholder: "كتب الميساج ديالك…",
    send: "صيفط",
    typing: "رفيق كيكتب…",
    retry: "عاود جرّب",
    log: "الهضرة مع رفيق",
    unreachable: "ماقدرتش نوصل لرفيق. شوف الكونيكسيون ديالك وعاود جرّب.",
    failed: "الميساج ماتصيفطش. عاود جرّب من بعد شوية.",
    tooLong: "هاد الميساج طويل بزاف (10000 حرف على الأكثر).",
  },
};

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
