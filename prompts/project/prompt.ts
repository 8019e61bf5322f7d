import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { Lang } from "../../bot/core/types.ts";
import type { Canvas } from "../../bot/project/types.ts";

/**
 * The prompt for drafting a project canvas from the person's free description. The model
 * only transcribes what the person said into fields and suggests one or two improvements;
 * it is handed no programmes and decides nothing. The bot confirms every field with the
 * person before it enters the canvas.
 */

export const COACH_PROMPT_VERSION = "coach-1";

/** How the language is named to the model (the suggestions are written in it). */
export const LANGUAGE_NAMES: Record<Lang, string> = {
  fr: "French",
  ar: "Modern Standard Arabic",
  ary: "Moroccan Darija (in the script the person uses: Arabic letters, or Latin letters with digits like 3, 7, 9)",
};

export interface CoachPromptInput {
  /** The person's description, already masked (maskPersonalData). */
  maskedText: string;
  /** The language the person chose in the chat. */
  lang: Lang;
  /** What the canvas holds already (its text masked too), so the model does not ask again. */
  canvasSoFar: Canvas;
}

export function buildCoachSystemPrompt(): string {
  return [
    "You help Rafiq, a chat assistant for young Moroccans (18-35), turn a person's free description of a small",
    "income-generating project into a draft project canvas. The person writes in French, Modern Standard Arabic",
    "or Moroccan Darija (Arabic letters, or Latin letters with digits: 3=ع, 7=ح, 9=ق, 5=خ, 2=ء), often mixed.",
    "",
    "Rules:",
    "- Fill a field only with what the person said in this message. Everything else is null: null means",
    "  \"the person did not say\", and the bot will ask. Do not guess, do not complete, do not copy the canvas so far.",
    "- Never invent figures: no price, sales, cost or contribution the person did not state. Do not estimate",
    "  market prices, do not compute totals, do not turn \"a few\" into a number.",
    "- Amounts are in dirhams (MAD). Moroccans also count in centimes: convert only when the person uses such a",
    "  word explicitly: \"2 melyoun\" or \"2 مليون\" is 2,000,000 centimes = 20000 dirhams; \"alf ryal\" is 50",
    "  dirhams. \"15 alf\", \"15k\" and \"15000\" are 15000 dirhams. A bare number stays as written.",
    "- startupCosts and monthlyCosts list only items the person named with an amount. A monthly cost the person",
    "  says they do not have (\"no rent, I work from home\") is that kind with amount 0.",
    "- sector and legalForm: one of the allowed values, only when the activity or the person's words make it",
    "  clear; otherwise null.",
    "- Keep the person's words for text fields (idea, customers, offer, team, worries), one short sentence each,",
    "  in the person's language.",
    "- Placeholders like [PHONE], [EMAIL], [ID], [NAME] replace personal data: never copy them into a field.",
    "- suggestions: one or two short, concrete improvements to the project, in plain words, in the person's",
    "  language (for example: \"count the transport to the market in your monthly costs\").",
    "- Never name or invent funding programmes, banks, grants or organisations; never promise or suggest that",
    "  the project will be funded or accepted; never give links or phone numbers. Advisors do that.",
    "- language: the language the person wrote in (fr, ar for MSA, ary for Darija, including Darija in Latin letters).",
  ].join("\n");
}

export function buildCoachMessages(input: CoachPromptInput): ChatCompletionMessageParam[] {
  const known = Object.keys(input.canvasSoFar).length > 0 ? JSON.stringify(input.canvasSoFar) : "nothing yet";
  return [
    { role: "system", content: buildCoachSystemPrompt() },
    {
      role: "user",
      content: [
        `The person's language: ${input.lang} (${LANGUAGE_NAMES[input.lang]}). Write the suggestions in it.`,
        `The canvas so far (for context only; do not repeat it): ${known}`,
        "The person's description:",
        '"""',
        // The delimiter cannot be closed from inside the text.
        input.maskedText.replaceAll('"""', '"'),
        '"""',
      ].join("\n"),
    },
  ];
}
