/**
 * What a person typically types at each question, in each of the four ways of writing:
 * French, MSA Arabic, Darija in Arabic letters and Darija in Latin letters (Arabizi).
 * A scenario overrides what is its own (age, place, idea…). Typed only: never a button id.
 */
export const WRITINGS = ["fr", "ar", "ary-arab", "ary-latn"] as const;
export type Writing = (typeof WRITINGS)[number];

export type Answers = Record<string, string | readonly string[]>;

export const DEFAULTS: Record<Writing, Answers> = {
  fr: {
    language: "français", consent: "oui d'accord", yes: "oui", skip: "je ne sais pas", noName: "je préfère ne pas le dire",
    "goal.verdicts": "suis-je éligible ?", "goal.booking": "je veux un rendez-vous", "goal.sheet": "mon projet",
    "elig.age": "24", "elig.province": "Khouribga", "elig.gender": "femme", "elig.status": "étudiante", "elig.organizationType": "aucune", "elig.organizationAgeYears": "2",
    "elig.organizationWomenLed": "non", "elig.area": "en ville", "elig.sector": "couture", "elig.country": "Maroc", "elig.locality": "autre",
    site: "Minassati", topic: "pour mon projet", day: "jeudi à 10h", time: ["10h", "11h", "9h", "14h", "15h", "16h"],
    "proj.idea": "un atelier de couture à la maison", "proj.sector": "couture", "proj.customers": "les femmes du quartier",
    "proj.offer": "des robes et des retouches", "proj.priceMad": "150 dh", "proj.salesPerMonth": "40", "proj.startupCosts": ["machine à coudre 8000 dh", "tissus 2000 dh", "c'est tout"],
    "proj.monthly.rent": "rien", "proj.monthly.materials": "1500 dh", "proj.monthly": "rien", "proj.ownContributionMad": "3000 dh",
    "proj.legalForm": "coopérative", "proj.team": "seule", "proj.worries": "trouver des clientes",
  },
  ar: {
    language: "العربية", consent: "نعم أوافق", yes: "نعم", skip: "لا أعرف", noName: "لا أريد",
    "goal.verdicts": "هل يمكنني الاستفادة؟", "goal.booking": "أريد موعدا", "goal.sheet": "مشروعي",
    "elig.age": "25", "elig.province": "خريبكة", "elig.gender": "رجل", "elig.status": "طالب", "elig.organizationType": "لا شيء", "elig.organizationAgeYears": "2",
    "elig.organizationWomenLed": "لا", "elig.area": "في المدينة", "elig.sector": "الخياطة", "elig.country": "المغرب", "elig.locality": "أخرى",
    site: "خريبكة", topic: "مشروعي", day: "الخميس على الساعة 10", time: ["على الساعة 10", "على الساعة 11", "على الساعة 9", "على الساعة 14", "على الساعة 15", "على الساعة 16"],
    "proj.idea": "مشغل للخياطة في البيت", "proj.sector": "الخياطة", "proj.customers": "نساء الحي",
    "proj.offer": "ملابس وإصلاحات", "proj.priceMad": "150 درهم", "proj.salesPerMonth": "40", "proj.startupCosts": ["آلة خياطة 8000 درهم", "هذا كل شيء"],
    "proj.monthly.rent": "لا شيء", "proj.monthly.materials": "1500 درهم", "proj.monthly": "لا شيء", "proj.ownContributionMad": "3000 درهم",
    "proj.legalForm": "تعاونية", "proj.team": "وحدي", "proj.worries": "إيجاد الزبناء",
  },
  "ary-arab": {
    language: "الدارجة", consent: "واخا", yes: "واخا", skip: "ماعرفتش", noName: "ما بغيتش",
    "goal.verdicts": "واش نقدر نستافد", "goal.booking": "بغيت موعد", "goal.sheet": "المشروع ديالي",
    "elig.age": "عندي 23 عام", "elig.province": "خريبكة", "elig.gender": "راجل", "elig.status": "كنقرا", "elig.organizationType": "والو", "elig.organizationAgeYears": "2",
    "elig.organizationWomenLed": "لا", "elig.area": "فالمدينة", "elig.sector": "الخياطة", "elig.country": "المغرب", "elig.locality": "أخرى",
    site: "خريبكة", topic: "على المشروع ديالي", day: "نهار الخميس على 10", time: ["على 10", "على 11", "على 9", "على 2 دالعشية", "على 3 دالعشية", "على 4 دالعشية"],
    "proj.idea": "أتوليي ديال الخياطة فالدار", "proj.sector": "الخياطة", "proj.customers": "العيالات ديال الحومة",
    "proj.offer": "حوايج وترقيع", "proj.priceMad": "150 درهم", "proj.salesPerMonth": "40", "proj.startupCosts": ["ماكينة ديال الخياطة 8000 درهم", "صافي"],
    "proj.monthly.rent": "والو", "proj.monthly.materials": "1500 درهم", "proj.monthly": "والو", "proj.ownContributionMad": "3000 درهم",
    "proj.legalForm": "تعاونية", "proj.team": "بوحدي", "proj.worries": "نلقى الكليان",
  },
  "ary-latn": {
    language: "darija", consent: "wakha", yes: "wakha", skip: "ma3reftch", noName: "ma bghitch",
    "goal.verdicts": "wach n9der nstafd", "goal.booking": "bghit maw3id", "goal.sheet": "projet dyali",
    "elig.age": "3andi 23 3am", "elig.province": "khribga", "elig.gender": "rajel", "elig.status": "talib", "elig.organizationType": "walo", "elig.organizationAgeYears": "2",
    "elig.organizationWomenLed": "la", "elig.area": "f lmdina", "elig.sector": "khiyata", "elig.country": "lmaghrib", "elig.locality": "akhor",
    site: "minassati", topic: "3la projet dyali", day: "lkhmis f 10", time: ["f 10", "f 11", "f 9", "f 14", "f 15", "f 16"],
    "proj.idea": "atelier dyal lkhiyata f dar", "proj.sector": "khiyata", "proj.customers": "l3yalat dyal l7ouma",
    "proj.offer": "7wayej w tr9i3", "proj.priceMad": "150 dh", "proj.salesPerMonth": "40", "proj.startupCosts": ["machine dyal khiyata 8000 dh", "safi"],
    "proj.monthly.rent": "walo", "proj.monthly.materials": "1500 dh", "proj.monthly": "walo", "proj.ownContributionMad": "3000 dh",
    "proj.legalForm": "ta3awoniya", "proj.team": "bo7di", "proj.worries": "nl9a clients",
  },
};
