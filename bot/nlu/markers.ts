import { fold } from "./normalize.ts";

/**
 * Words that tell the languages apart, in folded form. Written by hand from how people
 * write, not learnt from the evaluation sets. Words shared by two languages (`la`, `ma`,
 * `fin`, `merci`, `شكرا`, `عندي`) are left out on purpose: they say nothing.
 */

const set = (words: string): ReadonlySet<string> => new Set(words.trim().split(/\s+/).map(fold));

/** Common French words (also used to keep French words out of Arabizi skeleton matching). */
export const FRENCH_WORDS = set(`
  je j me m moi tu t te toi il elle on nous vous ils elles le les un une des du de d au aux et
  est es suis sont sommes etes ai as avons avez ont etre avoir faire fais fait font
  avec pour dans sur sous par pas ne n plus que qu qui quoi quel quelle quels quelles lequel laquelle
  comment pourquoi quand combien mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs
  ce cet cette ces c cest ca cela ceci y en aussi tres bien mais donc car si alors tout tous toute toutes
  chez entre sans apres avant demain aujourd hui hier matin soir semaine prochain prochaine
  bonjour bonsoir salut coucou merci beaucoup oui ouais non svp rdv veux veut voudrais voulez
  peux peut pouvez pourrais pourrai puis dois doit faut il y a quelqu quelque chose personne rien
  jamais toujours encore deja maintenant ici la-bas voila voici parce parler parle dire dit
  aide aider aidez besoin probleme question reponse information informations programme programmes
  formation formations projet projets entreprise idee creer lancer monter ouvrir annuler supprimer
  effacer arreter envoyer recevoir messages message conseiller conseillere rendez vous reserver
  disponible possible eligible conditions inscrire participer postuler donnees compte langue arabe
  francais quoi exactement vraiment bien sur d accord moins peu trop autre autres meme memes
  votre vos petit petite grand grande jeune jeunes femme homme fille garcon ans age
  habite vis travaille cherche trouve sais savoir connais comprends comprend voir venir aller
  region province ville prefecture quartier douar commune pays maroc rural urbain centre nord sud
  argent prix combien mois annee jour heure date lieu adresse numero telephone nom prenom
  pouvoir vouloir devoir mettre prendre donner montrer montrez liste merci
  parlez parlons parler dites ecrivez repondez envoyez voulez pouvez
`);

/** Darija in Latin letters (Arabizi); a digit inside a word counts on its own. */
export const ARABIZI_WORDS = set(`
  ana nta nti ntoma ntouma howa hiya homa houma hna 7na 7ta hta
  wach wash ach achno chno chnou chnouma chnahoma chnahouma chnahiya chnou kifach kifash kifech
  imta fo9ach fou9ach 3lach 3lech 3lash 3lache l3lach
  bghit bghina bgha bghat baghi bagha baghya nbghi tbghi katbghi kanbghi mabghitch mabghitsh
  dyal dial dyali diali dyalk dialk dyalek dyalo dyalha dyalna dyalkom dialkom dyalhom
  m3a m3ak m3aya m3ah m3aha m3ana m3akom 3la 3lih 3liha 3liya 3lik 3and 3andi 3ndi 3andek 3andkom
  daba dba bzaf bzzaf bzf mzyan mzyana mzian zwin zwina walo chi chwiya chwia hadchi hadak hadik
  rah raha rani rak raki ghadi ghadya gha ghan kayn kayna kaynin kayen makaynch makayench
  machi mashi safi wakha wakhha wa5a iyeh iyah 3afak 3afakom afak
  bnadem bnadm drri drari bent bnt mra rajel ra9el lbare7 lbareh ghedda ghda ghdda nhar chhal ch7al
  bach ila kan kant kano ndir ndiro dir diri nji nmchi nemchi nchouf nchof nakhod nakhd n9der n9dr nqder
  t9der y9der kat katdir kandir kaydir kaykhdem kanchouf lyoum lyom sba7 l3chiya labas
  chokran choukran chokrane shukran lah llah y3tik yjazik ykhlik tbarkallah barakallah
  mochroo3 mochro3 machrou3 mashroo3 fikra fekra maw3id maw3ed mou3id lmaw3id 7ajz n7jez
  lma3lomat ma3lomat lma3loumat ma3loumat ms7 mse7 m7i 7ayed 7aydo n7iyed 7bes hbes w9ef wqef
  lghi nlghi lghiw tsift tsifto tsiftli tsifet matb9ach matb9awch mab9itch trasalni nwsel
  nhder nhdr hder thder ntkellem ntkalem ntwasel dwezni 3ayet wa7ed 7ad 7ed 7a9i9i
  lougha logha l3arbiya fransawiya bdel bdl nbdel ih wah lla
  lbarnamij barnamij lbarnamaj barnamaj baramij lbaramij tamwil tmwil da3m takwin forsa
  nstafd nstafed ystafed ncharek nchark ntsjel ntsejel nsjl ndkhl ndkhol mqboul maqboul chourout chorout
  n7el nftah ndir nbda nebda ntawar 7anout rbe7 masarif lmasarif n7seb n7sb ras rassi
  mzyoud mzyouda mzyoda tzadt 3mri 3omri omri 3am l3am sna melyoun mlyoun milyoun alf alaf ryal
  sm7li sm7oli sm7 smahli khasni khass khaso khasha khassni ymkn ymken lia lik lih liha
  werini wrini 3tini 3tina 3tih ntla9a ntla9aw nsowel mosa3ada m3awna 3awni 3awenni 3awnni
  mafhamt mafhmt mafhemt mafhemtch ma3reftch m7taj mo7taj chkoun chkon
  ewa iwa bdebt bdabt akid blach lala mtafe9 nit bghina daba ghda ghedda lmatch ahlan kanfdel kanfdl
`);

/** Greetings and address words: Darija, but sprinkled over French too ("salam khoya, c'est quoi…"). */
export const ARABIZI_WEAK = set("salam slm salamo khoya khouya khouyi kho khti sahbi");

/** Darija in Arabic letters. */
export const DARIJA_ARABIC = set(`
  ديال ديالي ديالك ديالو ديالها ديالنا ديالكم ديالهم بغيت بغا بغينا باغي باغيه نبغي
  واش كيفاش فين شنو اشنو شنا شناهي شنوهي شنوهوما دابا بزاف مزيان مزيانه ماشي راه راني راك
  غادي غاديه نتا نتي نتوما ليا ليك عافاك عافاكم واخا صافي هادشي هاد هادي هادو هداك هديك
  كاين كاينه كاينين والو شحال علاش خاص خاصني خاصك خاصو خاصها بحال زوين زوينه بنادم دري دريه
  خويا ختي لاباس كيداير كيدايره سمحلي سمحولي نهار البارح شي حنا هوما معايا معاك معاه معاها
  كلشي كولشي شويه مزال عطيني وريني ندير نديرو نشوف نمشي نجي نحل نبدا نخدم نهضر هضر تهضر
  امتى فوقاش حيت تا العيالات الميساجات الماتش ماعرفتش مابغيتش مانقدرش ماغاديش ماتبقاش
  نتوصل تصيفط تصيفطو تبعثو تراسلني حيد حيدو نحيد تحيدو لغي نلغي لغيو دوزني عيط نتلاقى
  مزيود مزيوده رونديفو الفرونسي بالفرونسي نستافد يستافد نتسجل
  كيخدم كتدير كندير كيدير كنقدر كتقدر عاوني عاونني مافهمت سخون جيعان الطوبيس الكوره
  فالعيون فخريبكه فبنجرير فالبرنامج فالداخله ف د مسا خوتي مرا بدل حبس ايه بالصح اوكي يجازيك تبارك
  يعطيك شكون جاوبني فهمني تلفت
`);

/** Darija in Arabic letters, but MSA uses them too now and then: half a vote. */
export const DARIJA_ARABIC_WEAK = set("سلام عندي لي عام");

/** Modern Standard Arabic. */
export const MSA_ARABIC = set(`
  اريد هل ماذا لماذا كيف اين الذي التي الذين اللذين سوف لدي لديك لديكم لدينا ليس ليست لست لن لم
  اذا يمكنني يمكنك استطيع تستطيع اود ارغب هذا هذه ذلك تلك هناك يوجد توجد نعم حسنا جزيلا احتاج
  الى ان قد جدا الان ايضا لكن حيث متى كم اطلب ارجو اعطني تقدمونها المتوفره المتاحه كلا ابدا
  استعمل استخدم افعل افهم اعرف تفعل تقدمه التحدث الكلام اتحدث اتكلم انشاء تاسيس اطلاق ابدا
  يحق للاستفاده الاستفاده المشاركه الترشح التسجيل مؤهل مؤهله عاصمه الطقس
  اسكن ولدت مواليد فضلك لكم جزاك اشكرك موافق اوافق بالتاكيد طبعا صحيح اجل اريده
  الرجاء ارسال تلقي الاشعارات الاعلانات ترسلوا توقفوا اوقفوا احذفوا امسحوا
`);
