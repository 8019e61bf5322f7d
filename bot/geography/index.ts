import type { Lang } from "../core/types.ts";

/**
 * Morocco's 12 regions and 75 provinces and prefectures (2015 division), with their French
 * and Arabic names, the Latin spellings people type, and the main towns of each province.
 * Slugs are stable ids (lowercase ASCII, hyphenated) stored in profiles: never rename one.
 * Pure data; `places.ts` finds them in a message.
 */

export interface Region {
  slug: string;
  fr: string;
  ar: string;
  /** Other ways to write the region (Latin or Arabic). */
  aliases: readonly string[];
}

export interface Province {
  slug: string;
  region: string;
  kind: "province" | "prefecture";
  fr: string;
  ar: string;
  /** Other spellings and the main towns of the province (Benguérir for Rehamna). */
  aliases: readonly string[];
}

/**
 * Names that are also everyday words (`safi` "enough", `jdida` "new", `العيون` "the
 * eyes"): they count as places only after "à", "f", "في", "من"… or written with a capital.
 */
export const AMBIGUOUS_PLACE_NAMES: ReadonlySet<string> = new Set([
  "safi", "sale", "sla", "tata", "assa", "zag", "stat", "jdida", "ljdida", "el jadida", "el kelaa", "lqal3a", "draa", "hajeb",
  "lhajeb", "kech", "العيون", "الجديده", "البيضاء", "القلعه", "المرسى", "الحاجب",
]);

export const REGIONS: readonly Region[] = [
  { slug: "tanger-tetouan-al-hoceima", fr: "Tanger-Tétouan-Al Hoceïma", ar: "طنجة تطوان الحسيمة", aliases: ["tanger tetouan", "region du nord"] },
  { slug: "oriental", fr: "L'Oriental", ar: "الشرق", aliases: ["oriental", "l oriental", "loriental", "region orientale", "جهة الشرق", "الجهة الشرقية"] },
  { slug: "fes-meknes", fr: "Fès-Meknès", ar: "فاس مكناس", aliases: ["fes meknes", "fez meknes"] },
  { slug: "rabat-sale-kenitra", fr: "Rabat-Salé-Kénitra", ar: "الرباط سلا القنيطرة", aliases: ["rabat sale kenitra", "gharb", "الغرب"] },
  { slug: "beni-mellal-khenifra", fr: "Béni Mellal-Khénifra", ar: "بني ملال خنيفرة", aliases: ["bni mellal khenifra", "tadla", "تادلة"] },
  { slug: "casablanca-settat", fr: "Casablanca-Settat", ar: "الدار البيضاء سطات", aliases: ["casa settat", "grand casablanca", "chaouia", "الشاوية"] },
  { slug: "marrakech-safi", fr: "Marrakech-Safi", ar: "مراكش آسفي", aliases: ["marrakech safi", "marrakesh safi", "مراكش اسفي"] },
  { slug: "draa-tafilalet", fr: "Drâa-Tafilalet", ar: "درعة تافيلالت", aliases: ["draa tafilalt", "tafilalet", "tafilalt", "تافيلالت"] },
  { slug: "souss-massa", fr: "Souss-Massa", ar: "سوس ماسة", aliases: ["souss", "sous massa", "sous", "سوس"] },
  { slug: "guelmim-oued-noun", fr: "Guelmim-Oued Noun", ar: "كلميم واد نون", aliases: ["guelmim oued noun", "oued noun", "wad noun", "واد نون", "وادي نون"] },
  { slug: "laayoune-sakia-el-hamra", fr: "Laâyoune-Sakia El Hamra", ar: "العيون الساقية الحمراء", aliases: ["laayoune sakia el hamra", "sakia el hamra", "sakia lhamra", "الساقية الحمراء"] },
  { slug: "dakhla-oued-ed-dahab", fr: "Dakhla-Oued Ed-Dahab", ar: "الداخلة وادي الذهب", aliases: ["dakhla oued eddahab", "dakhla oued ed dahab"] },
];

const P = (slug: string, region: string, kind: Province["kind"], fr: string, ar: string, aliases: string[]): Province => ({ slug, region, kind, fr, ar, aliases });
const TTA = "tanger-tetouan-al-hoceima";
const ORI = "oriental";
const FM = "fes-meknes";
const RSK = "rabat-sale-kenitra";
const BMK = "beni-mellal-khenifra";
const CS = "casablanca-settat";
const MS = "marrakech-safi";
const DT = "draa-tafilalet";
const SM = "souss-massa";
const GON = "guelmim-oued-noun";
const LSH = "laayoune-sakia-el-hamra";
const DOD = "dakhla-oued-ed-dahab";

export const PROVINCES: readonly Province[] = [
  P("tanger-assilah", TTA, "prefecture", "Tanger-Assilah", "طنجة أصيلة", ["tanger", "tangier", "tanja", "tanjah", "assilah", "asilah", "arzila", "طنجة", "أصيلة"]),
  P("mdiq-fnideq", TTA, "prefecture", "M'diq-Fnideq", "المضيق الفنيدق", ["mdiq", "m diq", "fnideq", "fnidq", "martil", "martile", "المضيق", "الفنيدق", "مرتيل"]),
  P("tetouan", TTA, "province", "Tétouan", "تطوان", ["tetouan", "tetuan", "tetwan", "titwan", "تيطاوين"]),
  P("fahs-anjra", TTA, "province", "Fahs-Anjra", "الفحص أنجرة", ["fahs anjra", "anjra", "ksar sghir", "أنجرة", "القصر الصغير"]),
  P("larache", TTA, "province", "Larache", "العرائش", ["larache", "l3rayech", "laarayech", "el araich", "ksar el kebir", "ksar lkbir", "القصر الكبير"]),
  P("al-hoceima", TTA, "province", "Al Hoceïma", "الحسيمة", ["al hoceima", "alhoceima", "hoceima", "el hoceima", "l7ouceima", "lhoceima", "imzouren", "إمزورن"]),
  P("chefchaouen", TTA, "province", "Chefchaouen", "شفشاون", ["chefchaouen", "chaouen", "chefchaoun", "chfchaoun", "الشاون", "شاون"]),
  P("ouezzane", TTA, "province", "Ouezzane", "وزان", ["ouezzane", "ouazzane", "wazzan", "wezzan"]),
  P("oujda-angad", ORI, "prefecture", "Oujda-Angad", "وجدة أنكاد", ["oujda", "wajda", "wjda", "وجدة"]),
  P("nador", ORI, "province", "Nador", "الناظور", ["nador", "nadour", "selouane", "zaio", "beni ansar", "الناضور", "سلوان", "زايو"]),
  P("driouch", ORI, "province", "Driouch", "الدريوش", ["driouch", "midar", "ben taieb", "ميضار"]),
  P("jerada", ORI, "province", "Jerada", "جرادة", ["jerada", "jrada"]),
  P("berkane", ORI, "province", "Berkane", "بركان", ["berkane", "berkan", "saidia", "ahfir", "السعيدية", "أحفير"]),
  P("taourirt", ORI, "province", "Taourirt", "تاوريرت", ["taourirt", "tawrirt", "el aioun sidi mellouk", "العيون سيدي ملوك"]),
  P("guercif", ORI, "province", "Guercif", "جرسيف", ["guercif", "guersif", "jarsif"]),
  P("figuig", ORI, "province", "Figuig", "فجيج", ["figuig", "bouarfa", "بوعرفة"]),
  P("fes", FM, "prefecture", "Fès", "فاس", ["fes", "fez", "fas", "fass"]),
  P("meknes", FM, "prefecture", "Meknès", "مكناس", ["meknes", "meknas", "mknas", "miknas"]),
  P("el-hajeb", FM, "province", "El Hajeb", "الحاجب", ["el hajeb", "lhajeb", "hajeb", "ain taoujdate", "عين تاوجطات"]),
  P("ifrane", FM, "province", "Ifrane", "إفران", ["ifrane", "ifran", "azrou", "أزرو"]),
  P("moulay-yacoub", FM, "province", "Moulay Yacoub", "مولاي يعقوب", ["moulay yacoub", "moulay ya3qoub", "mly yacoub"]),
  P("sefrou", FM, "province", "Sefrou", "صفرو", ["sefrou", "sefro", "imouzzer kandar", "إيموزار كندر"]),
  P("boulemane", FM, "province", "Boulemane", "بولمان", ["boulemane", "missour", "outat el haj", "ميسور"]),
  P("taounate", FM, "province", "Taounate", "تاونات", ["taounate", "taounat", "karia ba mohamed", "tissa"]),
  P("taza", FM, "province", "Taza", "تازة", ["taza", "tahla"]),
  P("rabat", RSK, "prefecture", "Rabat", "الرباط", ["rabat", "rbat", "erribat"]),
  P("sale", RSK, "prefecture", "Salé", "سلا", ["sale", "sla", "sala al jadida", "سلا الجديدة"]),
  P("skhirate-temara", RSK, "prefecture", "Skhirate-Témara", "الصخيرات تمارة", ["temara", "tmara", "skhirat", "skhirate", "harhoura", "تمارة", "الصخيرات"]),
  P("kenitra", RSK, "province", "Kénitra", "القنيطرة", ["kenitra", "qnitra", "knitra", "lqnitra", "mehdia", "souk el arbaa", "سوق الأربعاء", "المهدية"]),
  P("khemisset", RSK, "province", "Khémisset", "الخميسات", ["khemisset", "khmisset", "tiflet", "تيفلت"]),
  P("sidi-kacem", RSK, "province", "Sidi Kacem", "سيدي قاسم", ["sidi kacem", "sidi qacem", "sidi 9asem", "mechra bel ksiri", "مشرع بلقصيري"]),
  P("sidi-slimane", RSK, "province", "Sidi Slimane", "سيدي سليمان", ["sidi slimane", "sidi sliman"]),
  P("beni-mellal", BMK, "province", "Béni Mellal", "بني ملال", ["beni mellal", "bni mellal", "bni mlal", "beni mlal", "benimellal", "kasba tadla", "قصبة تادلة"]),
  P("azilal", BMK, "province", "Azilal", "أزيلال", ["azilal", "demnate", "دمنات"]),
  P("fquih-ben-salah", BMK, "province", "Fquih Ben Salah", "الفقيه بن صالح", ["fquih ben salah", "fkih ben salah", "lfki ben saleh", "fqih ben salah", "souk sebt", "سوق السبت"]),
  P("khenifra", BMK, "province", "Khénifra", "خنيفرة", ["khenifra", "khnifra", "mrirt", "مريرت"]),
  P("khouribga", BMK, "province", "Khouribga", "خريبكة", ["khouribga", "khribga", "khouribgha", "oued zem", "wad zem", "boujniba", "hattane", "bejaad", "boujad", "وادي زم", "واد زم", "بوجنيبة", "أبي الجعد", "بجعد"]),
  P("casablanca", CS, "prefecture", "Casablanca", "الدار البيضاء", ["casablanca", "casa", "dar lbida", "dar el beida", "dar beida", "كازا", "البيضاء", "الدارالبيضاء"]),
  P("mohammedia", CS, "prefecture", "Mohammedia", "المحمدية", ["mohammedia", "mohamedia", "fedala", "ain harrouda", "عين حرودة"]),
  P("el-jadida", CS, "province", "El Jadida", "الجديدة", ["el jadida", "eljadida", "jdida", "ljdida", "azemmour", "أزمور"]),
  P("nouaceur", CS, "province", "Nouaceur", "النواصر", ["nouaceur", "nouasser", "bouskoura", "dar bouazza", "بوسكورة", "دار بوعزة"]),
  P("mediouna", CS, "province", "Médiouna", "مديونة", ["mediouna", "tit mellil", "تيط مليل"]),
  P("benslimane", CS, "province", "Benslimane", "بنسليمان", ["benslimane", "ben slimane", "bouznika", "بوزنيقة"]),
  P("berrechid", CS, "province", "Berrechid", "برشيد", ["berrechid", "berchid", "had soualem", "حد السوالم"]),
  P("settat", CS, "province", "Settat", "سطات", ["settat", "stat", "ben ahmed", "ابن أحمد"]),
  P("sidi-bennour", CS, "province", "Sidi Bennour", "سيدي بنور", ["sidi bennour", "sidi bnour", "zemamra", "الزمامرة"]),
  P("marrakech", MS, "prefecture", "Marrakech", "مراكش", ["marrakech", "marrakesh", "marrakch", "mrakch", "mraksh", "kech", "tamansourt", "تامنصورت"]),
  P("chichaoua", MS, "province", "Chichaoua", "شيشاوة", ["chichaoua", "chichawa", "imintanoute", "امنتانوت"]),
  P("al-haouz", MS, "province", "Al Haouz", "الحوز", ["al haouz", "el haouz", "lhaouz", "haouz", "tahannaout", "ait ourir", "amizmiz", "تحناوت", "أيت أورير"]),
  P("el-kelaa-des-sraghna", MS, "province", "El Kelaâ des Sraghna", "قلعة السراغنة", ["el kelaa des sraghna", "kelaa des sraghna", "kelaat sraghna", "qalaat sraghna", "el kelaa", "lqal3a", "attaouia", "القلعة", "العطاوية"]),
  P("essaouira", MS, "province", "Essaouira", "الصويرة", ["essaouira", "sweira", "souira", "mogador"]),
  P("rehamna", MS, "province", "Rehamna", "الرحامنة", ["rehamna", "rhamna", "benguerir", "ben guerir", "bengrir", "ben grir", "bnguerir", "bnjrir", "ben jrir", "benjrir", "بن جرير", "ابن جرير", "بنجرير", "بن كرير", "بنكرير"]),
  P("safi", MS, "province", "Safi", "آسفي", ["safi", "asfi"]),
  P("youssoufia", MS, "province", "Youssoufia", "اليوسفية", ["youssoufia", "youssoufiya", "chemaia", "louis gentil", "الشماعية"]),
  P("errachidia", DT, "province", "Errachidia", "الرشيدية", ["errachidia", "rachidia", "er rachidia", "erfoud", "rissani", "goulmima", "أرفود", "الريصاني", "كلميمة"]),
  P("ouarzazate", DT, "province", "Ouarzazate", "ورزازات", ["ouarzazate", "warzazat", "ouarzazat"]),
  P("midelt", DT, "province", "Midelt", "ميدلت", ["midelt"]),
  P("tinghir", DT, "province", "Tinghir", "تنغير", ["tinghir", "tinerhir", "boumalne dades", "kalaat mgouna", "قلعة مكونة"]),
  P("zagora", DT, "province", "Zagora", "زاكورة", ["zagora", "zakoura"]),
  P("agadir-ida-ou-tanane", SM, "prefecture", "Agadir-Ida-Ou-Tanane", "أكادير إداوتنان", ["agadir", "gadir", "أكادير"]),
  P("inezgane-ait-melloul", SM, "prefecture", "Inezgane-Aït Melloul", "إنزكان آيت ملول", ["inezgane", "ait melloul", "dcheira", "إنزكان", "أيت ملول", "آيت ملول", "الدشيرة"]),
  P("chtouka-ait-baha", SM, "province", "Chtouka-Aït Baha", "اشتوكة آيت باها", ["chtouka", "ait baha", "biougra", "بيوكرى", "اشتوكة"]),
  P("taroudant", SM, "province", "Taroudant", "تارودانت", ["taroudant", "taroudannt", "ouled teima", "oulad teima", "أولاد تايمة"]),
  P("tiznit", SM, "province", "Tiznit", "تيزنيت", ["tiznit", "tiznite"]),
  P("tata", SM, "province", "Tata", "طاطا", ["tata"]),
  P("guelmim", GON, "province", "Guelmim", "كلميم", ["guelmim", "goulmim", "glmim"]),
  P("assa-zag", GON, "province", "Assa-Zag", "أسا الزاك", ["assa zag", "assa", "zag", "أسا"]),
  P("tan-tan", GON, "province", "Tan-Tan", "طانطان", ["tantan", "tan tan", "el ouatia", "الوطية"]),
  P("sidi-ifni", GON, "province", "Sidi Ifni", "سيدي إفني", ["sidi ifni", "ifni"]),
  P("laayoune", LSH, "province", "Laâyoune", "العيون", ["laayoune", "layoune", "laayoun", "layoun", "el aaiun", "el ayoun", "l3ayoun", "l3youn", "3ayoun", "el marsa", "المرسى"]),
  P("boujdour", LSH, "province", "Boujdour", "بوجدور", ["boujdour", "bojador"]),
  P("tarfaya", LSH, "province", "Tarfaya", "طرفاية", ["tarfaya"]),
  P("es-semara", LSH, "province", "Es-Semara", "السمارة", ["smara", "semara", "es semara", "essmara", "سمارة"]),
  P("oued-ed-dahab", DOD, "province", "Oued Ed-Dahab", "وادي الذهب", ["dakhla", "dakhala", "da5la", "villa cisneros", "oued eddahab", "oued ed dahab", "الداخلة", "واد الذهب"]),
  P("aousserd", DOD, "province", "Aousserd", "أوسرد", ["aousserd", "ausserd", "bir gandouz", "lagouira", "la gouira", "بئر كندوز", "الكويرة"]),
];

const REGION_BY_SLUG = new Map(REGIONS.map((region) => [region.slug, region]));
const PROVINCE_BY_SLUG = new Map(PROVINCES.map((province) => [province.slug, province]));

export function regionBySlug(slug: string): Region | undefined {
  return REGION_BY_SLUG.get(slug);
}

export function provinceBySlug(slug: string): Province | undefined {
  return PROVINCE_BY_SLUG.get(slug);
}

export function provincesOf(regionSlug: string): Province[] {
  return PROVINCES.filter((province) => province.region === regionSlug);
}

/** The name of a region or province in a language; Darija uses the Arabic name. */
export function placeName(slug: string, language: Lang): string | undefined {
  const place = PROVINCE_BY_SLUG.get(slug) ?? REGION_BY_SLUG.get(slug);
  if (!place) return undefined;
  return language === "fr" ? place.fr : place.ar;
}
