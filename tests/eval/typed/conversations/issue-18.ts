import type { Conversation } from "../types.ts";

/**
 * Issue 18's examples, each class of failure in the four ways of writing (French, MSA,
 * Darija in Arabic letters, Arabizi), with new sentences beside the issue's own. These are
 * worked on by definition: they are not part of the tuning or the test half.
 */

/** The start of a project, typed, up to the question under test. */
const PROJECT_FR = { "proj.idea": "vendre des msemen et harcha devant la fac", "proj.sector": "alimentation", "proj.customers": "les étudiants", "proj.offer": "des msemen et du thé", "proj.priceMad": "5 dh", "proj.salesPerMonth": "600", "proj.startupCosts": ["une plaque 1500 dh", "c'est tout"], "proj.monthly.rent": "rien", "proj.monthly.materials": "1200 dh", "proj.monthly.transport": "100 dh", "proj.monthly.salaries": "rien", "proj.monthly.other": "50 dh", "proj.ownContributionMad": "1000 dh", "proj.legalForm": "auto-entrepreneur", "proj.team": "seule", "proj.worries": "la concurrence" };
const PROJECT_AR = { "proj.idea": "بيع الحلويات المنزلية", "proj.sector": "الصناعة الغذائية", "proj.customers": "الجيران والمقاهي", "proj.offer": "حلويات تقليدية", "proj.priceMad": "10 دراهم", "proj.salesPerMonth": "300", "proj.startupCosts": ["فرن 3000 درهم", "هذا كل شيء"], "proj.monthly.rent": "لا شيء", "proj.monthly.materials": "800 درهم", "proj.monthly.transport": "لا شيء", "proj.monthly.salaries": "لا شيء", "proj.monthly.other": "100 درهم", "proj.ownContributionMad": "2000 درهم", "proj.legalForm": "مقاول ذاتي", "proj.team": "وحدي", "proj.worries": "التسويق" };
const PROJECT_ARY = { "proj.idea": "نبيع الحلوة ديال الدار", "proj.sector": "الماكلة", "proj.customers": "الجيران والقهاوي", "proj.offer": "حلوة بلدية", "proj.priceMad": "10 دراهم", "proj.salesPerMonth": "300", "proj.startupCosts": ["فران 3000 درهم", "صافي"], "proj.monthly.rent": "والو", "proj.monthly.materials": "800 درهم", "proj.monthly.transport": "والو", "proj.monthly.salaries": "والو", "proj.monthly.other": "100 درهم", "proj.ownContributionMad": "2000 درهم", "proj.legalForm": "أوطو أونتروبرونور", "proj.team": "بوحدي", "proj.worries": "نلقى الكليان" };
const PROJECT_ARYL = { "proj.idea": "nbi3 l7elwa dyal dar", "proj.sector": "makla", "proj.customers": "jiran w l9hawi", "proj.offer": "7elwa beldiya", "proj.priceMad": "10 dh", "proj.salesPerMonth": "300", "proj.startupCosts": ["four 3000 dh", "safi"], "proj.monthly.rent": "walo", "proj.monthly.materials": "800 dh", "proj.monthly.transport": "walo", "proj.monthly.salaries": "walo", "proj.monthly.other": "100 dh", "proj.ownContributionMad": "2000 dh", "proj.legalForm": "auto entrepreneur", "proj.team": "bo7di", "proj.worries": "nl9a clients" };

export const ISSUE_18: readonly Conversation[] = [
  // 1. Moving a meeting: never a cancellation, in words or with the button's own label.
  { id: "i18-move-fr", writing: "fr", goal: "reschedule", start: "meeting", opening: "je veux déplacer mon rendez-vous", answers: { day: ["je ne suis pas dispo mardi", "jeudi à 10h"], cancelReason: "je ne suis pas dispo mardi", time: "10h" }, check: { maxTurns: 6 } },
  { id: "i18-move-fr-2", writing: "fr", goal: "reschedule", start: "meeting", opening: "est-ce que je peux décaler le rdv de demain à vendredi ?", answers: { day: "vendredi à 15h", time: "15h" }, check: { understood: true } },
  { id: "i18-move-ar", writing: "ar", goal: "reschedule", start: "meeting", opening: "أريد تغيير موعدي", answers: { day: ["لست متاحا يوم الثلاثاء", "الخميس على الساعة 10"], cancelReason: "لست متاحا يوم الثلاثاء", time: "على الساعة 10" }, check: { maxTurns: 6 } },
  { id: "i18-move-ar-label", writing: "ar", goal: "reschedule", start: "meeting", opening: "مواعيدي", answers: { goal: "تغيير الموعد", appointments: "تغيير الموعد", day: "الأربعاء على الساعة 9", time: "على الساعة 9" }, check: { understood: true } },
  { id: "i18-move-aryA", writing: "ary-arab", goal: "reschedule", start: "meeting", opening: "بغيت نبدل الموعد ديالي", answers: { day: ["ما غانقدرش نجي نهار الثلاث", "نهار الخميس على 10"], cancelReason: "ما غانقدرش نجي نهار الثلاث", time: "على 10" }, check: { maxTurns: 6 } },
  { id: "i18-move-aryL", writing: "ary-latn", goal: "reschedule", start: "meeting", opening: "bghit nbeddel lmaw3id", answers: { day: ["ma n9derch nji nhar tlat", "lkhmis f 10"], cancelReason: "ma n9derch nji nhar tlat", time: "f 10" }, check: { maxTurns: 6 } },
  { id: "i18-move-aryL-2", writing: "ary-latn", goal: "reschedule", start: "meeting", opening: "wach n9der n2ajjel rdv dyali l nhar jem3a?", answers: { day: "jem3a f 14", time: "f 14" }, check: { understood: true } },

  // 2. A typed yes at a confirmation: the amount in doubt, the booking summary.
  { id: "i18-yes-amount-fr", writing: "fr", goal: "sheet", start: "known", opening: "mon projet", answers: { ...PROJECT_FR, "proj.startupCosts": ["frigo 6000", "c'est tout"], amount: "oui c'est bon" }, check: { understood: true, canvasIncludes: ['"amountMad":6000'] } },
  { id: "i18-yes-amount-ar", writing: "ar", goal: "sheet", start: "known", opening: "مشروعي", answers: { ...PROJECT_AR, "proj.startupCosts": ["ثلاجة 6000", "هذا كل شيء"], amount: "إيه" }, check: { understood: true, canvasIncludes: ['"amountMad":6000'] } },
  { id: "i18-yes-amount-aryA", writing: "ary-arab", goal: "sheet", start: "known", opening: "المشروع ديالي", answers: { ...PROJECT_ARY, "proj.startupCosts": ["فريجيدير 6000", "صافي"], amount: "واخا" }, check: { understood: true, canvasIncludes: ['"amountMad":6000'] } },
  { id: "i18-yes-amount-aryL", writing: "ary-latn", goal: "sheet", start: "known", opening: "projet dyali", answers: { ...PROJECT_ARYL, "proj.startupCosts": ["frigo 6000", "safi"], amount: "iyeh" }, check: { understood: true, canvasIncludes: ['"amountMad":6000'] } },
  { id: "i18-yes-amount-aryL-2", writing: "ary-latn", goal: "sheet", start: "known", opening: "projet dyali", answers: { ...PROJECT_ARYL, "proj.ownContributionMad": "5000", amount: "ah" }, check: { understood: true, canvas: { ownContributionMad: 5000 } } },
  { id: "i18-yes-summary-aryL", writing: "ary-latn", goal: "booking", start: "known", opening: "bghit maw3id", answers: { site: "minassati", topic: "projet dyali", day: "lkhmis f 10", summary: "ah 7jez lia" }, check: { understood: true, maxTurns: 6 } },
  { id: "i18-yes-summary-fr", writing: "fr", goal: "booking", start: "known", opening: "je veux un rendez-vous", answers: { site: "Minassati", topic: "mon projet", day: "jeudi à 10h", summary: "ça me va, merci" }, check: { understood: true, maxTurns: 6 } },
  { id: "i18-yes-summary-ar", writing: "ar", goal: "booking", start: "known", opening: "أريد موعدا", answers: { site: "منصتي", topic: "مشروعي", day: "الخميس على الساعة 10", summary: "نعم احجز لي من فضلك" }, check: { understood: true, maxTurns: 6 } },
  { id: "i18-yes-summary-aryA", writing: "ary-arab", goal: "booking", start: "known", opening: "بغيت موعد", answers: { site: "منصتي", topic: "المشروع ديالي", day: "نهار الخميس على 10", summary: "إيه حجز ليا" }, check: { understood: true, maxTurns: 6 } },

  // 3. Places typed in Arabic letters (and common spellings) at the platform question.
  { id: "i18-site-ar-minassati", writing: "ar", goal: "booking", start: "known", opening: "أريد موعدا", answers: { site: "منصتي", topic: "مشروعي", day: "الخميس على الساعة 10" }, check: { understood: true, bookedSite: "minassati-khouribga", maxTurns: 6 } },
  { id: "i18-site-ar-lab", writing: "ar", goal: "booking", start: "known", opening: "أريد موعدا", answers: { site: "مختبر الابتكار الاجتماعي", topic: "مشروعي", day: "الخميس على الساعة 10" }, check: { understood: true, bookedSite: "um6p-sil-benguerir", maxTurns: 6 } },
  { id: "i18-site-aryA-benguerir", writing: "ary-arab", goal: "booking", start: "known", opening: "بغيت موعد", answers: { site: "ابن جرير", topic: "المشروع ديالي", day: "نهار الخميس على 10" }, check: { understood: true, bookedSite: "um6p-sil-benguerir", maxTurns: 6 } },
  { id: "i18-site-aryA-minassati", writing: "ary-arab", goal: "booking", start: "known", opening: "بغيت موعد", answers: { site: "فمنصتي", topic: "المشروع ديالي", day: "نهار الخميس على 10" }, check: { understood: true, bookedSite: "minassati-khouribga", maxTurns: 6 } },
  { id: "i18-site-aryL", writing: "ary-latn", goal: "booking", start: "known", opening: "bghit maw3id", answers: { site: "f bnjrir", topic: "projet dyali", day: "lkhmis f 10" }, check: { understood: true, bookedSite: "um6p-sil-benguerir", maxTurns: 6 } },
  { id: "i18-site-aryL-2", writing: "ary-latn", goal: "booking", start: "known", opening: "bghit maw3id", answers: { site: "mnassti", topic: "projet dyali", day: "lkhmis f 10" }, check: { understood: true, bookedSite: "minassati-khouribga", maxTurns: 6 } },
  { id: "i18-site-fr", writing: "fr", goal: "booking", start: "known", opening: "je veux un rendez-vous", answers: { site: "à Ben Guerir stp", topic: "mon projet", day: "jeudi à 10h" }, check: { understood: true, bookedSite: "um6p-sil-benguerir", maxTurns: 6 } },
  { id: "i18-human-ar", writing: "ar", goal: "handoff", start: "known", opening: "أريد التحدث مع مستشار", answers: { site: "منصتي" }, check: { understood: true, maxTurns: 3 } },
  { id: "i18-human-aryA", writing: "ary-arab", goal: "handoff", start: "known", opening: "بغيت نهضر مع شي مستشار", answers: { site: "منصتي" }, check: { understood: true, maxTurns: 3 } },
  { id: "i18-human-fr", writing: "fr", goal: "handoff", start: "known", opening: "je voudrais parler à un conseiller", answers: { site: "la plateforme Minassati de Khouribga svp" }, check: { understood: true, maxTurns: 3 } },
  { id: "i18-human-aryL", writing: "ary-latn", goal: "handoff", start: "known", opening: "bghit nhder m3a chi conseiller", answers: { site: "dakchi dyal l3youn" }, check: { understood: true, maxTurns: 3 } },

  // 4. «Don't know» where the question has that option; a worry is not a skip.
  { id: "i18-dontknow-fr", writing: "fr", goal: "sheet", start: "known", opening: "mon projet", answers: { ...PROJECT_FR, "proj.legalForm": "je sais pas encore" }, check: { understood: true, canvas: { legalForm: "undecided" } } },
  { id: "i18-dontknow-ar", writing: "ar", goal: "sheet", start: "known", opening: "مشروعي", answers: { ...PROJECT_AR, "proj.legalForm": "لست متأكدا بعد", "proj.worries": "لا أعرف، أخاف من التمويل" }, check: { understood: true, canvas: { legalForm: "undecided" }, canvasIncludes: ["التمويل"] } },
  { id: "i18-dontknow-aryA", writing: "ary-arab", goal: "sheet", start: "known", opening: "المشروع ديالي", answers: { ...PROJECT_ARY, "proj.legalForm": "مازال ما عرفت", "proj.worries": "ماعرفتش، خايفة من التمويل" }, check: { understood: true, canvas: { legalForm: "undecided" }, canvasIncludes: ["التمويل"] } },
  { id: "i18-dontknow-aryL", writing: "ary-latn", goal: "sheet", start: "known", opening: "projet dyali", answers: { ...PROJECT_ARYL, "proj.legalForm": "mazal ma 3reft", "proj.worries": "ma3reftch, khayfa mn tamwil" }, check: { understood: true, canvas: { legalForm: "undecided" }, canvasIncludes: ["tamwil"] } },

  // 5. Numbers wrapped in words; Arabizi digits inside words stay in item names.
  { id: "i18-numbers-fr", writing: "fr", goal: "sheet", start: "known", opening: "mon projet", answers: { ...PROJECT_FR, "proj.priceMad": "environ 300", "proj.salesPerMonth": "à peu près 20 par mois", "proj.monthly.salaries": "0 je me paye pas", "proj.startupCosts": ["machine 4000 dh", "c tout"] }, check: { understood: true, canvas: { priceMad: 300, salesPerMonth: 20 }, maxTurns: 22 } },
  { id: "i18-numbers-ar", writing: "ar", goal: "sheet", start: "known", opening: "مشروعي", answers: { ...PROJECT_AR, "proj.priceMad": "حوالي 300 درهم", "proj.salesPerMonth": "20 في الشهر" }, check: { understood: true, canvas: { priceMad: 300, salesPerMonth: 20 } } },
  { id: "i18-numbers-aryA", writing: "ary-arab", goal: "sheet", start: "known", opening: "المشروع ديالي", answers: { ...PROJECT_ARY, "proj.salesPerMonth": "شي 20 فالشهر", "proj.monthly.rent": "600 فالشهر" }, check: { understood: true, canvas: { salesPerMonth: 20 }, canvasIncludes: ['"amountMad":600'] } },
  { id: "i18-numbers-aryL", writing: "ary-latn", goal: "sheet", start: "known", opening: "projet dyali", answers: { ...PROJECT_ARYL, "proj.monthly.rent": "600 f chhar", "proj.startupCosts": ["four dyal l7elwa 12000 dh", "safi"] }, check: { understood: true, canvasIncludes: ["four dyal l7elwa", '"amountMad":600'] } },

  // 6. A value not in the list never loops.
  { id: "i18-other-ar", writing: "ar", goal: "sheet", start: "known", opening: "مشروعي", answers: { ...PROJECT_AR, "proj.sector": "تربية النحل" }, check: { understood: true, maxTurns: 24 } },
  { id: "i18-other-aryA", writing: "ary-arab", goal: "sheet", start: "known", opening: "المشروع ديالي", answers: { ...PROJECT_ARY, "proj.sector": "تربية النحل" }, check: { understood: true, maxTurns: 24 } },
  { id: "i18-other-aryL", writing: "ary-latn", goal: "sheet", start: "known", opening: "projet dyali", answers: { ...PROJECT_ARYL, "proj.sector": "l7la9a" }, check: { understood: true, maxTurns: 24 } },
  { id: "i18-other-fr", writing: "fr", goal: "sheet", start: "known", opening: "mon projet", answers: { ...PROJECT_FR, "proj.sector": "la coiffure" }, check: { understood: true, maxTurns: 24 } },

  // 7. A name with an iPhone apostrophe, or none.
  { id: "i18-name-fr", writing: "fr", goal: "verdicts", opening: "Bonjour", answers: { name: "Je m’appelle Yassine", "elig.age": "25", "elig.province": "Khouribga" }, check: { understood: true, firstName: "Yassine" } },
  { id: "i18-name-fr-2", writing: "fr", goal: "verdicts", opening: "bonsoir", answers: { name: "je m appelle yassine", "elig.age": "25", "elig.province": "Khouribga" }, check: { understood: true, firstName: "Yassine" } },
  { id: "i18-name-ar", writing: "ar", goal: "verdicts", opening: "مرحبا", answers: { name: "اسمي ياسين من فضلك", "elig.age": "25", "elig.province": "خريبكة" }, check: { understood: true, firstName: "ياسين" } },
  { id: "i18-name-aryA", writing: "ary-arab", goal: "verdicts", opening: "سلام", answers: { name: "انا سميتي ياسين", "elig.age": "25", "elig.province": "خريبكة" }, check: { understood: true, firstName: "ياسين" } },
  { id: "i18-name-aryL", writing: "ary-latn", goal: "verdicts", opening: "salam", answers: { name: "smiti yassine", "elig.age": "25", "elig.province": "khribga" }, check: { understood: true, firstName: "Yassine" } },

  // 8. A question mid-journey is answered, then the question on screen comes back; a request for a meeting is not an answer.
  { id: "i18-ask-fr", writing: "fr", goal: "answer", start: "known", opening: "je cherche un programme", moments: [{ at: "start", say: "c'est quoi minassati en fait ?", expect: /Khouribga/ }] },
  { id: "i18-ask-ar", writing: "ar", goal: "answer", start: "known", opening: "أريد أن أرى البرامج", moments: [{ at: "start", say: "ما هي البرامج الخاصة بالنساء؟", expect: /(WEC|Femmpact|المنتجة|Al Montija|تمكين المرأة)/ }] },
  { id: "i18-ask-aryA", writing: "ary-arab", goal: "answer", start: "known", opening: "بغيت نعرف واش نقدر نستافد", moments: [{ at: "elig.age", say: "شنو هي منصتي؟", expect: /خريبكة/ }] },
  { id: "i18-ask-aryL", writing: "ary-latn", goal: "answer", start: "known", opening: "wach n9der nstafd", moments: [{ at: "elig.province", say: "minassati fin kayna?", expect: /(خريبكة|Khouribga)/ }] },
  { id: "i18-ask-book-aryL", writing: "ary-latn", goal: "booking", start: "known", opening: "wach n9der nstafd", answers: { "elig.age": "24", "elig.province": "3afak bghit ghir nakhod rdv m3a conseiller f khouribga", topic: "projet dyali", day: "lkhmis f 10" }, check: { understood: true, maxTurns: 7 } },
  { id: "i18-ask-book-fr", writing: "fr", goal: "booking", start: "known", opening: "suis-je éligible ?", answers: { "elig.age": "24", "elig.province": "en fait je veux juste prendre un rendez-vous avec un conseiller à Khouribga", topic: "mon projet", day: "jeudi à 10h" }, check: { understood: true, maxTurns: 7 } },
  { id: "i18-ask-book-ar", writing: "ar", goal: "booking", start: "known", opening: "هل أنا مؤهل؟", answers: { "elig.age": "24", "elig.province": "في الحقيقة أريد فقط موعدا مع مستشار في خريبكة", topic: "مشروعي", day: "الخميس على الساعة 10" }, check: { understood: true, maxTurns: 7 } },
  { id: "i18-ask-book-aryA", writing: "ary-arab", goal: "booking", start: "known", opening: "واش نقدر نستافد", answers: { "elig.age": "24", "elig.province": "عافاك بغيت غير ناخد موعد مع مستشار فخريبكة", topic: "المشروع ديالي", day: "نهار الخميس على 10" }, check: { understood: true, maxTurns: 7 } },

  // 9. A change of mind at the summary.
  { id: "i18-mind-fr", writing: "fr", goal: "booking", start: "known", opening: "je veux un rendez-vous", answers: { site: "Minassati", topic: "mon projet", day: "jeudi à 10h", summary: ["non plutôt à 14h", "oui"], time: "14h" }, check: { bookedHour: 14 } },
  { id: "i18-mind-ar", writing: "ar", goal: "booking", start: "known", opening: "أريد موعدا", answers: { site: "منصتي", topic: "مشروعي", day: "الخميس على الساعة 10", summary: ["لا، الأفضل على الساعة 14", "نعم"], time: "على الساعة 14" }, check: { bookedHour: 14 } },
  { id: "i18-mind-aryA", writing: "ary-arab", goal: "booking", start: "known", opening: "بغيت موعد", answers: { site: "منصتي", topic: "المشروع ديالي", day: "نهار الخميس على 10", summary: ["لا، خليها على 2 دالعشية", "واخا"], time: "على 2 دالعشية" }, check: { bookedHour: 14 } },
  { id: "i18-mind-aryL", writing: "ary-latn", goal: "booking", start: "known", opening: "bghit maw3id", answers: { site: "minassati", topic: "projet dyali", day: "lkhmis f 10", summary: ["la, khliha f 14", "wakha"], time: "f 14" }, check: { bookedHour: 14 } },

  // 10. A polite request at the menu.
  { id: "i18-polite-ar", writing: "ar", goal: "sheet", start: "known", opening: "ساعدني في اعداد مشروعي من فضلك", answers: PROJECT_AR, check: { understood: true, firstScreen: "proj." } },
  { id: "i18-polite-fr", writing: "fr", goal: "sheet", start: "known", opening: "bonjour, j'aimerais que vous m'aidiez à préparer mon projet, merci d'avance", answers: PROJECT_FR, check: { understood: true, firstScreen: "proj." } },
  { id: "i18-polite-aryA", writing: "ary-arab", goal: "sheet", start: "known", opening: "عافاك عاوني نوجد المشروع ديالي", answers: PROJECT_ARY, check: { understood: true, firstScreen: "proj." } },
  { id: "i18-polite-aryL", writing: "ary-latn", goal: "sheet", start: "known", opening: "3afak 3awnni nwjjed lmochroo3 dyali", answers: PROJECT_ARYL, check: { understood: true, firstScreen: "proj." } },

  // 11. A greeting at the language choice picks the language it is written in.
  { id: "i18-hello-fr", writing: "fr", goal: "verdicts", opening: "Bonjour", answers: { name: "Salma", "elig.age": "24", "elig.province": "Khouribga" }, check: { understood: true, firstScreen: "consent" } },
  { id: "i18-hello-ar", writing: "ar", goal: "verdicts", opening: "السلام عليكم ورحمة الله", answers: { name: "مريم", "elig.age": "24", "elig.province": "خريبكة" }, check: { understood: true, firstScreen: "consent" } },
  { id: "i18-hello-aryA", writing: "ary-arab", goal: "verdicts", opening: "سلام خويا", answers: { name: "حمزة", "elig.age": "24", "elig.province": "خريبكة" }, check: { understood: true, firstScreen: "consent" } },
  { id: "i18-hello-aryL", writing: "ary-latn", goal: "verdicts", opening: "salam", answers: { name: "Hamza", "elig.age": "24", "elig.province": "khribga" }, check: { understood: true, firstScreen: "consent" } },
];
