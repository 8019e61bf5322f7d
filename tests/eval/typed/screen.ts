import { loadResources } from "../../../bot/i18n.ts";
import type { Topic } from "./types.ts";

/**
 * Reads the screen as a person does: which question is the bot asking? Each topic is
 * recognised by the bot's own words for it, in any of the three languages, wherever they
 * appear in the replies; the question asked last wins (a reply may note an answer, then
 * ask the next question). Keys that do not exist (yet) are ignored.
 */
const QUESTION_KEYS: Record<Topic, readonly string[]> = {
  language: ["onboarding:welcome", "onboarding:chooseLanguage", "onboarding:pickOne"],
  consent: ["onboarding:consentNotice", "onboarding:consentPickOne", "booking:needsConsent", "project:needsConsent", "handoff:needsConsent"],
  name: ["onboarding:askName", "onboarding:nameInvalid", "privacy:askNewName"],
  menu: ["menu:title", "menu:titleNamed"],
  "elig.age": ["check:question.age", "check:notUnderstood.age"],
  "elig.gender": ["check:question.gender", "check:notUnderstood.gender"],
  "elig.country": ["check:question.country", "check:notUnderstood.country"],
  "elig.region": ["check:question.region", "check:notUnderstood.region", "check:whichProvince"],
  "elig.province": ["check:question.province", "check:notUnderstood.province"],
  "elig.locality": ["check:question.locality", "check:notUnderstood.locality"],
  "elig.area": ["check:question.area", "check:notUnderstood.area"],
  "elig.status": ["check:question.status", "check:notUnderstood.status"],
  "elig.organizationType": ["check:question.organizationType", "check:notUnderstood.organizationType"],
  "elig.organizationAgeYears": ["check:question.organizationAgeYears", "check:notUnderstood.organizationAgeYears"],
  "elig.organizationWomenLed": ["check:question.organizationWomenLed", "check:notUnderstood.organizationWomenLed"],
  "elig.sector": ["check:question.sector", "check:notUnderstood.sector"],
  site: ["booking:whichSite", "booking:hint.site", "handoff:whichSite"],
  topic: ["booking:whichTopic", "booking:hint.topic"],
  day: ["booking:whichDay", "booking:dayFull", "booking:notUnderstood"],
  time: ["booking:whichTime", "booking:notThatTime", "booking:taken"],
  summary: ["booking:confirm", "booking:confirmMove"],
  appointments: ["booking:yourAppointments"],
  cancelReason: ["booking:whyCancel"],
  "proj.resume": ["project:welcomeBack"],
  "proj.idea": ["project:question.idea"],
  "proj.sector": ["project:question.sector"],
  "proj.customers": ["project:question.customers"],
  "proj.offer": ["project:question.offer"],
  "proj.priceMad": ["project:question.priceMad"],
  "proj.salesPerMonth": ["project:question.salesPerMonth"],
  "proj.startupCosts": ["project:question.startupCosts", "project:startupSoFar"],
  "proj.monthly.rent": ["project:monthly.rent"],
  "proj.monthly.materials": ["project:monthly.materials"],
  "proj.monthly.transport": ["project:monthly.transport"],
  "proj.monthly.salaries": ["project:monthly.salaries"],
  "proj.monthly.other": ["project:monthly.other"],
  "proj.ownContributionMad": ["project:question.ownContributionMad"],
  "proj.legalForm": ["project:question.legalForm"],
  "proj.team": ["project:question.team"],
  "proj.worries": ["project:question.worries"],
  amount: ["project:confirmAmount", "project:amountRetype", "project:notAnAmount", "project:notANumber"],
  draft: ["project:draftConfirm"],
  "confirm.cancel": ["booking:confirmCancel"],
  "confirm.delete": ["privacy:deleteConfirm"],
  "confirm.stop": ["common:confirmStop"],
  "offer.switch": ["common:switch.book", "common:switch.project", "common:switch.eligibility", "common:switch.programs", "common:switch.appointments", "common:switch.human"],
  "offer.language": ["onboarding:follow.offer"],
  waiting: ["handoff:stillWaiting", "handoff:stillWaitingClosed"],
};

interface Matcher {
  topic: Topic;
  pattern: RegExp;
}

function lookup(resources: Record<string, unknown>, path: string[]): unknown {
  let value: unknown = resources;
  for (const part of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A locale text as a pattern: placeholders match anything, spaces any run of spaces. */
function patternOf(text: string): RegExp | null {
  const literal = text
    .split(/\{\{[^}]+\}\}/)
    .map((part) => escape(part.trim()).replace(/\s+/g, "\\s+"))
    .filter((part) => part.length > 0);
  if (literal.join("").length < 6) return null;
  return new RegExp(literal.join("[\\s\\S]*?"), "u");
}

function buildMatchers(): Matcher[] {
  const matchers: Matcher[] = [];
  for (const [topic, keys] of Object.entries(QUESTION_KEYS) as [Topic, readonly string[]][]) {
    for (const pattern of patternsOf(keys)) matchers.push({ topic, pattern });
  }
  return matchers;
}

/** Every locale's text of each key (plural forms included) as a pattern. */
function patternsOf(keys: readonly string[]): RegExp[] {
  const resources = loadResources() as Record<string, Record<string, unknown>>;
  const patterns: RegExp[] = [];
  {
    for (const key of keys) {
      const [ns, rest] = key.split(":") as [string, string];
      const path = rest.split(".");
      for (const locale of Object.keys(resources)) {
        const parent = lookup(resources[locale]!, [ns, ...path.slice(0, -1)]) as Record<string, unknown> | undefined;
        if (!parent || typeof parent !== "object") continue;
        const last = path[path.length - 1]!;
        // Plural forms (welcomeBack_one, _other…) count as the key.
        for (const [name, value] of Object.entries(parent)) {
          if (typeof value !== "string" || (name !== last && !name.startsWith(`${last}_`))) continue;
          const pattern = patternOf(value);
          if (pattern) patterns.push(pattern);
        }
      }
    }
  }
  return patterns;
}

const SWITCHES = ["book", "project", "eligibility", "programs", "appointments", "human"] as const;
let switchPatterns: [string, RegExp[]][] | null = null;

/** Which journey an "instead?" offer on screen proposes ("Vous voulez plutôt prendre rendez-vous ?"), or null. */
export function switchOffered(replies: string): (typeof SWITCHES)[number] | null {
  switchPatterns ??= SWITCHES.map((name) => [name, patternsOf([`common:switch.${name}`])]);
  let best: { name: (typeof SWITCHES)[number]; end: number } | null = null;
  for (const [name, patterns] of switchPatterns) {
    for (const pattern of patterns) {
      for (const match of replies.matchAll(new RegExp(pattern.source, "gu"))) {
        const end = match.index + match[0].length;
        if (!best || end > best.end) best = { name: name as (typeof SWITCHES)[number], end };
      }
    }
  }
  return best?.name ?? null;
}

/** The bot's words for "I did not understand that": an answer that meets them was not understood. */
const CONFUSION_KEYS = [
  "common:notUnderstood", "common:pickOne", "booking:notUnderstood", "booking:hint.site", "booking:hint.topic", "project:notANumber",
  "project:notAnAmount", "onboarding:nameInvalid", "onboarding:consentPickOne", "onboarding:pickOne",
  ...["age", "gender", "country", "region", "province", "locality", "area", "status", "organizationType", "organizationAgeYears", "organizationWomenLed", "sector"].map((field) => `check:notUnderstood.${field}`),
];

let matchers: Matcher[] | null = null;
let confusion: RegExp[] | null = null;

/** Whether the replies say the message was not understood. */
export function showsConfusion(replies: string): boolean {
  confusion ??= patternsOf(CONFUSION_KEYS);
  return confusion.some((pattern) => pattern.test(replies));
}

/** The question on screen: the topic whose words appear last in the replies, or null. */
export function readScreen(replies: string): Topic | null {
  matchers ??= buildMatchers();
  let best: { topic: Topic; end: number; length: number } | null = null;
  for (const { topic, pattern } of matchers) {
    const global = new RegExp(pattern.source, "gu");
    for (const match of replies.matchAll(global)) {
      const end = match.index + match[0].length;
      if (!best || end > best.end || (end === best.end && match[0].length > best.length)) best = { topic, end, length: match[0].length };
    }
  }
  return best?.topic ?? null;
}
