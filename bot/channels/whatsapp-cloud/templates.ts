import { z } from "zod";
import { NOTICE_TEMPLATES, type Choice, type Lang, type NoticeTemplate, type WindowNotice } from "../../core/types.ts";
import { CLOUD_LIMITS } from "./limits.ts";

/**
 * The approved templates that stand for a message outside WhatsApp's 24-hour window, as
 * configuration (WHATSAPP_CLOUD_TEMPLATES, JSON): per purpose, the name approved by Meta,
 * the template language for each of ours (Darija people get the Arabic one unless one is
 * configured), the values its body parameters quote, in order, and how many quick-reply
 * buttons it has (their payloads are the message's choices). The README gives the text
 * of each to submit to Meta.
 */
const VALUES = ["name", "when", "site", "address", "advisor", "text"] as const;
const templateName = z.string().regex(/^[a-z0-9_]{1,512}$/, "lowercase letters, digits and _ (Meta's template names)");
const templateSchema = z.strictObject({
  /** One name for every language, or one per language (a Darija text submitted as its own Arabic template). */
  name: z.union([templateName, z.strictObject({ fr: templateName, ar: templateName, ary: templateName })]),
  languages: z.strictObject({ fr: z.string().min(2), ar: z.string().min(2), ary: z.string().min(2) }),
  parameters: z.array(z.enum(VALUES)).max(10),
  quickReplies: z.number().int().min(0).max(3),
  /** Meta's category: utility (reminders, answers) or marketing (announcements). */
  category: z.enum(["utility", "marketing"]),
});
export type TemplateConfig = z.output<typeof templateSchema>;
export type TemplateSet = Record<NoticeTemplate, TemplateConfig>;

const ARABIC_FOR_DARIJA = { fr: "fr", ar: "ar", ary: "ar" };

export const DEFAULT_TEMPLATES: TemplateSet = {
  meeting_reminder: { name: "rafiq_meeting_reminder", languages: ARABIC_FOR_DARIJA, parameters: ["when", "site"], quickReplies: 3, category: "utility" },
  advisor_replied: { name: "rafiq_advisor_replied", languages: ARABIC_FOR_DARIJA, parameters: ["advisor"], quickReplies: 0, category: "utility" },
  announcement: { name: "rafiq_announcement", languages: ARABIC_FOR_DARIJA, parameters: ["text"], quickReplies: 0, category: "marketing" },
};

const partial = templateSchema.partial().optional();
const overridesSchema = z.strictObject({ meeting_reminder: partial, advisor_replied: partial, announcement: partial } satisfies Record<NoticeTemplate, typeof partial>);

/** The configured templates over the defaults; throws naming the bad field. */
export function parseTemplates(json: string | undefined): TemplateSet {
  if (!json) return DEFAULT_TEMPLATES;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("WHATSAPP_CLOUD_TEMPLATES: not valid JSON");
  }
  const parsed = overridesSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`WHATSAPP_CLOUD_TEMPLATES: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  }
  const merged = Object.fromEntries(
    NOTICE_TEMPLATES.map((kind) => [kind, templateSchema.parse({ ...DEFAULT_TEMPLATES[kind], ...(parsed.data[kind] ?? {}) })]),
  );
  return merged as TemplateSet;
}

export interface CloudTemplateMessage {
  type: "template";
  template: {
    name: string;
    language: { code: string };
    components: (
      | { type: "body"; parameters: { type: "text"; text: string }[] }
      | { type: "button"; sub_type: "quick_reply"; index: string; parameters: { type: "payload"; payload: string }[] }
    )[];
  };
}

/**
 * The template message for a notice in the person's language: its body parameters from
 * the notice's values (flattened: Meta refuses new lines in a parameter), its quick
 * replies carrying the message's choices (a reminder's confirm / move / cancel).
 */
export function templateMessage(set: TemplateSet, notice: WindowNotice, lang: Lang, choices: readonly Choice[] = []): CloudTemplateMessage {
  const config = set[notice.template];
  const parameters = config.parameters.map((value) => ({ type: "text" as const, text: flatten(notice.values[value] ?? "") }));
  const components: CloudTemplateMessage["template"]["components"] = [];
  if (parameters.length > 0) components.push({ type: "body", parameters });
  choices.slice(0, config.quickReplies).forEach((choice, index) => {
    components.push({ type: "button", sub_type: "quick_reply", index: String(index), parameters: [{ type: "payload", payload: choice.id.slice(0, CLOUD_LIMITS.quickReplyPayload) }] });
  });
  return { type: "template", template: { name: templateNameFor(config, lang), language: { code: config.languages[lang] }, components } };
}

export function templateNameFor(config: TemplateConfig, lang: Lang): string {
  return typeof config.name === "string" ? config.name : config.name[lang];
}

/** One line, no tabs, never more than 4 spaces in a row, within Meta's parameter length; never empty. */
export function flatten(text: string): string {
  const line = text.replace(/\s*\n+\s*/g, " · ").replace(/\t/g, " ").replace(/ {4,}/g, "   ").trim();
  const chars = [...line];
  const fitted = chars.length <= CLOUD_LIMITS.templateParameter ? line : `${chars.slice(0, CLOUD_LIMITS.templateParameter - 1).join("")}…`;
  return fitted === "" ? "-" : fitted;
}
