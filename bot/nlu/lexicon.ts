import type { ConceptPhrases } from "./matcher.ts";

/**
 * The words behind each intent, grouped by meaning ("a verb of removing", "my data", "an
 * appointment") so that intents are combinations: remove + data is `delete_data`, remove
 * + appointment is `cancel_booking`. `fr` is French, `latn` Darija in Latin letters
 * (Arabizi: spelling variants meet through the skeleton, and conjugations of a verb
 * through its stem, so one spelling usually does), `ar` anything in Arabic letters, MSA
 * and Darija alike (clitics and endings are handled by the matcher). Written from how
 * people write; tuned on tests/nlu/datasets/train.jsonl only.
 */
export const LEXICON = {
  hello: {
    fr: ["bonjour", "bonsoir", "salut", "coucou", "hello", "hi", "hey", "yo", "ca va", "bonjour a tous", "wesh", "salut la famille"],
    latn: [
      "salam", "slm", "slam", "salamo", "salamu", "salam 3likom", "salam 3alaykom", "assalamu alaykum", "salam alaykoum",
      "ahlan", "ahla", "ahlen", "marhba", "mar7ba", "marhaba", "sba7 lkhir", "sbah lkhir", "msa lkhir", "mselkhir", "labas",
      "kidayr", "kidayra", "kif dayr", "kif dayra", "labas 3lik",
    ],
    ar: [
      "السلام عليكم", "سلام", "السلام", "مرحبا", "اهلا", "اهلا وسهلا", "صباح الخير", "مساء الخير", "مسا الخير", "صباح النور",
      "تحيه طيبه", "لاباس", "كيداير", "كيدايره", "كيف حالك", "كيف الحال", "كي داير", "لاباس عليك", "مساء النور", "تحياتي", "تحياتي لكم"],
  },
  thanks: {
    fr: ["merci", "remercie", "thanks", "thank you", "merci infiniment", "c est gentil", "merci pour", "mille mercis", "thx", "thanx", "merci a vous", "merci a toi"],
    latn: [
      "chokran", "lah ykhlik", "llah ykhlik", "lah y khlik", "allah ykhlik", "lah yjazik", "y3tik se7a", "y3tik saha",
      "tbarkallah", "tbarkellah", "baraka llahou fik", "barakallahou fik", "lah y7fdek", "lah y7fdk", "lah ybarek fik",
      "lah yr7em lwalidin", "lah ir7am lwalidin", "mercii", "y3tik sa7a", "lah y3tik sa7a", "y3tik sse7a", "alf chokr", "baraka lahou fik", "barak allah fik", "barakalah fik", "merci bzaf", "mersi"],
    ar: [
      "شكرا", "اشكرك", "اشكركم", "جزاك الله خيرا", "جزاكم الله خيرا", "بارك الله فيك", "بارك الله فيكم", "الله يخليك",
      "الله يجازيك", "يعطيك الصحه", "تبارك الله", "مشكور", "ممنون", "الله يحفظك", "الله يبارك فيك", "الله يرحم الوالدين",
      "تسلم", "يسلمو", "متشكر", "شكر", "الف شكر", "مشكورين", "مرسي", "ميرسي", "شكرا لك"],
  },
  yes: {
    fr: [
      "oui", "ouais", "ouii", "ok", "d accord", "bien sur", "exactement", "exact", "je confirme", "confirme", "volontiers",
      "parfait", "yes", "c est ca", "c est bon", "tout a fait", "absolument", "evidemment", "carrement", "ca marche",
      "vas y", "entendu", "yep", "oui oui", "bien entendu", "tres bien", "ca me va", "pourquoi pas", "je veux bien", "ouaip", "ouep", "ouai", "d acc", "oke", "okk", "c est bien ca", "c est exactement ca"],
    latn: ["wakha", "wakhkha", "iyeh", "ih", "eh", "ah", "wah", "bes7", "safi", "mzyan", "ewa", "ayeh", "yeh", "ah wakha", "akid", "bdebt", "bdabt", "bedebt", "mtafe9", "mtafa9", "hiya hadi", "howa hada", "iyeh nit"],
    ar: [
      "نعم", "اجل", "حسنا", "موافق", "اوافق", "طبعا", "بالتاكيد", "صحيح", "تمام", "اكيد", "بلى", "ايه", "اه", "واخا", "صافي",
      "مزيان", "اوكي", "بالصح", "ايوا", "بالطبع", "اكيد", "بالضبط", "بكل تاكيد", "متفق", "هادي هي", "هو هذا", "هذا هو", "ايه نيت", "اوك"],
  },
  no: {
    fr: [
      "non", "nan", "pas du tout", "pas vraiment", "jamais", "pas maintenant", "pas ca", "pas interesse", "no", "nope",
      "surtout pas", "pas question", "non merci", "ca ira", "pas besoin", "ce n est pas ca", "pas pour l instant", "pas pour le moment", "plus tard", "pas tout de suite", "je ne pense pas", "absolument pas", "jamais de la vie", "certainement pas", "surement pas"],
    latn: ["la", "lla", "laa", "lala", "machi", "mabghitch", "machi daba", "la chokran", "machi hadchi", "ma3lich la", "men b3d", "mn b3d", "madhentch", "mamsou9ch", "blach", "la blach", "mam7tajch", "mabaghich"],
    ar: ["لا", "كلا", "ابدا", "ليس الان", "غير موافق", "لا اريد", "لالا", "ماشي", "مابغيتش", "ليس هذا", "لا ارغب", "لا شكرا", "ماشي هادشي", "ماشي دابا", "ليس حاليا", "من بعد", "لا اظن", "ماظنيتش", "ليس بعد", "ليس في الوقت الحالي", "بلاش", "مامسوقش", "مامحتاجش", "ماباغيش", "ليس على الاطلاق", "على الاطلاق"],
  },
  /** A "no" that opens a message and stays a "no" (not "لا أعرف", "la langue"). */
  noFirst: {
    fr: ["non", "nan", "no", "nope", "non merci", "pas pour l instant", "pas pour le moment", "absolument pas", "jamais de la vie", "certainement pas", "surement pas"],
    latn: ["lla", "lala", "machi", "mabghitch", "la chokran", "la la"],
    ar: ["كلا", "لالا", "ماشي", "مابغيتش", "غير موافق", "لا شكرا", "لا ارغب", "لا اريد", "لا لا", "ليس حاليا", "لا اظن", "ليس بعد", "ليس في الوقت الحالي", "ليس على الاطلاق"],
  },
  help: {
    fr: [
      "aide", "aider", "aidez", "help", "comment ca marche", "comment ca fonctionne", "comment utiliser", "comment faire",
      "comprends pas", "comprends rien", "comprend pas", "pas compris", "rien compris", "pige pas", "capte pas", "perdu",
      "perdue", "sers a quoi", "quoi tu sers", "tu peux faire quoi", "peux tu faire", "qu est ce que tu peux faire",
      "tu peux faire pour moi", "que peux tu faire", "tu fais quoi", "c est quoi ce bot",
      "qui es tu", "t es qui", "mode d emploi", "explique moi", "expliquez moi", "expliquer", "assistance",
      "comment ca se passe", "comment proceder", "les etapes", "fonctionnement", "je sais pas quoi faire", "menu", "par ou commencer", "ou commencer", "je dois faire", "dois faire quoi", "je ne sais pas", "j ai une question", "une question", "utilise", "comment on utilise", "besoin d aide", "comment je fais", "je fais comment", "explications", "explication", "le principe", "les options", "je peux faire quoi", "qu est ce que je peux faire", "comment on fait", "je suis nouveau", "je suis nouvelle"],
    latn: [
      "3awni", "3awenni", "3awnoni", "m3awna", "mosa3ada", "msa3da", "kifach kaykhdem", "kifach katkhdem", "kifach nkhdem",
      "kifach nsta3mel", "chno kat dir", "chno katdir", "chno t9der dir", "chno n9der ndir", "ach katdir", "mafhamt", "mafhemtch",
      "ma3reftch", "chkoun nta", "chno hada", "kifach nbda", "chno ndir", "fhemni", "fahmni", "chra7 lia", "mnin nbda", "fin nbda", "so2al", "3andi so2al", "tlft", "tlfte", "t3awni", "t3awenni", "tchra7", "chra7", "lmenu", "menu", "ana jdid", "ana jdida", "ma fahem", "mafahem", "mafahemch"],
    ar: [
      "مساعده", "ساعدني", "مساعدتي", "مساعدتك", "كيف يعمل", "كيف استعمل", "كيف استخدم", "ماذا يمكنك", "ماذا تفعل",
      "ما الذي تقدمه", "ماذا تقدم", "ماذا افعل", "لم افهم", "لا افهم", "من انت", "توضيح", "اشرح", "عاوني", "عاونني",
      "عاونوني", "معاونه", "كيفاش كيخدم", "كيفاش نخدم", "شنو كتدير", "شنو تقدر دير", "شنو نقدر ندير", "مافهمت",
      "مافهمتش", "ماعرفتش", "شكون نتا", "شكون انت", "شنو هادا", "كيفاش نبدا", "شنو ندير", "فهمني", "شرح ليا", "القائمه", "كيف ابدا", "من اين ابدا", "منين نبدا", "سوال", "عندي سوال", "كيفاش نستعمل", "كيفاش كنستعمل", "نستعمل", "تعاوني", "فهمني", "تلفت", "ماذا يجب ان افعل", "ما الذي يمكنك", "تشرح", "المنيو", "منيو", "ما فهمت", "انا جديد", "انا جديده", "ما فاهم", "مافاهم", "ما فاهمش", "مافاهمش"],
  },
  eligible: {
    fr: [
      "eligible", "eligibles", "eligibilite", "admissible", "conditions", "condition", "criteres", "critere", "le droit",
      "age maximum", "age minimum", "age limite", "limite d age", "quel age", "accepte", "acceptee", "en profiter",
      "beneficier", "qui peut", "ouvert aux", "ouvert a", "reserve aux", "tranche d age", "concerne", "concernee", "s adresse", "pour qui", "destine", "destinee", "suis je concerne", "public cible", "trop tard", "trop vieux", "trop vieille", "trop age", "non diplomes", "ca pose probleme", "c est un probleme", "est ce un probleme", "j ai droit", "ai je droit", "ai droit", "selection", "choisissez", "age minimum requis"],
    latn: ["nstafd", "nstafed", "ystafed", "mqboul", "maqboul", "mqboula", "chourout", "chrout", "chkoun li y9der", "ch7al f l3mer", "l3mer", "kaychmel", "kaytchmel", "m7loul", "fatni lwe9t", "fatni l9tar", "kaychmelni", "ychmelni", "kay9blo", "kat9blo", "y9blo", "l chkoun", "lchkoun", "wach mochkil", "3andi l7a9", "katkhtaro", "3omr adna"],
    ar: [
      "موهل", "موهله", "شروط", "يحق", "الاستفاده", "استفيد", "نستافد", "يستافد", "مقبول", "مقبوله", "السن", "العمر المطلوب", "اهليتي", "الاهليه", "اهليه",
      "الحد الاقصى", "يشترط", "شرط", "معايير", "الفئه العمريه", "العمر", "مفتوح", "مفتوحه", "من يمكنه", "شكون لي يقدر", "يشمل", "لمن", "موجه", "موجهه", "الفئه المستهدفه", "كيشمل", "فات الاوان", "فاتني الوقت", "فاتني", "مخصص", "مخصصه", "كيشملني", "يشملني", "يقبل", "تقبلون", "يقبلون", "كيقبلو", "كتقبلو", "هل هذا مشكل", "واش مشكل", "عندي الحق", "يحق لي", "الانتقاء", "كتختارو", "تختارون", "عمر ادنى", "سن ادنى"],
  },
  /** "Which programme suits me": a question of eligibility, not of browsing. */
  suitsMe: {
    fr: ["me convient", "adapte a moi", "fait pour moi", "me correspond", "a qui j ai droit", "pour mon profil"],
    latn: ["yzyan lia", "ynasbni", "mnasb lia", "mnaseb lia", "li ynasbni", "li mnasb lia", "yswa lia"],
    ar: ["يناسبني", "مناسب لي", "مناسب ليا", "اللي مناسب ليا", "يصلح لي", "الملائم لي", "المناسب لي"],
  },
  register: {
    fr: ["participer", "postuler", "inscrire", "candidater", "inscription", "candidature", "adherer", "rejoindre", "integrer"],
    latn: ["ntsjel", "ntsejel", "nsjl", "tsjil", "ncharek", "ndkhl", "ndkhol", "nchark", "ndkhel", "ntrecha7", "ntrcha7", "trecha7"],
    ar: ["التسجيل", "اتسجل", "اسجل", "المشاركه", "اشارك", "الترشح", "اترشح", "الانخراط", "نتسجل", "نشارك", "ندخل", "نسجل", "الانضمام", "انضم"],
  },
  canI: {
    fr: ["je peux", "puis je", "possible pour moi", "c est possible", "est il possible", "je pourrais", "pourrais je", "on peut", "peuvent"],
    latn: ["wach n9der", "n9der", "ymkn lia", "ymken lia", "mazal n9der", "wach ymkn", "y9dro"],
    ar: ["هل يمكنني", "هل استطيع", "يمكنني", "استطيع", "نقدر", "يمكن ليا", "واش نقدر", "واش يمكن", "مازال نقدر", "يقدرو", "يمكن"],
  },
  diploma: {
    fr: ["diplome", "diplomee", "bac", "baccalaureat", "chomage", "chomeur", "etudiant", "etudiante", "niveau d etudes", "niveau scolaire", "sans diplome", "ecole", "l ecole", "etudes", "lycee", "college"],
    latn: ["diplome", "lbac", "chahada", "9rit", "l9raya", "lcollege", "lycee"],
    ar: ["شهاده", "دبلوم", "الباك", "الباكالوريا", "مستوى دراسي", "المستوى الدراسي", "قريت", "ديبلوم", "الديبلوم", "الدراسه", "القرايه", "الاعدادي", "الثانوي"],
  },
  residence: {
    fr: ["j habite", "habite", "je vis", "je suis de", "originaire", "je reside", "j habite a"],
    latn: ["sakn", "sakna", "kansken", "nskon", "3aych", "3aycha", "ana mn", "ana men", "ana men"],
    ar: ["اسكن", "ساكن", "ساكنه", "نسكن", "كنسكن", "عايش", "انا من", "اقطن", "اقيم"],
  },
  offers: {
    fr: [
      "programmes", "formation", "formations", "financement", "financements", "subvention", "subventions", "aides",
      "accompagnement", "offres", "opportunites", "catalogue", "bourse", "bourses", "incubateur", "incubation", "coaching",
      "mentorat", "dispositifs", "soutien", "ateliers", "workshops", "stages", "pret", "credit", "services", "incubateurs", "concours", "competition", "prix pour", "prets", "pret d honneur", "aides de l etat", "aide de l etat"],
    latn: ["baramij", "lbaramij", "tamwil", "tmwil", "da3m", "takwin", "forsa", "foras", "takwinat", "lformation", "lkhadamat", "jayza", "moussaba9a", "l9roud", "9roud", "l9rod", "tamwilat", "lmosa3adat", "mosa3adat"],
    ar: ["برامج", "تكوين", "تكوينات", "تمويل", "تمويلات", "منح", "منحه", "دعم", "مواكبه", "فرص", "فرصه", "احتضان", "عروض", "ورشات", "قرض", "تداريب", "حاضنه", "حاضنات", "خدمات", "جايزه", "مسابقه", "قروض", "القروض", "قروضا", "مساعدات", "المساعدات"],
  },
  programWord: {
    fr: ["programme", "offre", "opportunite", "dispositif", "initiative"],
    latn: ["lbarnamij", "barnamij", "lbarnamaj", "barnamaj", "lbarnamej", "programme"],
    ar: ["برنامج", "مبادره"],
  },
  programName: {
    fr: [
      "minassati", "mourafaka", "learning center", "learning centers", "lalla al moutaaouina", "moutaaouina", "pie", "ofppt",
      "indh", "social innovation lab", "um6p", "phosboucraa", "fondation ocp", "al montija", "femmpact",
      "women empowerment center", "d lab", "forsa", "intelaka",
    ],
    latn: ["minassati", "mourafaka", "montija"],
    ar: ["منصتي", "مرافقه", "مراكز التعلم", "للا المتطوعه", "المتطوعه", "مكتب التكوين المهني", "المبادره الوطنيه", "فوسبوكراع", "انطلاقه"],
  },
  list: {
    fr: ["liste", "montrez", "montre", "montrer", "voir", "quels sont", "quelles sont", "disponibles", "proposez", "existe", "il y a", "vous avez", "c est quoi", "quoi comme", "vous avez quoi", "quoi pour"],
    latn: ["chno homa", "chnahoma", "werini", "3tini", "kayn", "kaynin", "kayna", "li 3andkom", "chno kayn", "chno 3andkom", "chno 3andkom", "ach 3andkom", "kat9tar7o", "t9tar7o"],
    ar: ["ما هي", "ما هو", "لايحه", "قايمه", "اعطني", "عرفني", "المتوفره", "المتاحه", "تقدمونها", "توجد", "يوجد", "هل هناك", "شنو هوما", "وريني", "عطيني", "كاين", "كاينين", "كاينه", "لي عندكم", "لديكم", "الاطلاع", "شنو عندكم", "اش عندكم", "ماذا لديكم", "تقترحون", "تقترحو", "كتقترحو"],
  },
  projectWord: {
    fr: [
      "projet", "projets", "idee", "idees", "entreprise", "business", "startup", "agr", "activite", "cooperative", "commerce",
      "boutique", "magasin", "atelier", "salon", "epicerie", "elevage", "food truck", "entreprendre", "auto emploi", "societe",
      "a mon compte", "auto entrepreneur", "me lancer", "mon affaire", "creer ma", "creer mon",
      "cyber", "local commercial",
    ],
    latn: [
      "mochroo3", "mochro3", "machrou3", "mocharee3", "fikra", "fekra", "7anout", "hanout", "cooperative",
      "moukawala", "nkhdem 3la rassi", "nkhdem 3la rasi", "mahal", "ma7al", "l7anout",
    ],
    ar: [
      "مشروع", "مشاريع", "فكره", "مقاوله", "شركه", "تعاونيه", "نشاط", "مدر للدخل", "محل", "متجر", "حانوت", "نخدم على راسي", "مقاول ذاتي", "التشغيل الذاتي",
    ],
  },
  create: {
    fr: ["creer", "creation", "lancer", "lance", "monter", "demarrer", "ouvrir", "fonder", "commencer", "developper", "realiser", "investir"],
    latn: ["n7el", "nftah", "nfte7", "ndir", "nbda", "ntawar", "nlanci", "ncree"],
    ar: ["انشاء", "تاسيس", "اوسس", "اطلاق", "فتح", "افتح", "ابدا", "بدء", "تطوير", "اطور", "نحل", "نفتح", "ندير", "نبدا", "نطور", "اطلق"],
  },
  want: {
    fr: ["je veux", "je voudrais", "j aimerais", "je souhaite", "je compte", "mon reve", "je pense", "j envisage"],
    latn: ["bghit", "baghi", "bagha", "nbghi", "bghina", "kanfker", "kanfakar"],
    ar: ["اريد", "اود", "ارغب", "بغيت", "باغي", "باغيه", "نبغي", "احلم", "كنفكر", "افكر في", "افكر"],
  },
  finance: {
    fr: [
      "rentabilite", "rentable", "seuil", "cout", "couts", "coute", "budget", "investissement", "chiffre d affaires",
      "marge", "benefice", "benefices", "depenses", "charges", "calculer", "calcule", "business plan", "plan d affaires",
      "fiche projet", "etude de marche", "combien il faut", "prix de revient", "materiel", "equipement", "equipements", "prevoir", "investir", "matiere premiere", "combien ca coute", "combien coute", "ventes", "mes ventes", "estimer", "chiffre", "clients", "client", "clientele"],
    latn: ["lmasarif", "masarif", "n7seb", "ras lmal", "ch7al khas", "ch7al khasni", "lmateriel", "ch7al kaytkallef", "lbi3", "lmabi3at", "kliyan", "zboun", "zbayen"],
    ar: ["تكاليف", "المردوديه", "مردوديه", "عتبه", "راس المال", "ربح المشروع", "هامش الربح", "الارباح", "ارباح", "المصاريف", "مصاريف", "خطه العمل", "دراسه", "احسب", "نحسب", "الميزانيه", "تكلفه", "شحال خاص", "المعدات", "معدات", "تجهيزات", "المواد الاوليه", "كم تكلفه", "شحال كيكلف", "شحال خاصني", "مبيعات", "المبيعات", "كليان", "زبون", "زبونا", "زباين", "زبناء", "البيزنس بلان", "بيزنس بلان", "مخطط الاعمال", "مخطط اعمال"],
  },
  appointment: {
    fr: ["rdv", "reservation", "reserver", "creneau", "creneaux", "rencontre", "booking", "reunion", "entretien", "meeting", "programmer un rdv", "fixer un rdv"],
    latn: ["maw3id", "maw3ed", "mou3id", "mw3d", "n7jez", "7jez", "7ajz", "ntla9a", "rendivou", "randivou", "mow3id"],
    ar: ["موعد", "مواعيد", "موعدا", "حجز", "احجز", "نحجز", "لقاء", "مقابله", "رونديفو", "ميعاد", "اجتماع", "حجزي"],
  },
  advisor: {
    fr: ["conseiller", "conseillere", "conseillers", "advisor", "accompagnateur", "coach", "expert"],
    latn: ["mostachar", "mostachara"],
    ar: ["مستشار", "مستشاره", "المستشارين", "مستشارين"],
  },
  meet: {
    fr: ["voir", "rencontrer", "consulter", "venir", "passer", "visiter", "se voir", "vous voir", "se rencontrer"],
    latn: ["nchouf", "ntla9a", "nji", "nmchi", "nzour", "nchofkom", "nchoufkom", "nji 3ndkom", "nwsal", "ndouz", "nfot", "ndouz 3andkom"],
    ar: ["مقابله", "لقاء", "اقابل", "التقي", "نشوف", "نتلاقى", "نجي", "نمشي", "زياره", "ازور", "اجي", "نزور", "المجيء", "المجي", "الحضور", "اتي", "القدوم", "ندوز", "نفوت", "المرور", "نمر", "رويه", "اري", "لقاوكم", "لقاوك", "لقاءكم"],
  },
  platform: {
    fr: ["plateforme", "centre", "bureau", "agence", "local", "espace", "chez vous", "vos locaux"],
    latn: ["lmanassa", "manassa", "markaz", "3ndkom", "3andkom"],
    ar: ["المنصه", "منصه", "المركز", "المكتب", "الوكاله", "عندكم"],
  },
  when: {
    fr: ["quand", "disponible", "disponibles", "disponibilite", "a quelle heure", "quel jour", "la semaine prochaine", "quel horaire", "horaires"],
    latn: ["imta", "fo9ach", "fou9ach", "wa9tach", "we9t", "wa9t", "simana jaya"],
    ar: ["متى", "امتى", "فوقاش", "وقتاش", "وقت", "الاسبوع المقبل", "السيمانه الجايه"],
  },
  cancelVerb: {
    fr: ["annuler", "annule", "annulez", "annulation", "annulee", "decommander", "reporter", "decaler", "decale", "repousser", "deplacer", "reprogrammer"],
    latn: ["lghi", "nlghi", "lghiw", "lghih", "annuli", "nannuli", "n2ajal", "n2ajjel", "t2ajlo", "tkhero", "nakhar", "n2akher", "ytlgha", "ytlagha", "lghiweh", "lghiwh"],
    ar: ["الغاء", "الغ", "الغي", "الغوا", "لغي", "نلغي", "لغيو", "نلغيه", "تاجيل", "اجل", "ناجل", "تاخرو", "تاخير", "اجلوا", "يتلغى", "تلغى"],
  },
  removeVerb: {
    fr: ["supprimer", "supprimez", "supprimiez", "supprime", "suppression", "effacer", "effacez", "efface", "enlever", "retirer", "detruire", "supprimes", "effacement"],
    latn: ["ms7", "mse7", "nmse7", "m7i", "m7iw", "n7iyed", "7ayed", "7aydo", "t7aydo", "7iyed", "supprimi", "nsupprimi", "ms7o", "nms7", "ms7ohom", "ms7oha", "nms7o", "t7dfo", "n7def"],
    ar: ["حذف", "احذف", "احذفوا", "مسح", "امسح", "امسحوا", "نمسح", "ازاله", "حيد", "حيدو", "نحيد", "تحيدو", "شطب", "تمسحو", "محو", "امحو", "امحوا", "مسحوهم", "مسحوها", "احذفوها", "احذفوهم", "تحذفوا", "تحذفو", "نحذف"],
  },
  dataWord: {
    fr: ["donnees", "compte", "informations", "profil", "historique", "coordonnees", "vie privee", "savez sur moi", "mes infos", "dossier", "base", "base de donnees", "fichier", "fichiers", "numero", "mon nom", "mes informations", "ce que vous avez sur moi"],
    latn: ["data", "lma3lomat", "ma3lomat", "lma3loumat", "l7isab", "lbayanat", "li 3andkom 3liya", "compte dyali", "lcompte", "les donnees", "numero", "smiya", "nmra", "ra9mi", "3andkom 3liya"],
    ar: ["بيانات", "معلومات", "حساب", "معطيات", "لي عندكم عليا", "ملفي", "الملف", "قاعده البيانات", "من عندكم", "النمره", "نمره", "رقمي", "رقم هاتفي", "السميه", "اسمي", "معلوماتي", "ما لديكم عني", "لديكم عني", "عندكم عليا"],
  },
  forget: {
    fr: ["droit a l oubli", "oubliez moi", "effacez moi", "supprimez moi", "efface moi", "supprime moi", "oublie mes donnees", "oubliez mes donnees", "qu on oublie"],
    ar: ["الحق في النسيان", "انسوني", "امسحوني", "احذفوني", "حيدوني", "نساو كلشي عليا", "انسوا كل شيء عني"],
    latn: ["m7iwni", "ms7oni", "7aydouni", "nsaw kolchi 3liya", "nsawni"],
  },
  talk: {
    fr: ["parler", "discuter", "contacter", "contact", "echanger", "joindre", "appeler", "appelez", "passez moi", "mettez moi", "repondre", "causer", "rappeler"],
    latn: ["nhder", "nhdar", "ntkellem", "ntkalem", "ntwasel", "dwezni", "3ayet", "3iyet", "nhdr", "nkelem", "nklem", "n3ayet", "n3iyet"],
    ar: ["التحدث", "اتحدث", "الكلام", "اتكلم", "التكلم", "التواصل", "اتواصل", "صلني", "حولني", "اتصل", "نهضر", "نتكلم", "نتواصل", "دوزني", "عيط", "نهدر", "اكلم", "نكلم", "كلم", "نكلمو", "نعيط"],
  },
  person: {
    fr: ["personne", "quelqu un", "agent", "equipe", "responsable", "operateur", "un vrai"],
    latn: ["wa7ed", "7ad", "7ed", "chi 7ed", "chi wa7ed"],
    ar: ["شخص", "موظف", "احد", "واحد", "حد", "الفريق", "شي حد"],
  },
  real: {
    fr: ["vrai", "vraie", "reel", "reelle", "en chair et en os", "humainement"],
    latn: ["7a9i9i", "7a9i9iya"],
    ar: ["حقيقي", "حقيقيه"],
  },
  humanWord: {
    fr: ["humain", "humaine", "vraie personne", "vrai personne", "etre humain", "humains", "agent", "un agent", "conseiller humain"],
    latn: ["bnadem", "bnadm", "insan", "mowadaf", "mowadafa", "mwadaf"],
    ar: ["انسان", "بنادم", "بشري", "موظف", "موظفه", "المسوول", "مسوول"],
  },
  notBot: {
    fr: ["pas un robot", "pas un bot", "pas une machine", "pas a un robot", "ne veux pas parler a un robot", "pas parler a une machine", "le bot ne m aide pas", "le robot ne m aide pas"],
    latn: ["machi robot", "machi bot", "mabghitch robot", "robot ma3awnnich", "robot ma3awnich"],
    ar: ["ماشي روبو", "وليس اله", "ليس روبوت", "ماشي روبوت", "لا اريد التحدث مع اله", "الروبوت لا يساعدني", "الروبو ماعاونيش", "الروبو ما عاونيش"],
  },
  langWord: {
    fr: ["langue", "language", "arabe", "francais", "francaise", "darija", "anglais", "english", "amazigh", "tamazight", "en arabe", "en francais"],
    latn: ["lougha", "logha", "l3arbiya", "3arbiya", "l3arabiya", "darija", "ddarija", "lfrancais", "fransawiya", "fransi", "tachel7it", "lfranssawiya", "lingliziya", "anglais"],
    ar: ["اللغه", "العربيه", "الفرنسيه", "الدارجه", "الانجليزيه", "الامازيغيه", "الفرونسي", "الشلحه", "الفصحى", "النكليزيه", "الانكليزيه"],
  },
  changeLang: {
    fr: ["changer", "change", "parler en", "parle", "parlez", "reponds", "repondez", "ecris", "prefere"],
    latn: ["bdel", "bdl", "nbdel", "hder", "thder", "jaweb", "jawbni", "ktb"],
    ar: ["تغيير", "غير", "بدل", "نبدل", "تكلم", "تحدث", "هضر", "تهضر", "جاوب", "افضل", "جاوبني", "اكتب"],
  },
  stopCommand: {
    fr: ["stop", "arreter", "arret", "desabonner"],
    latn: ["7bes", "hbes", "w9ef", "wqef"],
    ar: ["توقف", "ايقاف", "وقف", "حبس"],
  },
  stopVerb: {
    fr: ["stop", "arreter", "arrete", "arretez", "arret", "cesser", "cessez", "stopper", "bloquer", "ca suffit", "suffit"],
    latn: ["7bes", "hbes", "7bess", "w9ef", "wqef", "baraka", "7bsso", "w9fo"],
    ar: ["توقف", "اوقف", "اوقفوا", "توقفوا", "ايقاف", "وقف", "كفى", "حبس", "بركا", "حبسو", "وقفو"],
  },
  unsubscribe: {
    fr: ["desabonner", "desabonnez", "desabonne", "desinscrire", "desinscrivez", "desinscription", "desabonnement", "unsubscribe"],
  },
  messages: {
    fr: [
      "messages", "message", "notifications", "notification", "annonces", "annonce", "pub", "publicite", "newsletter", "alertes",
      "envoyer", "envoyez", "recevoir", "rappels", "spam", "ecrire", "rien recevoir", "contacte", "contactee", "sollicite"],
    latn: ["lmessages", "tsift", "tsifto", "tsiftli", "tsifet", "trasalni", "tbe3tho", "nwsel", "lmesajat", "sift", "les annonces", "lmsajat"],
    ar: ["الرسايل", "رساله", "الاشعارات", "الاعلانات", "ارسال", "ترسلوا", "تلقي", "مراسلتي", "الميساجات", "ميساج", "تصيفط", "تصيفطو", "تبعثو", "تراسلني", "نتوصل", "تبعث", "الاخبار", "استقبال", "نستقبل", "تبعت"],
  },
  subscription: {
    fr: ["abonnement"],
    ar: ["الاشتراك", "اشتراك"],
  },
  /** Places to eat and drink: a project only when opened ("n7el 9hiwa"), not when looked for. */
  venue: {
    fr: ["cafe", "restaurant", "snack", "salon de the", "resto"],
    latn: ["9ahwa", "9hiwa", "snack"],
    ar: ["مقهى", "مطعم", "قهوه", "سناك"],
  },
  /** "I have (an idea, a project)". */
  have: {
    fr: ["j ai", "nous avons", "on a"],
    latn: ["3andi", "3andna", "3ndna"],
    ar: ["لدي", "عندي", "عندنا", "لدينا"],
  },
  /** Everyday trades and goods: saying what one would sell is talking about a project. */
  business: {
    fr: [
      "vendre", "vente", "commercialiser", "produire", "fabriquer", "agriculture", "couture", "coiffure", "boulangerie",
      "patisserie", "livraison", "e commerce", "artisanat", "menuiserie", "soudure", "mecanique", "apiculture", "poulailler",
      "poulets", "traiteur", "lavage", "reparation", "tourisme", "produits", "production", "transformation", "ferme",
    ],
    latn: [
      "nbi3", "nbe3", "bi3", "nbi3o", "fla7a", "khiyata", "7ila9a", "7lawiyat", "l7elwa", "njara", "mikanik", "djaj", "argan", "tawsil", "sina3a ta9lidiya", "l7ila9a", "montojat", "kansawb", "nsawb"],
    ar: [
      "بيع", "نبيع", "ابيع", "تسويق", "انتاج", "تصنيع", "فلاحه", "الفلاحه", "تربيه", "خياطه", "حلاقه", "مخبزه", "حلويات",
      "الحلوه", "توصيل", "التجاره الالكترونيه", "الصناعه التقليديه", "نجاره", "ميكانيك", "النحل", "الدجاج", "منتجات",
      "السياحه", "ورشه", "ضيعه", "محلبه", "اصنع", "نصاوب", "كنصاوب"],
  },
  /** Funding or supporting as a verb: "vous financez…?", "تمولون", "katmwlo". */
  fund: {
    fr: ["financer", "financez", "financent", "finance", "subventionner", "subventionnez", "soutenez", "soutenir", "accompagnez", "aidez les"],
    latn: ["katmwlo", "tmwlo", "tmwel", "katd3mo", "td3mo"],
    ar: ["تمولون", "تمول", "يمول", "كتمولو", "تدعمون", "تدعم", "يدعم", "كتدعمو", "تساعدون"],
  },
  audience: {
    fr: ["jeunes", "jeunes entrepreneurs", "femmes", "femmes rurales", "etudiants", "diplomes", "porteurs de projets", "cooperatives", "ruraux", "jeunes ruraux", "monde rural"],
    latn: ["chabab", "l3yalat", "lbnat", "cooperatives", "li 3ndhom projets", "li 3andhom projets", "l3roubiya", "3roubiya", "l3robiya"],
    ar: ["الشباب", "للشباب", "النساء", "المراه", "الطلبه", "الخريجين", "التعاونيات", "حاملي المشاريع", "اللي عندهم مشاريع", "لي عندهم مشاريع", "العروبيه", "العالم القروي"],
  },
  requirement: {
    fr: ["il faut", "faut il", "obligatoire", "exige", "necessaire", "doit on", "je dois avoir", "on doit", "doit avoir", "faut avoir", "faut etre"],
    latn: ["khas", "khass", "khasni", "lazem", "darori", "khassek", "khassk"],
    ar: ["خاص", "خاصني", "يجب", "لازم", "ضروري", "يشترط", "هل يجب"],
  },
  /** "Don't send me (anything)": stopping in one word, mostly Darija. */
  dontSend: {
    fr: ["ne m envoyez plus", "n envoyez plus", "ne m ecrivez plus", "ne me contactez plus", "laissez moi tranquille", "plus de messages", "plus de notifications", "plus de notifs", "plus d annonces"],
    latn: ["matsifet", "matsiftlich", "matsiftoch", "matsifto", "ma tsiftli", "matsiftli", "matb3atch", "matb9ach tb3at", "matrasslounich", "matrasslnich", "matb9awch tb3to"],
    ar: ["ماتصيفطش", "ماتصيفطوش", "ماتبعثوش", "ماتراسلنيش", "ماتبقاش تصيفط", "لا ترسلوا", "لا تراسلوني", "لا ترسلو", "عدم ارسال", "عدم الارسال", "ماتبقاش تبعت", "ماتراسلونيش"],
  },
  noMore: {
    fr: ["ne plus", "n plus", "plus jamais", "plus rien", "arretez de", "ne veux plus", "veux pas recevoir", "veux plus recevoir"],
    latn: ["matb9ach", "matb9awch", "mab9itch", "mab9inach", "mabghitch"],
    ar: ["بعد الان", "لا اريد", "ماتبقاش", "ماتبقاوش", "مابقيتش", "بعد اليوم", "مابغيتش", "لا اريد ان", "لا مزيد من", "لا مزيد", "لم اعد ارغب", "لم اعد اريد"],
  },
  notCome: {
    fr: ["pourrai pas venir", "peux pas venir", "pourrais pas venir", "serai pas la", "empechement", "empeche", "pourrai pas y aller", "viendrai pas", "pas pouvoir venir", "je ne viendrai pas"],
    latn: ["man9derch nji", "maghadich n9der nji", "maghanjich", "manjich", "ma n9derch nji", "maghan9derch nji", "man9drch nji", "maghan9derch n7dar", "man9derch n7dar", "maghan7derch"],
    ar: ["لن استطيع الحضور", "لا استطيع الحضور", "لا يمكنني الحضور", "مانقدرش نجي", "ماغاديش نقدر نجي", "ماغانجيش", "ماغنجيش", "مانجيش", "ماغنقدرش نجي", "لن احضر", "لن اتمكن", "لن اتمكن من الحضور", "ماغاديش نجي", "لن استطيع المجيء", "لن استطيع المجي", "لا استطيع القدوم", "لن استطيع القدوم", "لا استطيع المجيء", "لا يمكنني المجيء", "ماغانقدرش نحضر", "مانقدرش نحضر", "ماغانقدرش نجي"],
  },
  /** "Ok", "parfait": with thanks, a thank-you ("ok merci"), not an answer. */
  okay: {
    fr: ["ok", "parfait", "super", "top", "tres bien", "nickel", "c est clair", "tres clair", "clair"],
    latn: ["mzyan", "zwin", "wakha", "wadha", "wadh"],
    ar: ["ممتاز", "مزيان", "تمام", "واخا", "واضح", "واضحه", "الامر واضح"],
  },
  /** Being called or given a number: a person, not the bot. */
  callMe: {
    fr: ["rappeler", "me rappeler", "appelez moi", "au telephone", "par telephone", "numero de telephone", "m appeler"],
    latn: ["y3ayet lia", "3aytou lia", "3ayto lia", "3ayet lia", "f tilifon", "nt2assal", "ntasl"],
    ar: ["يتصل بي", "الاتصال بي", "اتصلوا بي", "هاتفيا", "رقم هاتف", "رقم الهاتف", "عيطو ليا", "يعيط ليا", "عيط ليا", "فالتيليفون", "نتاصل", "نتصل"],
  },
  /** "I no longer need (the appointment)". */
  /** "I don't need / want it any more": with an appointment, a cancellation even without a cancel verb. */
  noNeed: {
    fr: ["n ai plus besoin", "plus besoin", "n en veux plus", "ne veux plus", "en veux plus", "n en ai plus besoin", "ne le veux plus", "le veux plus", "plus envie", "n en ai plus envie", "ne m interesse plus", "m interesse plus"],
    latn: [
      "mab9itch m7taj", "mab9itch mo7taj", "mam7tajch", "ma bqitch baghih", "mabqitch baghih", "ma b9itch baghih", "mab9itch baghih", "ma b9itch bghih",
      "mab9itch baghi", "mabqitch baghi", "ma bqitch baghi", "ma bqitch bghito", "mab9itch bghito", "ma b9itch m7taj", "ma bqitch m7taj"],
    ar: [
      "لا احتاج", "لم اعد احتاج", "مابقيتش محتاج", "مابقيتش محتاجه", "لم اعد ارغب", "لم اعد اريد", "لم اعد اريده", "لا اريده", "مابقيتش باغيه", "ما بقيتش باغيه",
      "مابقيتش باغي", "ما بقيتش باغي", "مابقيتش بغيتو", "ما بقيتش محتاج"],
  },
  /** Withdrawing consent: a wish to be erased, to be confirmed. */
  withdraw: {
    fr: ["retire mon consentement", "retirer mon consentement"],
    latn: ["mab9itch mwafe9", "mab9itch mwaf9a"],
    ar: ["اسحب موافقتي", "مابقيتش موافق", "مابقيتش موافقه"],
  },
  /** Nationality, a condition people ask about. */
  nationality: {
    fr: ["nationalite", "nationalite marocaine", "marocain", "marocaine"],
    latn: ["maghribi", "maghribiya", "jinsiya"],
    ar: ["مغربي", "مغربيا", "مغربيه", "الجنسيه"],
  },
  /** Papers asked for when registering. */
  documents: {
    fr: ["documents", "papiers", "pieces a fournir", "dossier de candidature"],
    latn: ["lwra9", "lwrak", "wra9"],
    ar: ["الوثائق", "وثائق", "الوراق"],
  },
  /** Whether a time is free: asking for an appointment. */
  slot: {
    fr: ["vous etes dispo", "etes vous disponible", "un creneau libre", "creneau disponible"],
    latn: ["we9t khawi", "fadyin", "fadin", "chmen sa3a"],
    ar: ["وقت خاوي", "متاحون", "متاحين", "فاضيين", "شمن ساعه", "في اي ساعه", "وقت متاح"],
  },
  /** Not understanding or reading a language: asking for another one. */
  dontUnderstand: {
    fr: ["comprends pas", "comprend pas", "lis pas", "parle pas"],
    latn: ["mafhamtch", "makanfhamch", "makan3rafch"],
    ar: ["لا افهم", "مافهمتش", "ماكنفهمش", "لا اجيد", "ماكنعرفش"],
  },
  /** Prizes and links: spam, whatever else it mentions. */
  spam: {
    fr: ["vous avez gagne", "cliquez ici", "cliquez sur le lien", "gagnez un", "felicitations vous avez"],
    latn: ["rba7ti", "cliki hna", "mabrouk rba7ti"],
    ar: ["لقد ربحت", "ربحتي", "اضغط هنا", "كليكي هنا", "اربح"],
  },
  /** Everyday matters Rafiq does not handle: help with them is out of scope. */
  offTopic: {
    fr: ["passeport", "appart", "appartement", "logement", "carte nationale", "carte d identite", "pharmacie", "medecin", "hopital", "meteo", "essence", "joueur", "iphone", "telephone portable", "film", "taxi", "traduire", "traduction", "traduis"],
    latn: ["passport", "lbasbor", "dar l kra", "la carte nationale", "pharmacie", "sbitar", "la3ib", "lessence", "iphone", "film", "taxi", "ttarjem", "tarjem"],
    ar: ["جواز السفر", "الباسبور", "شقه", "دار للكرا", "البطاقه الوطنيه", "صيدليه", "فرمسيان", "طبيب", "المستشفى", "الطقس", "البنزين", "ليصانص", "لاعب", "ايفون", "فيلم", "طاكسي", "سياره اجره", "ترجمه", "ترجم", "تترجم"],
  },
  /** Setting a date: "fixer un rdv", "تحديد موعد" (not in Arabizi: "n7ddo" has the skeleton of "n7iyed", remove). */
  schedule: {
    fr: ["fixer", "programmer", "planifier", "caler"],
    ar: ["تحديد", "نحددو", "نحدد", "حدد", "تحدد"],
  },
  /** "Are you a robot?": curiosity, not a request for a person. */
  areYouBot: {
    fr: [
      "tu es un robot", "t es un robot", "tu es un humain", "t es un humain", "es tu un robot", "es tu un humain", "humain ou un robot", "humain ou robot",
      "tu es un bot", "t es un bot", "vous etes un robot", "etes vous un robot", "etes vous un humain", "c est un robot", "je parle a un robot", "je parle a un bot",
      "es tu une vraie personne", "tu es une vraie personne", "tu es une machine", "es tu une machine", "une ia", "tu es une ia"],
    latn: ["wach nta robot", "wach nta bnadem", "bnadem wla robot", "nta robot", "nti robot", "wach nti robot", "wach nta bot", "nta bot", "robot wla bnadem", "wach robot", "wach nta insan", "wach kayn chi bnadem", "wach nta machine"],
    ar: [
      "هل انت انسان", "هل انت روبوت", "انسان ام روبوت", "واش نتا بنادم", "واش نتا روبو", "بنادم ولا روبو", "انت روبوت", "هل انت بوت", "هل انت الة",
      "واش نتا روبوت", "واش انت روبو", "واش انت روبوت", "نتا روبو", "روبو ولا بنادم", "هل انت شخص حقيقي", "هل اتحدث مع روبوت"],
  },
} satisfies Record<string, ConceptPhrases>;

export type ConceptName = keyof typeof LEXICON;

/** Politeness and address words that do not change what a short message means. */
export const FILLERS: ReadonlySet<string> = new Set([
  "svp", "please", "merci", "3afak", "3afakom", "khoya", "khti", "sahbi", "a", "ya", "euh", "bon", "alors",
  "عافاك", "عافاكم", "فضلك", "فضلكم", "يا", "خويا", "ختي", "رجاء", "الرجاء",
]);

// Not "ما": in MSA it is mostly "what" (ما هي الشروط); Darija negation is one word (مابغيتش).
/** Words that turn the following words around ("je veux pas arrêter", "لا أريد حذف"). */
export const NEGATORS: ReadonlySet<string> = new Set(["pas", "jamais", "لا", "لن", "لم", "ماشي", "ليس", "machi"]);
