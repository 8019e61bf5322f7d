import type { Answer, Answers, Goal, Writing } from "./types.ts";

/**
 * What a person typically types at each question, in each way of writing, when their
 * conversation does not say otherwise. Written from how people type, not from the bot.
 */
export const NAMES: Record<Writing, string> = { fr: "Salma", ar: "مريم", "ary-arab": "حمزة", "ary-latn": "Hamza" };

export const DEFAULTS: Record<Writing, Answers> = {
  fr: {
    yes: "oui", no: "non", skip: "je sais pas",
    language: "français", consent: "oui d'accord", name: "Salma",
    "elig.age": "24", "elig.province": "Khouribga", "elig.gender": "femme", "elig.status": "étudiante",
    site: "Minassati", topic: "mon projet", day: "jeudi", time: "10h",
  },
  ar: {
    yes: "نعم", no: "لا", skip: "لا أعرف",
    language: "العربية", consent: "نعم أوافق", name: "مريم",
    "elig.age": "25", "elig.province": "خريبكة", "elig.gender": "امرأة", "elig.status": "طالبة",
    site: "خريبكة", topic: "مشروعي", day: "الخميس", time: "على الساعة 10",
  },
  "ary-arab": {
    yes: "واخا", no: "لا", skip: "ماعرفتش",
    language: "الدارجة", consent: "واخا", name: "حمزة",
    "elig.age": "23", "elig.province": "خريبكة", "elig.gender": "راجل", "elig.status": "كنقرا",
    site: "خريبكة", topic: "المشروع ديالي", day: "نهار الخميس", time: "على 10",
  },
  "ary-latn": {
    yes: "wakha", no: "la", skip: "ma3reftch",
    language: "darija", consent: "wakha", name: "Hamza",
    "elig.age": "23", "elig.province": "khribga", "elig.gender": "rajel", "elig.status": "talib",
    site: "minassati", topic: "projet dyali", day: "lkhmis", time: "f 10",
  },
};

/** What a person types at the menu to get what they came for (their conversation may say otherwise). */
export const GOAL_PHRASES: Record<Writing, Partial<Record<Goal, Answer>>> = {
  fr: { verdicts: "suis-je éligible ?", booking: "prendre rendez-vous", sheet: "mon projet", handoff: "parler à un conseiller", delete: "supprimer mes données" },
  ar: { verdicts: "هل أنا مؤهل؟", booking: "أريد موعدا", sheet: "مشروعي", handoff: "أريد التحدث مع مستشار", delete: "احذف معلوماتي" },
  "ary-arab": { verdicts: "واش نقدر نستافد", booking: "بغيت موعد", sheet: "المشروع ديالي", handoff: "بغيت نهضر مع مستشار", delete: "مسح المعلومات ديالي" },
  "ary-latn": { verdicts: "wach n9der nstafd", booking: "bghit maw3id", sheet: "projet dyali", handoff: "bghit nhder m3a mostachar", delete: "msa7 les infos dyali" },
};
