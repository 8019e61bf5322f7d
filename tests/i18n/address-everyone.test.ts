import { describe, expect, it } from "vitest";
import { createTranslator } from "../../bot/i18n.ts";
import { stringsOf } from "./glossary.test.ts";

/**
 * Rafiq speaks to young women as well as men (issue 21). Until the person says their
 * gender, a key's own text fits both; once said, `key_female` / `key_male` speak to them in
 * theirs. These are the words that mark a form addressed to one gender only: a chat key
 * whose own text holds one fails, unless the word is in its `_female`/`_male` forms.
 */
const MARKERS: Record<string, string[]> = {
  // Participles and adjectives said to the person (masculine); «خدام» also as «ما خدامش».
  "ar-MA": ["موافق", "ساكن", "ساكنة", "محتاج", "باغي", "خدام", "ما خدامش", "صاحبك", "متأكد", "مستعد", "فرحان", "مسجل", "كونيكطي", "فاضي"],
  // Second-person masculine verbs and adjectives of the questions, and the raw «(ة)».
  ar: ["تريد", "توافق", "تعيش", "تسكن", "تحتاج", "تفكر", "مؤهل", "متأكد", "مستعد", "متصلًا", "لست متاحا", "(ة)"],
  fr: ["·ère", "·e", "(e)", "conseiller(e)"],
};
/**
 * Verbs said to the person in the masculine: imperatives («ختار», «اكتب»: the feminine is
 * «ختاري», «اكتبي») and second-person present forms («تقدر» / «تقدري», «تريد» / «تريدين»).
 * A verb may carry «و» or «ف» before it and nothing after it: «ختاريتي» (past, said to
 * both) or «كتبها» are other words. Left out on purpose:
 * - verbs whose masculine and feminine are written alike: Darija verbs ending in «ي»
 *   («تبغي», «تلغي», «تمشي», «تشري», «تبني»), MSA past forms («أجبت», «كنت»);
 * - words that are also something else: Darija «تبدل», «تسجل», «تصيفط» (also the passive,
 *   «it was changed»), «تكون» (mostly «they will be», of the conditions), «كتاخد»/«كتقرا» (of a
 *   platform or a service, feminine third person); MSA «تسير», «ترافقك» (of a programme or
 *   of women, third person), «تغيّر» (the notice changed), «أعد» alone («لم أعد», «I no
 *   longer»: the imperative is caught as «أعد المحاولة»).
 * What stands between «…» is what the person types or taps («احذف بياناتي», «بدل اللغة»,
 * «نهضر مع مستشار»), said by them to Rafiq: verbs are not looked for there.
 */
const VERBS: Record<string, string[]> = {
  "ar-MA": [
    // Imperatives, masculine singular (and «ختارو», «كتبو»: «choose it», «write it»).
    "ختار", "ختارو", "كتب", "كتبو", "صيفط", "ورك", "عاود", "شوف", "قول", "جرب", "جرّب", "جيب", "جي", "سول", "جاوب", "تأكد", "تسنى", "تسنّى", "خود", "طلب", "زيدو", "وريها", "قراه", "دوز",
    // Second person present, masculine (feminine adds «ي»: «تقدري», «كتكتبي»).
    "تقدر", "تقدرش", "تختار", "تكتب", "ترجع", "تاخد", "تهضر", "تشوف", "تبيع", "تعرف", "تتأكد", "تراجع", "تبدا", "تستافد", "تخدم", "تستعمل", "تحط", "تدوز", "تسحب", "تطلب", "تعاود", "تعطل", "تقلب", "تقول", "تقوي", "توصف", "تترشح", "تتلاقى", "تمسح", "تلقى", "تعطي",
    "كتكتب", "كتستعمل", "كتخدم", "كتبيع", "كتوقع", "كتصرف",
  ],
  ar: [
    // Imperatives, masculine singular (feminine «اختاري», «اكتبي», «أرسلي»).
    "اختر", "اختره", "اكتب", "اكتبه", "أرسل", "اضغط", "أعد المحاولة", "احذف", "احضر", "استعمل", "استخدم", "اسأل", "احجز", "أحضر", "انتظر", "تحقّق", "تحقق", "جرب", "جرّب", "حاول", "أجب", "اطلب", "أضف", "قل", "انقر",
    // Second person present, masculine (feminine «تريدين», «تستطيعين»).
    "تريد", "تستطيع", "تختار", "تكتب", "تقصد", "تستعمل", "تعمل", "تشتريه", "تترشح", "تبيع", "تتوقع", "تعرف", "ترغب", "تحجز", "تلغي", "تبدأ",
  ],
};
const CONTEXT = /_(female|male)(?=$|_(?:zero|one|two|few|many|other)$)/;
// Letters and marks only: «؟», «،» and «؛» sit in the same block and end a word.
const ARABIC_LETTER = "\\u0620-\\u065F\\u066E-\\u06D3";

/** A verb as a whole word, with «و» or «ف» before it at most (never the article). */
function verbPattern(verb: string): RegExp {
  return new RegExp(`(?<![${ARABIC_LETTER}])(?:و|ف)?${verb}(?![${ARABIC_LETTER}])`, "u");
}

/** A marker as a whole word (Arabic words glue no letter before or after, bar the article and «و»). */
function markerPattern(marker: string): RegExp {
  const escaped = marker.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return /^[\u0600-\u06FF ]+$/.test(marker) ? new RegExp(`(?<![${ARABIC_LETTER}])(?:و|ال)?${escaped}(?![${ARABIC_LETTER}])`, "u") : new RegExp(escaped, "u");
}

describe("every chat text fits women and men until the person says their gender", () => {
  it.each(Object.keys(MARKERS))("%s: no key's own text addresses one gender only", (locale) => {
    const patterns: { marker: string; pattern: RegExp; unquoted?: boolean }[] = [
      ...(MARKERS[locale] ?? []).map((marker) => ({ marker, pattern: markerPattern(marker) })),
      ...(VERBS[locale] ?? []).map((marker) => ({ marker, pattern: verbPattern(marker), unquoted: true })),
    ];
    const found: string[] = [];
    for (const { where, namespace, text } of stringsOf(locale)) {
      // The console and the advisors' own chat lines (`staff`) speak to the staff, not to the person.
      if (namespace.startsWith("console") || namespace === "staff" || CONTEXT.test(where)) continue;
      const said = text.replace(/«[^»]*»/g, "«»");
      for (const { marker, pattern, unquoted } of patterns) if (pattern.test(unquoted ? said : text)) found.push(`${where} «${marker}»: ${text.slice(0, 70)}`);
    }
    expect(found).toEqual([]);
  });

  it.each(["ar-MA", "ar", "fr"])("%s: a key with a gendered form has both, and its own neutral text", (locale) => {
    // Console keys such as `gender_female` are labels of their own, not i18next contexts.
    const keys = new Set(stringsOf(locale).filter((entry) => !entry.namespace.startsWith("console")).map((entry) => entry.where));
    const gendered = [...keys].filter((key) => CONTEXT.test(key));
    for (const key of gendered) {
      const base = key.replace(CONTEXT, "");
      expect(keys.has(base), `${locale} ${key} has no neutral ${base}`).toBe(true);
      expect(keys.has(key.replace("_female", "_male")) && keys.has(key.replace("_male", "_female")), `${locale} ${key} has both forms`).toBe(true);
    }
  });

  it("has gendered forms where Darija and MSA need them, and the translator picks them", () => {
    const translator = createTranslator();
    expect(translator.forLang("ary", "female")("check:question.area")).toContain("ساكنة");
    expect(translator.forLang("ary", "male")("check:question.area")).toContain("ساكن");
    expect(translator.forLang("ary")("check:question.area")).not.toMatch(markerPattern("ساكن"));
    expect(translator.forLang("ar", "female")("check:question.country")).toContain("تعيشين");
    expect(translator.forLang("ar")("check:question.country")).not.toContain("تعيش");
  });

  it("finds a one-gender form when there is one (the check itself works)", () => {
    expect(markerPattern("موافق").test("واش موافق؟")).toBe(true);
    expect(markerPattern("موافق").test("واش متافقين؟")).toBe(false);
    expect(markerPattern("خدام").test("الإعلانات: خدامين")).toBe(false);
    expect(markerPattern("تريد").test("ماذا تريد أن تفعل؟")).toBe(true);
    expect(verbPattern("ختار").test("ختار شي اختيار")).toBe(true);
    expect(verbPattern("ختار").test("المنصة اللي ختاريتي")).toBe(false);
    expect(verbPattern("تقدر").test("وتقدر تكتب")).toBe(true);
    expect(verbPattern("تقدر").test("ما نقدرش")).toBe(false);
    expect(verbPattern("طلب").test("صيفطت الطلب ديالك")).toBe(false);
    expect(verbPattern("اكتب").test("أو اكتب يوما")).toBe(true);
  });
});

describe("a line of only a Latin name in Arabic", () => {
  it("starts with a right-to-left mark, so Telegram and WhatsApp keep it right to left", () => {
    const text = createTranslator().forLang("ary")("booking:confirm", { when: "غدا", site: "Learning Center", address: "شارع", topic: "المشروع" });
    const line = text.split("\n").find((candidate) => candidate.includes("Learning"));
    expect(line).toBe("\u200F📍 \u2068Learning Center\u2069");
    expect(createTranslator().forLang("fr")("booking:confirm", { when: "demain", site: "Learning Center", address: "rue", topic: "projet" })).toContain("📍 Learning Center");
  });
});
