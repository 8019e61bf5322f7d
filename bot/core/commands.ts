import { normalizeForMatch } from "./normalize.ts";

/**
 * Commands that work from any step, typed in French, Arabic or Darija (Arabic letters or
 * Arabizi), or pressed as a `cmd:*` button. Only whole-message matches count: "stop" is a
 * command, "je veux pas stop mon projet" is not — a wrong guess here would unsubscribe or
 * erase someone, so anything looser waits for the understanding layer's confirmations.
 */
export const COMMANDS = ["start", "menu", "help", "language", "stop", "mydata", "correct", "withdraw", "complain", "notice", "delete", "human", "bot", "eligibility", "programs", "book", "appointments", "project"] as const;
export type Command = (typeof COMMANDS)[number];

const WORDS: Record<Command, string[]> = {
  start: ["/start", "start", "commencer", "demarrer", "ابدا", "بدا", "bda", "ebda"],
  menu: ["/menu", "menu", "le menu", "menu svp", "menu principal", "accueil", "القائمه", "القائمه الرئيسيه", "المنيو", "منيو", "lmenu", "l menu", "el menu"],
  help: ["/help", "help", "aide", "a l aide", "مساعده", "ساعدني", "عاوني", "3awni", "3awenni", "m3awna", "mosa3ada"],
  language: [
    "/language", "/langue", "langue", "changer de langue", "changer la langue", "language",
    "اللغه", "تغيير اللغه", "بدل اللغه", "بدل لغه", "bdel lougha", "bdel l lougha", "bdl lougha", "lougha", "lougha okhra",
  ],
  stop: ["/stop", "stop", "arreter", "arret", "desabonner", "se desabonner", "وقف", "توقف", "إيقاف", "ايقاف", "حبس", "7bes", "hbes", "wqef", "w9ef"],
  mydata: ["/mydata", "mes donnees", "mes infos", "بياناتي", "معلوماتي", "لمعلومات ديالي", "المعلومات ديالي", "ma3loumat dyali", "lma3loumat dyali", "data dyali"],
  // The rights the privacy notice names (law 09-08), each a command of its own.
  correct: ["/correct", "/corriger", "corriger", "corriger mes donnees", "modifier mes donnees", "تصحيح", "تصحيح بياناتي", "نصحح", "نصحح المعلومات ديالي", "sa7e7", "nsa7e7", "nsahhah"],
  withdraw: [
    "/withdraw", "/retirer", "retirer mon accord", "retirer mon consentement", "سحب الموافقة", "أسحب موافقتي", "اسحب موافقتي", "نسحب الموافقة", "نسحب الموافقة ديالي", "nsseb lmowafaqa", "nsse7b lmowafaqa",
  ],
  complain: ["/cndp", "cndp", "plainte", "porter plainte", "reclamation", "شكاية", "شكوى", "نشكي", "تقديم شكوى", "nchki", "chikaya"],
  notice: ["/privacy", "/notice", "plus", "en savoir plus", "la notice", "notice", "المزيد", "الإشعار", "الإشعار الكامل", "more", "lmazid", "mazid"],
  delete: [
    "/delete", "supprimer mes donnees", "effacer mes donnees", "supprimer mon compte",
    "احذف بياناتي", "حذف بياناتي", "مسح بياناتي", "مسح المعلومات ديالي", "مسح لمعلومات ديالي", "ms7 lma3loumat dyali", "m7i lma3loumat dyali",
  ],
  human: [
    "/human", "conseiller", "un conseiller", "parler a un conseiller", "parler a quelqu un", "humain",
    "مستشار", "التحدث مع مستشار", "سول مستشار", "نسول مستشار", "بغيت نهضر مع شي واحد", "بغيت مستشار", "bghit nhder m3a chi wa7ed", "bghit mostachar", "mostachar",
  ],
  eligibility: [
    "/eligibility", "/eligibilite", "eligibilite", "eligibilité", "mon eligibilite", "suis je eligible", "tester mon eligibilite", "wach ana mo2ahal",
    "الأهلية", "هل أنا مؤهل", "واش أنا مؤهل", "واش نقدر نستافد", "wach n9der nstafd", "wach nqder nstafed",
  ],
  programs: [
    "/programs", "/programmes", "programmes", "les programmes", "voir les programmes",
    "البرامج", "برامج", "شنو هي البرامج", "شوف البرامج", "نشوف البرامج", "lbaramij", "baramij", "lbaramej", "lbarnamij",
  ],
  book: ["/book", "/rdv", "rdv", "prendre rdv", "prendre rendez vous", "rendez vous", "موعد", "حجز موعد", "بغيت موعد", "maw3id", "bghit maw3id", "rendez-vous"],
  appointments: ["/appointments", "/mesrdv", "mes rdv", "mes rendez vous", "mes rendez-vous", "مواعيدي", "المواعيد ديالي", "lmawa3id dyali", "mawa3idi"],
  project: ["/project", "/projet", "projet", "mon projet", "mon business plan", "مشروعي", "المشروع ديالي", "المشروع", "lmachrou3", "machrou3 dyali", "mochroo3 dyali", "lmochroo3"],

  bot: ["/bot", "retour au bot", "retour a l assistant", "الرجوع للمساعد", "رجع للمساعد", "rje3 l bot"],
};

const LOOKUP = new Map<string, Command>();
for (const command of COMMANDS) {
  for (const word of WORDS[command]) LOOKUP.set(normalizeForMatch(word), command);
}

export function isCommand(value: string): value is Command {
  return (COMMANDS as readonly string[]).includes(value);
}

/** The command a whole message stands for, or null. `/start payload` keeps its payload. */
export function detectCommand(text: string): { command: Command; payload?: string } | null {
  const trimmed = text.trim();
  const start = /^\/start(?:@\w+)?(?:\s+(\S+))?$/i.exec(trimmed);
  if (start) return start[1] ? { command: "start", payload: start[1] } : { command: "start" };
  const slash = /^\/(\w+)(?:@\w+)?$/.exec(trimmed);
  const normalized = normalizeForMatch(slash ? `/${slash[1]}` : trimmed);
  const command = LOOKUP.get(normalized);
  return command ? { command } : null;
}
