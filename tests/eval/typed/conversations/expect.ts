/**
 * What a reply must contain for a question to count as answered, or for a risky request
 * (cancel, delete, stop) to count as confirmed before anything is done. Kept loose on
 * wording, strict on substance: a re-shown menu or question does not match.
 */
export const EXPECT = {
  /** Women's programmes by name (WEC, Al Montija, Lalla Al Moutaâouina, Femmpact, Learning Center women's programme). */
  women: /WEC|Women Empowerment|تمكين المرأة|Montija|المنتجة|Moutaâouina|Moutaaouina|المتعاونة|Femmpact|فيمباكت|femmes du Learning|برنامج المرأة|ديال العيالات/i,
  /** What Minassati is: an INDH youth platform, for 18–35 year-olds. */
  minassati: /INDH|التنمية البشرية|لمبادرة الوطنية|\b35\b/i,
  /** Where Minassati is. */
  khouribga: /khouribga|خريبكة/i,
  /** Their meeting is at 11:00. */
  hour11: /\b11\b|الحادية عشرة|الحداش/,
  /** What to bring: the ID card. */
  bring: { fr: /CIN|carte d.identit/i, ar: /بطاقة|CIN/, ary: /لاكارط|بطاقة|CIN/ },
  /** Being late is acknowledged (or passed on), not ignored. */
  late: {
    fr: /retard|prévenu|prévien|transmis|pas grave|pas de souci|pas de problème/i,
    ar: /تأخر|تأخير|التأخر|أبلغ|لا بأس|لا مشكلة|سنخبر|أخبر/,
    ary: /تعطل|تعطال|التعطال|تأخر|نعلم|غادي نقول|نخبر|ماشي مشكل|ما كاين مشكل|مافيها باس|ما كاين باس/,
  },
  /** An "are you sure?" (or "why do you cancel?") before a cancellation, an erasure, a stop. */
  confirm: {
    fr: /vraiment|bien ça|sûre?|confirm|pourquoi annul/i,
    // Issue 21: MSA asks without a masculine verb now («هل أوقف…؟», «هل أحذف…؟», «ما سبب إلغاء…؟»).
    ar: /فعلا|فعلًا|هل تريد|متأكد|تأكيد|لماذا تلغي|هل أوقف|هل أحذف|ما سبب إلغاء/,
    ary: /بصح|واش بغيتي|متأكد|تأكيد|علاش بغيتي تلغي/,
  },
  /**
   * The bot moved towards a meeting (the platform question, or an offer to book instead).
   * Not the menu: its "book" button would match "rendez-vous"/"موعد".
   */
  booking: {
    fr: /plateforme|plutôt prendre/i,
    ar: /منصة|المنصات|بدلًا من ذلك حجز|بدلا من ذلك حجز|نحجز بدلًا من ذلك/,
    ary: /منصة|المنصات|فبلاصت هادشي/,
  },
  /** The bot moved towards a human advisor (which platform, an offer to talk instead, or passed on). Not the menu. */
  advisor: {
    fr: /plateforme|plutôt parler|transmis/i,
    ar: /منصة|بدلًا من ذلك التحدث|بدلا من ذلك التحدث|أحوّلك بدلًا من ذلك|أحلت|نقلت/,
    ary: /منصة|فبلاصت هادشي|صيفطت/,
  },
  /** After a greeting and a request, the bot went on in the person's language (not a language menu again). */
  language: {
    fr: /accord|données|province|âge|rendez-vous|projet|programme/i,
    ar: /توافق|بياناتك|عمرك|أين|ماذا/,
    ary: /موافق|المعلومات|شحال|فأشمن|فين|شنو/,
  },
} as const;
