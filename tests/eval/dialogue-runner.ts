import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Engine } from "../../bot/core/engine.ts";
import type { Outbound } from "../../bot/core/types.ts";
import type { Db } from "../../db/client.ts";
import { appointments, channelIdentities, eligibilityChecks, flowSessions, projects } from "../../db/schema/index.ts";
import type { Goal, Scenario } from "./dialogue-scenarios.ts";
import { DEFAULTS } from "./dialogue-writings.ts";

/**
 * Plays scripted conversations through the real engine, typed only. Like a person reading
 * the question on screen, the player looks at the step the conversation is at (its flow
 * session) and types the scenario's answer to it in the scenario's way of writing; asked
 * the same thing twice, it says it does not know, and gives up after MAX_TURNS. The goal
 * is read back from the database, never from the bot's words.
 */
export const MAX_TURNS = 40;

export interface DialogueResult {
  id: string;
  writing: string;
  goal: Goal;
  reached: boolean;
  turns: number;
  /** The steps the conversation went through, for reading a failure. */
  path: string[];
  lastReply: string;
}

export async function playScenario(engine: Engine, db: Db, scenario: Scenario, runId: string): Promise<DialogueResult> {
  const user = `eval-${runId}-${scenario.id}`;
  const answers = { ...DEFAULTS[scenario.writing], ...scenario.answers };
  const answer = (key: string): string | undefined => {
    const value = answers[key];
    return typeof value === "string" ? value : undefined;
  };
  const path: string[] = [];
  const used = new Map<string, number>();
  let conversationId: string | null = null;
  let lastReply = "";
  let previousStep = "";
  let turns = 0;

  const send = async (text: string) => {
    turns += 1;
    const result = await engine.receive({ channel: "web", externalUserId: user, channelMessageId: `${user}-${turns}`, content: { kind: "text", text } });
    conversationId = result.conversationId;
    lastReply = result.replies.map((reply) => describe(reply.message)).join("\n");
  };

  await send(scenario.opening);
  while (turns < MAX_TURNS) {
    if (await reached(db, user, scenario.goal)) return { id: scenario.id, writing: scenario.writing, goal: scenario.goal, reached: true, turns, path, lastReply };
    const step = await stepOf(db, conversationId!);
    path.push(step);
    const repeated = step === previousStep;
    previousStep = step;
    const key = questionKey(step);
    // Lists of answers (start-up items, then "that's all") are typed one per question.
    const list = answers[key];
    if (Array.isArray(list)) {
      const index = used.get(key) ?? 0;
      used.set(key, index + 1);
      await send(list[Math.min(index, list.length - 1)]!);
      continue;
    }
    const giveUp = key === "name" ? answer("noName") : answer("skip");
    const typed = repeated && key !== "menu" && key !== "yes" ? (giveUp ?? "") : (answer(key) ?? fallback(key, scenario, answer));
    await send(typed);
  }
  return { id: scenario.id, writing: scenario.writing, goal: scenario.goal, reached: await reached(db, user, scenario.goal), turns, path, lastReply };
}

/** "flow:step[:field]" as the flow session says. */
async function stepOf(db: Db, conversationId: string): Promise<string> {
  const [row] = await db.select().from(flowSessions).where(eq(flowSessions.conversationId, conversationId));
  if (!row) return "none";
  const data = row.data as { field?: string; costKind?: string };
  const detail = row.flow === "project" && data.field === "monthlyCosts" ? `monthly.${data.costKind ?? ""}` : data.field;
  return [row.flow, row.step, detail].filter(Boolean).join(":");
}

/** Which answer of the scenario the step on screen asks for. */
function questionKey(step: string): string {
  const [flow, name, field] = step.split(":");
  switch (`${flow}:${name}`) {
    case "onboarding:language":
      return "language";
    case "onboarding:consent":
      return "consent";
    case "onboarding:name":
      return "name";
    case "eligibility:ask":
      return `elig.${field}`;
    case "booking:site":
    case "booking:topic":
    case "booking:day":
    case "booking:time":
      return name!;
    case "project:ask":
      return `proj.${field}`;
    case "booking:confirm":
    case "project:confirmAmount":
    case "switch:offer":
    case "confirm:stop":
      return "yes";
    default:
      return "menu";
  }
}

function fallback(key: string, scenario: Scenario, answer: (key: string) => string | undefined): string {
  if (key === "name") return scenario.name ?? answer("noName") ?? "";
  if (key.startsWith("proj.monthly.")) return answer("proj.monthly") ?? "";
  // Anywhere else (the menu, a screen of another journey): what they came for, in their words.
  if (key === "menu") return scenario.menu ?? answer(`goal.${scenario.goal}`) ?? scenario.opening;
  return answer("skip") ?? "";
}

async function contactIdOf(db: Db, user: string): Promise<string | null> {
  const [identity] = await db.select().from(channelIdentities).where(and(eq(channelIdentities.channel, "web"), eq(channelIdentities.externalId, user)));
  return identity?.contactId ?? null;
}

async function reached(db: Db, user: string, goal: Goal): Promise<boolean> {
  const contactId = await contactIdOf(db, user);
  if (!contactId) return false;
  switch (goal) {
    case "verdicts":
      return (await db.select({ id: eligibilityChecks.id }).from(eligibilityChecks).where(eq(eligibilityChecks.contactId, contactId)).limit(1)).length > 0;
    case "booking":
      return (await db.select({ id: appointments.id }).from(appointments).where(and(eq(appointments.contactId, contactId), eq(appointments.status, "confirmed"))).limit(1)).length > 0;
    case "sheet":
      return (
        (await db.select({ id: projects.id }).from(projects).where(and(eq(projects.contactId, contactId), isNotNull(projects.sheetToken), isNull(projects.sheetRevokedAt))).limit(1))
          .length > 0
      );
  }
}

function describe(message: Outbound): string {
  if (message.kind === "choices") return `${message.text} [${message.choices.map((choice) => choice.label).join(" | ")}]`;
  return message.text;
}

export interface DialogueReport {
  results: DialogueResult[];
  reached: number;
  total: number;
  share: number;
  meanTurns: number;
}

/** Plays every scenario (a few at a time: each is its own person) and sums up. */
export async function runDialogues(engine: Engine, db: Db, scenarios: readonly Scenario[], runId: string, parallel = 4): Promise<DialogueReport> {
  const results: DialogueResult[] = [];
  for (let start = 0; start < scenarios.length; start += parallel) {
    results.push(...(await Promise.all(scenarios.slice(start, start + parallel).map((scenario) => playScenario(engine, db, scenario, runId)))));
  }
  const reachedCount = results.filter((result) => result.reached).length;
  const meanTurns = results.reduce((sum, result) => sum + result.turns, 0) / Math.max(1, results.length);
  return { results, reached: reachedCount, total: results.length, share: reachedCount / Math.max(1, results.length), meanTurns };
}
