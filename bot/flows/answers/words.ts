import { LEXICON } from "../../nlu/lexicon.ts";
import { compileMatcher, type ConceptHit, type ConceptPhrases } from "../../nlu/matcher.ts";
import { normalizeText, type NormalizedText } from "../../nlu/normalize.ts";

/**
 * The words answers are made of, in French, Arabizi and Arabic letters (MSA and Darija):
 * yes and no, "I don't know", a move of a meeting, a question about something, "nothing".
 * Kept apart from the intent lexicon so that the learned intent model's features do not
 * change with them; read through the same tolerant matcher (Arabizi skeletons, clitics,
 * typos). Written from how people type.
 */
const ANSWER_WORDS = {
  yes: {
    fr: [
      ...(LEXICON.yes.fr ?? []), "ca me va", "ca me convient", "c est parfait", "c est nickel", "nickel", "go", "impec", "top", "super", "ok merci",
      "oui merci", "oui svp", "oui s il vous plait", "c est bon pour moi", "ca roule", "pas de souci", "pas de probleme", "avec plaisir", "valide", "je valide",
      "confirme", "je confirme", "daccord", "dacc", "oki", "okay", "oue", "ouii", "ouiii", "c est correct", "correct", "voila", "oui c est ca",
    ],
    latn: [
      ...(LEXICON.yes.latn ?? []), "iyeh", "iyah", "ayeh", "eyh", "ih", "ah", "aah", "wah", "waah", "ewa", "iwa", "wakha", "wakhkha", "waxa", "safi",
      "mzyan", "bsa7", "bse7", "bes7", "tamam", "yallah", "yalah", "nichan", "hiya hadik", "howa hadak", "hadak howa", "hadik hiya", "ok", "d accord", "akid",
    ],
    ar: [
      ...(LEXICON.yes.ar ?? []), "ايوه", "اي", "اه", "ايه", "ايوا", "ايه نعم", "نعم من فضلك", "نعم شكرا", "هذا صحيح", "صحيح", "بالضبط", "تمام",
      "هو هذا", "هي هاديك", "هو هداك", "نيشان", "مزيان", "يالاه", "يلاه", "اوكي", "صافي", "واخا", "وخا", "بصح", "ديال بصح", "اكيد", "موافق", "موافقه",
    ],
  },
  no: {
    fr: [...(LEXICON.no.fr ?? []), "nn", "non non", "pas d accord", "c est pas ca", "ce n est pas ca", "pas du tout", "non pas ca"],
    latn: [...(LEXICON.no.latn ?? []), "la", "lla", "laa", "lala", "la la", "machi", "machi hadi", "machi hadak", "ma bghitch", "mabghitch"],
    ar: [...(LEXICON.no.ar ?? []), "لا", "لالا", "لا لا", "ماشي", "ماشي هادي", "ماشي هو", "ليس كذلك", "ماشي هداك", "مابغيتش", "ما بغيتش"],
  },
  dontKnow: {
    fr: [
      "je sais pas", "je ne sais pas", "sais pas", "j sais pas", "je sais pas encore", "je ne sais pas encore", "aucune idee", "pas d idee", "j ai pas d idee",
      "je n ai pas d idee", "je ne suis pas sur", "je ne suis pas sure", "je suis pas sur", "je suis pas sure", "pas sur", "pas sure", "pas encore decide",
      "pas encore decidee", "pas encore choisi", "j ai pas encore decide", "je n ai pas encore decide", "je verrai", "on verra", "j hesite", "aucune idee encore",
      "je connais pas", "je ne connais pas", "pas encore",
    ],
    latn: [
      "ma3reftch", "ma3rftch", "ma 3reftch", "ma3raftch", "ma3rafch", "ma3arfch", "ma3reft", "mazal ma3reft", "mazal ma 3reft", "mazal ma3raft", "makan3rafch",
      "ma3ndi fikra", "ma 3ndi fikra", "ma3andi fikra", "walo fikra", "mazal ma9arrert", "mazal ma9ert", "mazal", "mazal mat9ad", "ma3labalich", "ma 3labalich",
      "makhbarch", "ma fiya fikra", "mabant lia walo",
    ],
    ar: [
      "لا اعرف", "لا ادري", "لا اعلم", "لست متاكدا", "لست متاكده", "لم اقرر بعد", "لم احدد بعد", "لم اختر بعد", "ليس بعد", "ماعرفتش", "ما عرفتش", "معرفتش",
      "مازال ما عرفت", "مازال ماعرفت", "مازال", "ماعنديش فكره", "ما عنديش فكره", "ماكنعرفش", "مازال ماقررت", "مازال ما قررت", "لا فكره لدي", "ليست لدي فكره",
      "ماعلباليش", "ما علباليش", "ليس لدي فكره", "لا اعرف بعد", "لم اقرر",
    ],
  },
  /** Moving a meeting, never cancelling it: "déplacer", "nbeddel", "تغيير", "نأجل". */
  move: {
    fr: [
      "deplacer", "deplace", "deplacez", "decaler", "decale", "decalez", "reporter", "reporte", "repousser", "reprogrammer", "changer la date", "changer l heure",
      "changer le rdv", "changer mon rdv", "changer de jour", "changer d heure", "modifier le rdv", "modifier mon rdv", "modifier la date", "modifier l heure",
      "avancer le rdv", "avancer mon rdv", "une autre date", "un autre jour", "une autre heure", "un autre creneau", "autre moment", "le deplacer",
    ],
    latn: [
      "nbeddel", "nbddel", "nbdl", "nbedel", "nbadel", "beddel", "bddel", "bdel", "tbeddel", "nbdlo", "bdlo", "n2ajjel", "n2ajel", "2ajjel", "nakhkhar", "n2akher",
      "nakher", "nghayar", "nghayer", "ghayar", "nbedlo", "nbedel lmaw3id", "wa9t akhor", "nhar akhor", "sa3a okhra", "maw3id akhor", "nheder l maw3id",
      "nakhro", "n2akhro", "nakhroh", "n2ajloh", "n2ajlo", "nbdloh", "nbedloh", "nbdlha", "nghayroh",
    ],
    // Not "بدل" alone: it is also "instead of" ("أتحدث مع مستشار بدل الموعد").
    ar: [
      "بدل الموعد", "بدل موعدي", "نبدل", "تبديل", "ابدل", "نبدلو", "تغيير", "نغير", "اغير", "نغيرو", "اجل", "ناجل", "تاجيل", "اوخر", "نوخر", "نأخر", "تعديل", "اعدل", "نعدل",
      "نقل", "انقل", "تحويل", "احول", "نحول", "موعد اخر", "وقت اخر", "نهار اخر", "يوم اخر", "ساعه اخرى", "تاريخ اخر", "اقدم الموعد", "نقدم الموعد",
      "ناخروه", "ناخرو", "ناخره", "نوخروه", "نوخرو", "ناجلوه", "ناجلو", "ناجله", "نبدلوه", "نبدلها", "نبدله", "نغيروه", "نغيره", "نغيرها", "تبدلو", "تاخرو", "تجلو",
    ],
  },
  /** Words that move a meeting only when it is named with them ("mon rdv de demain, le mettre à 14h plutôt ?"). */
  moveWeak: {
    fr: ["plutot", "le mettre", "la mettre", "mettre a", "le passer", "passer a", "au lieu de", "a la place"],
    latn: ["fblast", "f blast", "blast", "3wed", "3wd", "ndirha", "ndiroh", "ndiro", "nrddo", "nrddha", "nredo", "nrje3o", "khliha", "khlih"],
    ar: ["بدلا", "بدل", "عوض", "فبلاصت", "بلاصت", "نديرها", "نديروه", "نردو", "نردها", "خليه", "خليها", "اجعله", "حوله", "نرجعو"],
  },
  /** A plain cancellation verb (with a move verb beside it, the move wins). */
  cancel: {
    fr: ["annuler", "annule", "annulez", "annulation", "decommander", "supprimer le rdv", "supprimer mon rdv"],
    latn: ["lghi", "nlghi", "lghiw", "lghih", "annuli", "nannuli", "ytlgha", "ytlagha", "lghiweh", "lghiwh", "n7eyed lmaw3id", "7iyed lmaw3id"],
    ar: ["الغاء", "الغي", "الغوا", "لغي", "نلغي", "لغيو", "نلغيه", "يتلغى", "تلغى", "احذف الموعد", "حيد الموعد"],
  },
  /** "What is …?": a question about something, asked in passing. */
  what: {
    fr: [
      "c est quoi", "c quoi", "qu est ce que", "qu est ce qu", "kesako", "ca veut dire quoi", "que veut dire", "qui est", "c est qui", "parle moi de",
      "dis moi plus sur", "explique moi", "infos sur", "information sur", "plus d infos", "quels sont les", "quelles sont les", "il y a des", "y a t il",
      "est ce qu il y a", "existe t il", "c est pour qui", "ca sert a quoi", "quelle difference", "la difference",
    ],
    latn: ["chno hiya", "chno howa", "chnahiya", "chnahowa", "chno hia", "chno hwa", "ach hiya", "ach howa", "chno homa", "wach kayn", "wach kayna", "wach kaynin", "chno kayn", "ach kayn", "ach bghat t9ol", "3tini m3lomat 3la", "fahmni"],
    ar: [
      "ما هي", "ما هو", "ماهي", "ماهو", "شنو هي", "شنو هو", "شنوهي", "شنوهو", "اش هي", "اش هو", "شنو هوما", "ما معنى", "ماذا تعني", "عرفني ب", "حدثني عن",
      "معلومات عن", "هل توجد", "هل يوجد", "هل هناك", "واش كاين", "واش كاينه", "واش كاينين", "اشنو هي", "اشنو هو", "لمن", "لشكون",
      "ما الفرق", "الفرق بين", "شنو الفرق", "اش الفرق",
    ],
  },
  /** "This centre", "cette plateforme", "هاد المركز": the thing on screen, asked about. */
  thisOne: {
    fr: ["ce centre", "cette plateforme", "ce programme", "ce lieu", "cet endroit", "cette structure", "ce site", "ici", "chez vous"],
    latn: ["had lmarkaz", "had markaz", "had lcentre", "had centre", "had lplateforme", "had lprogramme", "had lbarnamaj", "had lblasa", "hna"],
    ar: ["هذا المركز", "هذه المنصه", "هذا البرنامج", "هذا المكان", "هاد المركز", "هاد المنصه", "هاد البرنامج", "هاد البلاصه", "هنا", "عندكم"],
  },
  /** "Where is it?" */
  where: {
    fr: ["ou est", "ou se trouve", "c est ou", "ou c est", "adresse", "ou ca se trouve", "comment y aller", "c est ou exactement", "ou se situe", "quelle adresse"],
    latn: ["fin", "fin kayn", "fin kayna", "fin jat", "fin ja", "fayn", "l3onwan", "adresse", "fin hiya", "fin howa", "kifach nwsel"],
    ar: ["فين", "اين", "فين كاين", "فين كاينه", "العنوان", "عنوان", "اين يوجد", "اين توجد", "فين جات", "فين جا", "فاين", "كيفاش نوصل", "كيف اصل", "اين يقع", "اين تقع"],
  },
  /** "What should I bring?" */
  bring: {
    fr: ["apporter", "ramener", "amener", "emmener", "quels documents", "quels papiers", "je dois preparer", "faut il apporter", "prendre avec moi", "pieces a fournir"],
    latn: ["njib", "nejib", "ngib", "nji b", "nwajed chi", "chno njib", "ach njib", "lwra9", "lwraq", "chno nwajed"],
    ar: ["نجيب", "احضر", "اجلب", "نحضر معايا", "الوثائق", "الوراق", "شنو نجيب", "اش نجيب", "ماذا احضر", "ماذا اجلب", "شنو نوجد", "احمل معي"],
  },
  /** "I will be late." */
  late: {
    fr: ["en retard", "serai en retard", "un peu de retard", "arriver plus tard", "arriverai plus tard", "je vais etre en retard", "un peu tard"],
    latn: ["nt3ttel", "nt3tel", "ghant3ttel", "gha nt3ettel", "ghadi nt3ettel", "nt3ettel", "m3ttel", "mt3tel", "retard", "nwsel m3ttel", "ghanwsel m3ttel"],
    ar: ["متاخر", "ساتاخر", "سأتأخر", "ساتاخر قليلا", "غانتعطل", "نتعطل", "غادي نتعطل", "معطل", "متعطل", "غنتعطل", "غانوصل معطل", "ساصل متاخرا"],
  },
  /** "Book it", said with a yes at the summary. */
  bookIt: {
    fr: ["reserve", "reservez", "reserver", "je reserve", "reserve le", "reservez le", "valide", "validez", "c est parti", "on y va", "confirmez"],
    latn: ["7jez", "7jezli", "7jez lia", "7jezlia", "n7jez", "sjel", "sejjel", "sjelni", "akked"],
    ar: ["احجز", "حجز", "احجزلي", "احجز لي", "حجز ليا", "حجزلي", "سجل", "سجلني", "اكد", "تاكيد", "احجزها", "حجزها"],
  },
  /** The announcements, in words: "les annonces", "الإعلانات", "les messages de pub". */
  announcements: {
    fr: ["annonces", "les annonces", "messages de pub", "pub", "publicite", "publicites", "notifications", "newsletter", "promotions", "vos messages", "ces messages"],
    latn: ["les annonces", "l annonces", "lanonce", "lanonsat", "i3lanat", "li3lanat", "lpub", "les messages", "had lmessages", "lmessages"],
    ar: ["الاعلانات", "اعلانات", "الاشهار", "اشهار", "رسائل اشهاريه", "الرسائل الاشهاريه", "الميساجات", "هاد الميساجات", "هذه الرسائل", "رسائلكم"],
  },
  /** Not wanting something any more, in words: "arrêtez", "ma bghitch", "لا أريد", "baraka". */
  stopIt: {
    fr: ["arretez", "arreter", "arrete", "stop", "stoppez", "plus de", "ne plus", "assez", "ca suffit", "je veux plus", "je ne veux plus", "desabonner", "desinscrire"],
    latn: ["ma bghitch", "mabghitch", "matb9awch", "ma tb9awch", "baraka", "safi baraka", "w9fo", "wqfo", "7bso", "hbso", "ma tsiftoch", "matsiftoch", "ma bqitch baghi"],
    ar: ["اوقفوا", "اوقف", "وقفو", "وقفوا", "حبسو", "حبسوا", "لا اريد", "مابغيتش", "ما بغيتش", "كفى", "براكا", "ماتبقاوش", "ما تبقاوش", "لم اعد اريد", "ماتصيفطوش", "بلا"],
  },
  /** Saying an earlier answer was wrong: "je me suis trompé", "ghalat", "عفوا، كتبت خطأ". */
  correction: {
    fr: ["je me suis trompe", "je me suis trompee", "erreur", "j ai fait une erreur", "correction", "c etait faux", "pas ca", "je rectifie", "je corrige", "pardon"],
    latn: ["ghalat", "ghlat", "ghlt", "ghaltt", "sm7li", "smhli", "smahli", "ghaltt f"],
    ar: ["خطا", "غلط", "غلطت", "عفوا", "عذرا", "سمح ليا", "سامحني", "وليس", "تصحيح", "اصحح", "كتبت خطا", "غلطت ف"],
  },
  /** The price of one unit, named. */
  priceWord: {
    fr: ["prix", "tarif", "le prix", "prix unitaire"],
    latn: ["taman", "tamn", "thaman", "prix", "ttaman"],
    ar: ["الثمن", "ثمن", "السعر", "سعر", "الثمن ديال"],
  },
  /** Sales per month, named. */
  salesWord: {
    fr: ["ventes", "je vends", "vendre par mois", "clients par mois", "unites par mois"],
    latn: ["nbi3", "kanbi3", "lbi3", "ventes"],
    ar: ["المبيعات", "ابيع", "نبيع", "كنبيع", "البيع"],
  },
  /** One's own contribution, named. */
  contributionWord: {
    fr: ["apport", "mon apport", "apport personnel", "ma contribution"],
    latn: ["apport", "mosahama", "mossahama", "musahama"],
    ar: ["المساهمه", "مساهمتي", "المساهمه ديالي", "مساهمه"],
  },
  /** "Per day", "per week": a count or an amount over another period than the month asked. */
  perDay: {
    fr: ["par jour", "chaque jour", "tous les jours", "par journee", "quotidien", "quotidiennement", "le jour"],
    latn: ["f nhar", "fnhar", "kol nhar", "f lyoum", "fl yom", "f youm", "lyoum"],
    ar: ["في اليوم", "فاليوم", "كل يوم", "يوميا", "فالنهار", "في النهار", "كل نهار", "لليوم", "ليوم"],
  },
  perWeek: {
    fr: ["par semaine", "chaque semaine", "la semaine", "hebdomadaire"],
    latn: ["f simana", "fsimana", "kol simana", "f l2osbou3", "f semaine"],
    ar: ["في الاسبوع", "فالاسبوع", "كل اسبوع", "اسبوعيا", "فالسيمانه", "كل سيمانه", "فالسمانه"],
  },
  /** Whether something costs money ("c'est gratuit ?", "wach b flous?", "هل هذه المواعيد مجانية؟"). */
  free: {
    fr: ["gratuit", "gratuite", "gratuits", "payant", "payante", "faut il payer", "ca coute", "combien ca coute", "frais", "il faut payer"],
    latn: ["fabor", "b flous", "bflous", "khlas", "nkhelles", "nkhlles", "ch7al taman", "wach khass nkhlles", "b zzaf flous"],
    ar: ["مجاني", "مجانيه", "مجانا", "بالمجان", "فابور", "بفلوس", "بالفلوس", "كم الثمن", "خاصني نخلص", "الدفع", "رسوم", "واش بفلوس", "هل يجب الدفع", "نخلص"],
  },
  /** "Nothing", "zero": an amount of 0. */
  nothing: {
    fr: ["rien", "aucun", "aucune", "zero", "pas de", "gratuit", "j ai rien", "je n ai rien", "aucun apport", "pas un sou", "pas d argent", "j ai pas d argent", "je paie pas", "je paye pas", "je me paye pas", "je me paie pas", "je ne paie pas", "personne", "nada", "que dalle", "pas un rond", "pas de loyer", "pas de salaire"],
    latn: ["walo", "walou", "wlou", "hta haja", "7ta 7aja", "zero", "sifr", "batal", "fabor", "mkhalesch", "ma kayn walo", "makayn walo", "ma3ndich", "ma 3ndich", "ma3andich", "ma3ndi walo", "ma3ndi 7ta ryal"],
    ar: ["والو", "لا شيء", "لاشيء", "صفر", "حتى حاجه", "مجانا", "فابور", "ما كاين والو", "ماكاين والو", "لا يوجد", "ماكاينش", "بالمجان", "حتى شي حاجه", "لا احد", "حتى واحد", "لا املك", "لا املك شيئا", "ليس لدي", "ليس لدي مال", "ماعنديش", "ما عنديش", "ماعندي والو", "حتى ريال"],
  },
  /** What a programme is for, asked about in passing ("les programmes pour les femmes"). */
  needWomen: {
    fr: ["femmes", "femme", "filles", "jeunes filles", "feminin", "feminins", "pour les femmes", "centre des femmes", "centre de la femme"],
    latn: ["l3yalat", "3yalat", "lbnat", "bnat", "nsa", "nissa", "lmra", "mra"],
    ar: ["النساء", "نساء", "المراه", "للنساء", "العيالات", "عيالات", "البنات", "بنات", "الفتيات", "النسويه", "نسائيه", "المراة"],
  },
  needFunding: {
    fr: ["financement", "financements", "financer", "subvention", "subventions", "pret", "prets", "credit", "argent", "fonds"],
    latn: ["tamwil", "tmwil", "flous", "lflous", "9rd", "l9rd", "da3m"],
    ar: ["تمويل", "التمويل", "قرض", "قروض", "الفلوس", "فلوس", "منحه", "دعم مالي", "الدعم"],
  },
  needTraining: {
    fr: ["formation", "formations", "apprendre", "cours", "ateliers"],
    latn: ["takwin", "tkwin", "lformation", "nt3lm", "nt3alem"],
    ar: ["تكوين", "التكوين", "تدريب", "التدريب", "دورات", "نتعلم", "تعلم"],
  },
  // Not "ta3awoniya" nor "تعاونية" alone: they share their letters with "t3awni" / "تعاوني" (help me).
  needCooperatives: {
    fr: ["cooperative", "cooperatives", "coop"],
    latn: ["cooperative", "cooperatives", "les cooperatives"],
    ar: ["التعاونيات", "تعاونيات", "التعاونيه"],
  },
  /** What is kept about me: "ce que vous gardez sur moi", "شنو كتعرفو عليا". */
  myData: {
    fr: ["mes donnees", "mes infos", "mes informations", "ce que vous gardez", "ce que vous savez sur moi", "ce que vous avez sur moi", "vous gardez quoi", "donnees personnelles"],
    latn: ["data dyali", "lma3lomat dyali", "ma3lomat dyali", "chno 3arfin 3liya", "chno kat7tafdo", "chno 3ndkom 3liya", "les infos dyali"],
    ar: ["بياناتي", "معلوماتي", "ماذا تحتفظون", "بماذا تحتفظون", "ما الذي تعرفونه عني", "المعلومات ديالي", "شنو كتعرفو عليا", "شنو كتحتافظو", "معطياتي", "بياناتي الشخصيه"],
  },
  needPrizes: {
    fr: ["prix", "concours", "competition", "recompense"],
    latn: ["jayza", "jaiza", "moussaba9a"],
    ar: ["جايزه", "الجايزه", "جوايز", "مسابقه", "المسابقه"],
  },
} satisfies Record<string, ConceptPhrases>;

export type AnswerWord = keyof typeof ANSWER_WORDS;

/** A kind of word in every way of writing (for describing a platform by who it is for). */
export function wordsOf(word: AnswerWord): string[] {
  const phrases: ConceptPhrases = ANSWER_WORDS[word];
  return [...(phrases.fr ?? []), ...(phrases.latn ?? []), ...(phrases.ar ?? [])];
}

const MATCHER = compileMatcher(ANSWER_WORDS);

/** Where a kind of word appears in a message (best first); empty when it does not. */
export function hitsOf(text: NormalizedText, word: AnswerWord): ConceptHit[] {
  return MATCHER.match(text.tokens)[MATCHER.conceptId(word)] ?? [];
}

export function says(text: NormalizedText | string, word: AnswerWord): boolean {
  return hitsOf(typeof text === "string" ? normalizeText(text) : text, word).length > 0;
}

/** The message's words outside the given token span, joined: what is left once the answer is read. */
export function restOf(text: NormalizedText, start: number, end: number): string {
  return text.tokens
    .filter((_, index) => index < start || index >= end)
    .map((token) => token.form)
    .filter((form) => /[\p{L}\p{N}]/u.test(form))
    .join(" ");
}
