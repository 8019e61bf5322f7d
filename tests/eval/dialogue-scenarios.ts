import type { Answers, Writing } from "./dialogue-writings.ts";

/**
 * Scripted conversations for `npm run eval:dialogue`, typed only, in the four ways of
 * writing. Each has a goal read back from the database: verdicts given (an eligibility
 * check stored), a meeting booked, or a project sheet published. `opening` is the first
 * message; `menu` is what the person types if they land on the main menu.
 */
export type Goal = "verdicts" | "booking" | "sheet";

export interface Scenario {
  id: string;
  writing: Writing;
  goal: Goal;
  opening: string;
  /** What they type at the main menu, when they land there (defaults to the opening). */
  menu?: string;
  name?: string;
  answers?: Answers;
}

export const SCENARIOS: readonly Scenario[] = [
  // ---- French --------------------------------------------------------------------------
  { id: "fr-verdicts-question", writing: "fr", goal: "verdicts", opening: "est-ce que je peux bénéficier d'un programme ? j'ai 26 ans, j'habite à Khouribga", name: "Salma" },
  { id: "fr-verdicts-hello", writing: "fr", goal: "verdicts", opening: "bonjour", menu: "suis-je éligible ?", answers: { "elig.age": "j'ai 31 ans", "elig.province": "Laâyoune" } },
  { id: "fr-verdicts-laayoune", writing: "fr", goal: "verdicts", opening: "je veux savoir à quels programmes j'ai droit", answers: { "elig.age": "22", "elig.province": "Laâyoune", "elig.gender": "homme" } },
  { id: "fr-verdicts-safi", writing: "fr", goal: "verdicts", opening: "salut", menu: "je voudrais savoir si je suis éligible, j'ai 19 ans et j'habite à Safi", name: "Karim" },
  { id: "fr-booking-question", writing: "fr", goal: "booking", opening: "je voudrais prendre un rendez-vous avec un conseiller", name: "Nadia" },
  { id: "fr-booking-hello", writing: "fr", goal: "booking", opening: "bonsoir", menu: "rdv avec un conseiller svp", answers: { topic: "conseil", day: "mardi à 11h" } },
  { id: "fr-booking-town", writing: "fr", goal: "booking", opening: "je veux un rendez-vous à Khouribga", answers: { day: "vendredi à 14h" } },
  { id: "fr-booking-typed-day", writing: "fr", goal: "booking", opening: "bonjour", menu: "prendre rendez-vous", answers: { site: "Khouribga", day: "mercredi", time: ["à 9h", "à 10h", "à 11h", "à 14h"] } },
  { id: "fr-sheet-idea", writing: "fr", goal: "sheet", opening: "j'ai une idée de projet, je veux ouvrir un atelier de couture", name: "Imane" },
  { id: "fr-sheet-hello", writing: "fr", goal: "sheet", opening: "salut", menu: "mon projet", answers: { "proj.legalForm": "je ne sais pas encore", "proj.monthly": "aucun" } },
  { id: "fr-sheet-agri", writing: "fr", goal: "sheet", opening: "je veux créer mon projet d'élevage de poulets", answers: { "proj.idea": "élevage de poulets fermiers", "proj.sector": "agriculture", "proj.priceMad": "60 dh", "proj.salesPerMonth": "200" } },

  // ---- MSA Arabic ----------------------------------------------------------------------
  { id: "ar-verdicts-question", writing: "ar", goal: "verdicts", opening: "هل يمكنني الاستفادة من برنامج؟ عمري 25 سنة", answers: { "elig.province": "خريبكة" } },
  { id: "ar-verdicts-hello", writing: "ar", goal: "verdicts", opening: "السلام عليكم", menu: "هل أنا مؤهل؟", answers: { "elig.province": "العيون", "elig.gender": "امرأة" } },
  { id: "ar-verdicts-conditions", writing: "ar", goal: "verdicts", opening: "ما هي شروط الاستفادة من البرامج؟", answers: { "elig.age": "29", "elig.province": "الداخلة" } },
  { id: "ar-verdicts-place", writing: "ar", goal: "verdicts", opening: "مرحبا", menu: "أريد أن أعرف هل يمكنني الاستفادة، عمري 20 سنة وأسكن في خريبكة", name: "يوسف" },
  { id: "ar-booking-question", writing: "ar", goal: "booking", opening: "أريد حجز موعد مع مستشار", name: "مريم" },
  { id: "ar-booking-hello", writing: "ar", goal: "booking", opening: "السلام عليكم", menu: "موعد", answers: { topic: "نصيحة", day: "الثلاثاء على الساعة 11" } },
  { id: "ar-booking-place", writing: "ar", goal: "booking", opening: "أريد موعدا في خريبكة", answers: { day: "الجمعة على الساعة 14" } },
  { id: "ar-booking-day", writing: "ar", goal: "booking", opening: "مساء الخير", menu: "أريد لقاء مستشار", answers: { day: "الأربعاء", time: ["على الساعة 9", "على الساعة 10", "على الساعة 11"] } },
  { id: "ar-sheet-idea", writing: "ar", goal: "sheet", opening: "لدي فكرة مشروع وأريد المساعدة في إعداده", name: "خديجة" },
  { id: "ar-sheet-hello", writing: "ar", goal: "sheet", opening: "مرحبا", menu: "مشروعي", answers: { "proj.legalForm": "لا أعرف", "proj.monthly": "صفر" } },
  { id: "ar-sheet-shop", writing: "ar", goal: "sheet", opening: "أريد إنشاء مشروع متجر صغير", answers: { "proj.idea": "متجر صغير للمواد الغذائية", "proj.sector": "التجارة", "proj.priceMad": "20 درهم", "proj.salesPerMonth": "600" } },

  // ---- Darija in Arabic letters --------------------------------------------------------
  { id: "aryA-verdicts-question", writing: "ary-arab", goal: "verdicts", opening: "واش نقدر نستافد؟ عندي 22 عام وساكن فخريبكة" },
  { id: "aryA-verdicts-hello", writing: "ary-arab", goal: "verdicts", opening: "السلام", menu: "واش نقدر نستافد", answers: { "elig.province": "العيون", "elig.gender": "مرا" } },
  { id: "aryA-verdicts-programs", writing: "ary-arab", goal: "verdicts", opening: "بغيت نعرف واش كاين شي برنامج ليا، عندي 27 عام", answers: { "elig.province": "خريبكة" } },
  { id: "aryA-verdicts-dakhla", writing: "ary-arab", goal: "verdicts", opening: "سلام", menu: "شنو هوما الشروط باش نستافد", answers: { "elig.age": "30", "elig.province": "الداخلة" }, name: "حمزة" },
  { id: "aryA-booking-question", writing: "ary-arab", goal: "booking", opening: "بغيت ناخد موعد مع مستشار", name: "سعاد" },
  { id: "aryA-booking-hello", writing: "ary-arab", goal: "booking", opening: "السلام", menu: "بغيت موعد", answers: { topic: "شي نصيحة", day: "نهار الثلاثاء على 11" } },
  { id: "aryA-booking-place", writing: "ary-arab", goal: "booking", opening: "بغيت نتلاقى مع شي مستشار فخريبكة", answers: { day: "نهار الجمعة على 2 دالعشية" } },
  { id: "aryA-booking-day", writing: "ary-arab", goal: "booking", opening: "سلام", menu: "موعد", answers: { day: "نهار الاربعاء", time: ["على 9", "على 10", "على 11"] } },
  { id: "aryA-sheet-idea", writing: "ary-arab", goal: "sheet", opening: "عندي فكرة ديال مشروع وبغيت نوجدو", name: "فاطمة" },
  { id: "aryA-sheet-hello", writing: "ary-arab", goal: "sheet", opening: "السلام", menu: "المشروع ديالي", answers: { "proj.legalForm": "ماعرفتش", "proj.monthly": "ماكاين والو" } },
  { id: "aryA-sheet-snack", writing: "ary-arab", goal: "sheet", opening: "بغيت نحل سناك صغير", answers: { "proj.idea": "سناك صغير حدا الجامعة", "proj.sector": "التجارة", "proj.priceMad": "25 درهم", "proj.salesPerMonth": "500" } },

  // ---- Darija in Latin letters (Arabizi) -----------------------------------------------
  { id: "aryL-verdicts-question", writing: "ary-latn", goal: "verdicts", opening: "wach n9der nstafd, 3andi 23 3am f khribga" },
  { id: "aryL-verdicts-hello", writing: "ary-latn", goal: "verdicts", opening: "salam", menu: "wach n9der nstafd", answers: { "elig.province": "l3ayoun", "elig.gender": "mra" } },
  { id: "aryL-verdicts-programs", writing: "ary-latn", goal: "verdicts", opening: "bghit n3ref wach kayn chi program lia, 3andi 28 3am", answers: { "elig.province": "khouribga" }, name: "Ayoub" },
  { id: "aryL-verdicts-dakhla", writing: "ary-latn", goal: "verdicts", opening: "slm", menu: "chno homa les conditions bach nstafd", answers: { "elig.age": "21", "elig.province": "dakhla" } },
  { id: "aryL-booking-question", writing: "ary-latn", goal: "booking", opening: "bghit nakhod maw3id m3a mostachar", name: "Hajar" },
  { id: "aryL-booking-hello", writing: "ary-latn", goal: "booking", opening: "salam", menu: "bghit rdv", answers: { topic: "nasi7a", day: "nhar tlat f 11" } },
  { id: "aryL-booking-place", writing: "ary-latn", goal: "booking", opening: "mzyan, bghit nakhod maw3id f minassati", answers: { day: "jm3a f 14" } },
  { id: "aryL-booking-day", writing: "ary-latn", goal: "booking", opening: "salam", menu: "maw3id", answers: { day: "larb3", time: ["f 9", "f 10", "f 11"] } },
  { id: "aryL-sheet-idea", writing: "ary-latn", goal: "sheet", opening: "3andi fikra dyal mochroo3", name: "Zineb" },
  { id: "aryL-sheet-hello", writing: "ary-latn", goal: "sheet", opening: "salam", menu: "projet dyali", answers: { "proj.legalForm": "mazal ma3reft", "proj.monthly": "walo" } },
  { id: "aryL-sheet-cafe", writing: "ary-latn", goal: "sheet", opening: "bghit ndir projet dyal café sghir", answers: { "proj.idea": "café sghir f l7ouma", "proj.sector": "tijara", "proj.priceMad": "10 dh", "proj.salesPerMonth": "1500" } },
];
