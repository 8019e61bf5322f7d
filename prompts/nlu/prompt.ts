import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { INTENTS } from "../../bot/nlu/contract.ts";
import type { Intent } from "../../bot/nlu/contract.ts";
import type { Lang } from "../../bot/core/types.ts";

/**
 * The prompt for understanding one message the rules were unsure about. The model only
 * classifies and extracts; it is handed no facts and answers nothing to the person.
 */

export const NLU_PROMPT_VERSION = "nlu-1";

const INTENT_MEANINGS: Record<Intent, string> = {
  greet: "a greeting only (salam, bonjour, السلام عليكم)",
  help: "asks how the assistant works or what it can do, or is lost",
  eligibility: "asks whether they can join a programme, its conditions, age limits, or states facts about themself (age, place) to check it",
  programs: "asks which programmes, trainings, funding or support exist",
  project: "talks about their own business idea, project, costs, prices or sales",
  book: "wants an appointment or meeting with an advisor, or to come to a platform",
  cancel_booking: "wants to cancel an appointment or says they cannot come",
  human: "wants to talk to a human, an advisor, a real person now",
  language: "wants the assistant to use another language (French, Arabic, Darija)",
  stop: "clearly wants no more messages or announcements (unsubscribe)",
  delete_data: "clearly wants their personal data or account erased",
  thanks: "thanks",
  affirm: "yes, agreement, ok",
  deny: "no, refusal",
  unknown: "anything else, out of scope",
};

export interface NluPromptInput {
  /** The message, already masked (maskPersonalData). */
  maskedText: string;
  /** Today's date in Africa/Casablanca, `YYYY-MM-DD`, and its weekday in English. */
  today: string;
  weekday: string;
  /** The person's chosen language, if any. */
  languageHint?: Lang;
}

export function buildNluSystemPrompt(): string {
  return [
    "You read one chat message sent to Rafiq, an assistant that helps young Moroccans (18-35) find youth",
    "entrepreneurship programmes, frame a small business project and book a meeting with an advisor.",
    "Messages are in French, Modern Standard Arabic or Moroccan Darija (in Arabic letters or in Latin letters",
    "with digits: 3=ع, 7=ح, 9=ق, 5=خ, 2=ء), often mixed, with typos and SMS spellings.",
    "",
    "Return the intent, your confidence (0 to 1), the language (fr, ar for MSA, ary for Darija, including",
    "Darija in Latin letters) and the entities. Allowed intents:",
    ...INTENTS.map((intent) => `- ${intent}: ${INTENT_MEANINGS[intent]}`),
    "",
    "Entities: null unless the message states them. age in years (from a birth year: today's year minus it).",
    "place: the Moroccan region, province or town as written. gender: only if the person says it explicitly",
    "(\"je suis une femme\", \"ana bent\", \"أنا رجل\"), never from grammar. amountMad in dirhams: Moroccans",
    "also count in centimes, so \"2 melyoun\" is 20000 with amountUnitClear false; \"مليون سنتيم\" is 10000 with",
    "amountUnitClear true; a bare number has amountUnitClear false. date as YYYY-MM-DD relative to today, time as",
    "HH:MM. Placeholders like [PHONE], [EMAIL], [ID], [NAME] replace personal data: they are not places.",
    "Choose stop or delete_data only for a clear request; when unsure, give a low confidence.",
  ].join("\n");
}

export function buildNluMessages(input: NluPromptInput): ChatCompletionMessageParam[] {
  const hint = input.languageHint ? `\nThe person chose the language: ${input.languageHint}.` : "";
  return [
    { role: "system", content: buildNluSystemPrompt() },
    {
      role: "user",
      content: `Today is ${input.weekday} ${input.today} (Africa/Casablanca).${hint}\nMessage:\n"""\n${input.maskedText}\n"""`,
    },
  ];
}
