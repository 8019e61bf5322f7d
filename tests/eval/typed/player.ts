import { and, desc, eq } from "drizzle-orm";
import type { Engine } from "../../../bot/core/engine.ts";
import type { InboundContent, Outbound } from "../../../bot/core/types.ts";
import type { Db } from "../../../db/client.ts";
import { appointments, channelIdentities, contacts, conversations, eligibilityChecks, projects } from "../../../db/schema/index.ts";
import { DEFAULTS, GOAL_PHRASES, NAMES } from "./defaults.ts";
import { readScreen, showsConfusion, switchOffered } from "./screen.ts";
import { giveMeeting, LANG_OF, onboard } from "./setup.ts";
import type { Answer, Answers, Conversation, Goal, Topic } from "./types.ts";

/**
 * Plays one typed conversation through the real engine, as the person would: read the
 * question on screen, type their answer; asked the same thing again, type the next way of
 * saying it, then "I don't know", then give up. Nothing but typed text is sent. Whether
 * they got what they came for — and whether anything of theirs was destroyed that they
 * did not ask to lose — is read from the database.
 */
export const MAX_TURNS = 40;
/** Asked the same question this many times in a row, the person gives up on the bot. */
const GIVE_UP_AFTER = 4;

export interface World {
  engine: Engine;
  db: Db;
  runId: string;
  now: Date;
}

export interface Exchange {
  you: string;
  bot: string;
  screen: Topic | null;
  /** The bot said it did not understand. */
  confused: boolean;
}

export interface TypedResult {
  id: string;
  writing: Conversation["writing"];
  goal: Goal;
  reached: boolean;
  /** Why not, when not reached; or what was lost. */
  failure: string | null;
  /** Something of theirs destroyed or changed that they did not ask for (a meeting, their data, announcements). */
  harm: string | null;
  turns: number;
  transcript: Exchange[];
}

function textOf(message: Outbound): string {
  switch (message.kind) {
    case "choices":
      return `${message.text}\n${message.choices.map((choice, index) => `  ${index + 1}. ${choice.label}`).join("\n")}`;
    case "link":
      return `${message.text} ${message.label} <${message.url}>`;
    case "advisor":
      return `${message.sender}: ${message.text}`;
    case "text":
      return message.text;
  }
}

/** The question's own words, without the buttons' labels (a person reads the question, then the buttons). */
function questionTextOf(message: Outbound): string {
  return message.kind === "advisor" ? "" : message.text;
}

/** The journey each goal is reached through, as an "instead?" offer names it. */
const JOURNEY_OF_GOAL: Record<Goal, string> = {
  verdicts: "eligibility",
  booking: "book",
  sheet: "project",
  handoff: "human",
  delete: "",
  reschedule: "appointments",
  cancel: "appointments",
  stop: "",
  answer: "programs",
};

/** Questions that come back by design: one purchase per message, a new summary after a change, a list to pick from. */
const REPEATABLE: ReadonlySet<Topic> = new Set<Topic>(["proj.startupCosts", "summary", "menu", "appointments", "waiting"]);

const YES_NO: Partial<Record<Topic, Goal>> = { "confirm.cancel": "cancel", "confirm.delete": "delete", "confirm.stop": "stop" };

export async function playTyped(world: World, conversation: Conversation): Promise<TypedResult> {
  const { engine, db, runId } = world;
  const user = `typed-${runId}-${conversation.id}`;
  const openings = typeof conversation.opening === "string" ? [conversation.opening] : conversation.opening;
  // Landing somewhere unexpected (the menu), they type what they came for: their own words, the usual phrase, or their opening.
  const goal = conversation.answers?.goal ?? GOAL_PHRASES[conversation.writing][conversation.goal] ?? openings[0]!;
  const answers: Answers = { ...DEFAULTS[conversation.writing], goal, ...conversation.answers };
  const consumed = new Map<string, number>();
  const take = (key: string, answer: Answer | undefined): string | undefined => {
    if (answer === undefined) return undefined;
    if (typeof answer === "string") return answer;
    const index = consumed.get(key) ?? 0;
    consumed.set(key, index + 1);
    return answer[Math.min(index, answer.length - 1)];
  };
  const transcript: Exchange[] = [];
  let turns = 0;
  let screen: Topic | null = null;
  let lastReply = "";
  let failure: string | null = null;

  const send = async (text: string) => {
    turns += 1;
    const content: InboundContent = { kind: "text", text };
    const result = await engine.receive({ channel: "web", externalUserId: user, channelMessageId: `${user}-${turns}`, content });
    lastReply = result.replies.map((reply) => textOf(reply.message)).join("\n\n");
    screen = readScreen(result.replies.map((reply) => questionTextOf(reply.message)).join("\n\n"));
    transcript.push({ you: text, bot: lastReply, screen, confused: showsConfusion(lastReply) });
  };

  let meeting: { id: string; start: Date } | null = null;
  // The person is followed by their first contact: erasing their data gives their address a fresh one.
  let contactId: string | null = null;
  const person = async () => (contactId ??= (await contactOf(db, user))?.id ?? null);
  const start = conversation.start ?? "new";
  if (start !== "new") {
    await onboard(engine, user, LANG_OF[conversation.writing], NAMES[conversation.writing]);
    if (start === "meeting") meeting = await giveMeeting(db, runId, user, world.now);
  }

  for (const opening of openings) {
    await send(opening);
    await person();
  }

  const firstScreen: Topic | null = screen;
  const moments = [...(conversation.moments ?? [])];
  const said = async (moment: (typeof moments)[number]) => {
    moments.splice(moments.indexOf(moment), 1);
    await send(moment.say);
    if (moment.expect && !moment.expect.test(lastReply) && !failure) failure = `«${moment.say}» was not answered as expected (${moment.expect})`;
  };
  const atStart = moments.find((moment) => moment.at === "start");
  if (atStart) await said(atStart);

  let previous: Topic | null = null;
  let repeats = 0;
  while (turns < MAX_TURNS && !failure) {
    if (await reached(db, await person(), conversation, meeting, moments.length)) break;
    const current = screen as Topic | null;
    // A list asks again by design ("another purchase?"): only a question asked again after confusion counts.
    // A screen the person cannot read, again and again, is being lost just the same.
    const askedAgain = current === previous && (current === null || !REPEATABLE.has(current) || transcript.at(-1)!.confused);
    repeats = askedAgain ? repeats + 1 : 0;
    previous = current;
    if (repeats >= GIVE_UP_AFTER - 1) {
      failure = current === null ? `lost: ${GIVE_UP_AFTER} screens in a row that were not a question the person could answer` : `asked «${current}» ${GIVE_UP_AFTER} times in a row`;
      break;
    }
    const moment = moments.find((candidate) => candidate.at === current);
    if (moment) {
      await said(moment);
      continue;
    }
    await send(answerFor(current, repeats, conversation, answers, take, lastReply));
  }

  const expected = conversation.check?.firstScreen;
  if (!failure && expected && !(firstScreen ?? "").startsWith(expected)) failure = `after the opening the bot asked «${firstScreen}», not «${expected}»`;
  if (!failure && conversation.check?.understood) {
    // An answer to a question is understood when the bot neither says it did not understand
    // nor asks the same question again (lists and summaries come back by design).
    const again = transcript.findIndex((exchange, index) => {
      const asked = transcript[index - 1]?.screen;
      if (index === 0 || asked === null || asked === undefined) return false;
      return exchange.confused || (exchange.screen === asked && !REPEATABLE.has(asked));
    });
    if (again >= 0) failure = `«${transcript[again]!.you}» was not understood as the answer to «${transcript[again - 1]!.screen}» (then: «${transcript[again]!.screen}»)`;
  }
  const limit = conversation.check?.maxTurns;
  if (!failure && limit !== undefined && turns > limit) failure = `took ${turns} messages (at most ${limit})`;
  const harm = await harmDone(db, await person(), conversation.goal, meeting);
  const there = await reached(db, await person(), conversation, meeting, moments.length);
  if (!failure && moments.length > 0) failure = `the question «${moments[0]!.at}» never came, so «${moments[0]!.say}» was never said`;
  if (!failure && !there) failure = turns >= MAX_TURNS ? `not there after ${MAX_TURNS} messages` : "goal not reached";
  const contact = await contactById(db, await person());
  if (!failure && contact) {
    const own = await db.select().from(appointments).where(eq(appointments.contactId, contact.id));
    const broken = await checksHold(db, contact, own, conversation);
    if (broken) failure = `goal reached, but ${broken}`;
  }
  const ok = !failure;
  return { id: conversation.id, writing: conversation.writing, goal: conversation.goal, reached: ok && !harm, failure, harm, turns, transcript };
}

function answerFor(
  topic: Topic | null,
  repeats: number,
  conversation: Conversation,
  answers: Answers,
  take: (key: string, answer: Answer | undefined) => string | undefined,
  onScreen: string,
): string {
  const yes = take("yes", answers.yes) ?? "oui";
  const no = take("no", answers.no) ?? "non";
  // Asked a third time, the person says they do not know (a last try before giving up).
  if (repeats >= 2 && topic !== null && topic !== "menu") return take("skip", answers.skip) ?? "";
  if (topic === null || topic === "menu") return take("goal", answers.goal) ?? "menu";
  const own = take(topic, answers[topic]);
  if (own !== undefined) return own;
  const wanted = YES_NO[topic];
  if (wanted) return conversation.goal === wanted ? yes : no;
  switch (topic) {
    case "offer.switch":
      // "Do you want to book a meeting instead?": yes only when that is what they came for.
      return switchOffered(onScreen) === JOURNEY_OF_GOAL[conversation.goal] ? yes : no;
    case "summary":
    case "amount":
    case "draft":
    case "offer.language":
      return yes;
    case "waiting":
      return take("goal", answers.goal) ?? "menu";
    default:
      return take("skip", answers.skip) ?? "";
  }
}

async function contactOf(db: Db, user: string) {
  const [identity] = await db.select().from(channelIdentities).where(and(eq(channelIdentities.channel, "web"), eq(channelIdentities.externalId, user)));
  if (!identity) return null;
  return contactById(db, identity.contactId);
}

async function contactById(db: Db, id: string | null) {
  if (!id) return null;
  const [contact] = await db.select().from(contacts).where(eq(contacts.id, id));
  return contact ?? null;
}

async function reached(db: Db, contactId: string | null, conversation: Conversation, meeting: { id: string } | null, momentsLeft: number): Promise<boolean> {
  if (momentsLeft > 0) return false;
  const contact = await contactById(db, contactId);
  if (!contact) return false;
  const id = contact.id;
  const own = await db.select().from(appointments).where(eq(appointments.contactId, id)).orderBy(desc(appointments.createdAt));
  let goal: boolean;
  switch (conversation.goal) {
    case "verdicts":
      goal = (await db.select({ id: eligibilityChecks.id }).from(eligibilityChecks).where(eq(eligibilityChecks.contactId, id)).limit(1)).length > 0;
      break;
    case "booking":
      goal = own.some((row) => row.status === "confirmed" && row.id !== meeting?.id);
      break;
    case "sheet":
      goal =
        (await db.select({ token: projects.sheetToken, revoked: projects.sheetRevokedAt }).from(projects).where(eq(projects.contactId, id))).some(
          (row) => row.token !== null && row.revoked === null,
        );
      break;
    case "handoff":
      goal = (await db.select({ status: conversations.status }).from(conversations).where(eq(conversations.contactId, id))).some(
        (row) => row.status === "waiting" || row.status === "advisor",
      );
      break;
    case "delete":
      goal = contact.erasedAt !== null;
      break;
    case "reschedule":
      goal = own.some((row) => row.status === "confirmed" && row.rescheduledFrom === meeting?.id);
      break;
    case "cancel":
      goal = own.some((row) => row.id === meeting?.id && row.status === "cancelled");
      break;
    case "stop":
      goal = contact.optedOut;
      break;
    case "answer":
      goal = true;
      break;
  }
  return goal;
}

/** The conversation's checks beyond the goal: null when they hold, else which failed. */
async function checksHold(
  db: Db,
  contact: { id: string; profile: unknown; firstName: string | null },
  own: (typeof appointments.$inferSelect)[],
  conversation: Conversation,
): Promise<string | null> {
  const check = conversation.check;
  if (!check) return null;
  if (check.firstName !== undefined && contact.firstName !== check.firstName) return `the first name kept is «${contact.firstName}», not «${check.firstName}»`;
  const confirmed = own.filter((row) => row.status === "confirmed");
  if (check.bookedSite !== undefined && !confirmed.some((row) => row.siteId === check.bookedSite)) return `no meeting at ${check.bookedSite} (${confirmed.map((row) => row.siteId).join(", ") || "none"})`;
  if (check.bookedDate !== undefined) {
    const dayOf = (at: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Africa/Casablanca", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
    if (!confirmed.some((row) => dayOf(row.startsAt) === check.bookedDate)) return `no meeting on ${check.bookedDate} (${confirmed.map((row) => dayOf(row.startsAt)).join(", ") || "none"})`;
  }
  if (check.bookedHour !== undefined) {
    const hourOf = (at: Date) => Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Africa/Casablanca", hour: "2-digit", hour12: false }).format(at));
    if (!confirmed.some((row) => hourOf(row.startsAt) === check.bookedHour)) return `no meeting at ${check.bookedHour}:00 (${confirmed.map((row) => hourOf(row.startsAt)).join(", ") || "none"})`;
  }
  if (check.canvasIncludes || check.canvas) {
    const rows = await db.select({ canvas: projects.canvas }).from(projects).where(eq(projects.contactId, contact.id));
    const text = JSON.stringify(rows.map((row) => row.canvas)).normalize("NFC");
    const missing = (check.canvasIncludes ?? []).filter((part) => !text.includes(part.normalize("NFC")));
    if (missing.length > 0) return `the project lacks ${missing.map((part) => `«${part}»`).join(", ")}`;
    const canvas = (rows[0]?.canvas ?? {}) as Record<string, unknown>;
    const wrong = Object.entries(check.canvas ?? {}).filter(([key, value]) => JSON.stringify(canvas[key]) !== JSON.stringify(value));
    if (wrong.length > 0) return `the project has ${wrong.map(([key, value]) => `${key}=${JSON.stringify(canvas[key])} (not ${JSON.stringify(value)})`).join(", ")}`;
  }
  if (check.profile) {
    const profile = (contact.profile ?? {}) as Record<string, unknown>;
    const wrong = Object.entries(check.profile).filter(([key, value]) => JSON.stringify(profile[key]) !== JSON.stringify(value));
    if (wrong.length > 0) return `the profile has ${wrong.map(([key, value]) => `${key}=${JSON.stringify(profile[key])} (not ${JSON.stringify(value)})`).join(", ")}`;
  }
  return null;
}

/** What the person lost without asking: a meeting cancelled (not moved), their data, announcements. */
async function harmDone(db: Db, contactId: string | null, goal: Goal, meeting: { id: string } | null): Promise<string | null> {
  const contact = await contactById(db, contactId);
  if (!contact) return null;
  if (contact.erasedAt && goal !== "delete") return "their data was erased";
  if (contact.optedOut && goal !== "stop") return "announcements were stopped";
  if (goal === "cancel" || goal === "delete") return null;
  const own = await db.select().from(appointments).where(eq(appointments.contactId, contact.id));
  const replaced = new Set(own.filter((row) => row.rescheduledFrom).map((row) => row.rescheduledFrom));
  const lost = own.filter((row) => row.status === "cancelled" && !replaced.has(row.id));
  if (lost.length > 0) return `a meeting was cancelled${meeting && lost.some((row) => row.id === meeting.id) ? " (the one they had)" : ""}`;
  return null;
}

export interface TypedReport {
  results: TypedResult[];
  reached: number;
  total: number;
  harmed: number;
}

/** Plays every conversation, a few at a time (each is its own person), and sums up. */
export async function playAll(world: World, list: readonly Conversation[], parallel = 4): Promise<TypedReport> {
  const results: TypedResult[] = [];
  for (let index = 0; index < list.length; index += parallel) {
    results.push(...(await Promise.all(list.slice(index, index + parallel).map((conversation) => playTyped(world, conversation)))));
  }
  return { results, reached: results.filter((result) => result.reached).length, total: results.length, harmed: results.filter((result) => result.harm).length };
}

