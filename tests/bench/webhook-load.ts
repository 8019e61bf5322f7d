import type { Update } from "grammy/types";
import type { RecordedCall } from "../telegram/bot-api-stub.ts";
import { percentile } from "./support.ts";

/**
 * The load side of `npm run bench:webhook`: posts Telegram updates to a bot's webhook as
 * Telegram does (secret header, re-sent after a non-200 answer) and matches the replies
 * the Bot API stub receives to them, per person and in order. A reply that is not the
 * one expected next (another update's reply, or one too many) is counted, never guessed.
 */
export interface Person {
  chatId: number;
  /** The texts this person types, in turn; each one's replies are known (learned). */
  script: string[];
  sent: number;
}

interface InFlight {
  /** Whose figures this update counts in (`send`'s group): people measured apart stay apart. */
  group: string;
  expected: string[];
  got: number;
  postedAt: number;
  webhookAt?: number;
  replyAts: number[];
  done: () => void;
}

export interface LoadTarget {
  webhookUrl: string;
  secret: string;
}

/** Re-sends after a failed webhook call like Telegram, but sooner (a benchmark has no minutes). */
const RESEND_DELAY_MS = 500;
/** BENCH_DEBUG_SLOW=<ms>: each reply slower than that is printed, with when its webhook was answered. */
const DEBUG_SLOW_MS = process.env.BENCH_DEBUG_SLOW ? Number(process.env.BENCH_DEBUG_SLOW) : Number.POSITIVE_INFINITY;
const MAX_ATTEMPTS = 5;

let messageId = 0;

export function createLoad(nextUpdateId: () => number) {
  const inFlight = new Map<number, InFlight[]>();
  const posting = new Map<number, Promise<void>>();
  const learning = new Map<number, string[]>();
  /** What each text is answered with, by bot (its webhook) and text: the two bots answer differently. */
  const signatures = new Map<string, string[]>();
  const signatureKey = (target: LoadTarget, text: string) => `${target.webhookUrl}\n${text}`;
  const groups = new Map<string, ReturnType<typeof freshStats>>();
  const statsOf = (group: string) => {
    let stats = groups.get(group);
    if (!stats) groups.set(group, (stats = freshStats()));
    return stats;
  };

  function freshStats() {
    return { replyMs: [] as number[], webhookMs: [] as number[], updates: 0, answered: 0, unexpected: 0, misordered: 0, webhookErrors: 0, lastReplyAt: 0 };
  }

  /** The Bot API stub's onCall: each sendMessage is the next reply of someone's oldest update. */
  function onCall(call: RecordedCall) {
    if (call.method !== "sendMessage" || !call.ok) return;
    const chatId = Number(call.payload.chat_id);
    const text = call.plainText ?? "";
    const learner = learning.get(chatId);
    if (learner) return void learner.push(text);
    const head = inFlight.get(chatId)?.[0];
    if (!head) return void (statsOf(MAIN).unexpected += 1);
    const stats = statsOf(head.group);
    if (head.expected[head.got] !== text) stats.misordered += 1;
    head.replyAts.push(call.at ?? performance.now());
    head.got += 1;
    if (head.got < head.expected.length) return;
    inFlight.get(chatId)?.shift();
    stats.answered += 1;
    stats.lastReplyAt = call.at ?? performance.now();
    stats.replyMs.push(stats.lastReplyAt - head.postedAt);
    if (stats.lastReplyAt - head.postedAt > DEBUG_SLOW_MS) {
      process.stderr.write(`slow: at ${(head.postedAt / 1000).toFixed(2)} s, chat ${chatId} reply after ${(stats.lastReplyAt - head.postedAt).toFixed(0)} ms, webhook answered after ${((head.webhookAt ?? Number.NaN) - head.postedAt).toFixed(0)} ms, replies at ${head.replyAts.map((at) => (at - head.postedAt).toFixed(0)).join(",")}\n`);
    }
    head.done();
  }

  function update(chatId: number, text: string): Update {
    messageId += 1;
    const chat = { id: chatId, type: "private" as const, first_name: "Bench" };
    return {
      update_id: nextUpdateId(),
      message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat, from: { id: chatId, is_bot: false, first_name: "Bench" }, text },
    };
  }

  async function post(target: LoadTarget, body: string, group = MAIN): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const started = performance.now();
      const response = await fetch(target.webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": target.secret },
        body,
      }).catch(() => null);
      await response?.arrayBuffer();
      statsOf(group).webhookMs.push(performance.now() - started);
      if (response?.status === 200) return;
      statsOf(group).webhookErrors += 1;
      if (attempt >= MAX_ATTEMPTS) return;
      await new Promise((resolve) => setTimeout(resolve, RESEND_DELAY_MS));
    }
  }

  /** Sends the person's next text; resolves when all its replies reached the stub. */
  function send(target: LoadTarget, person: Person, group = MAIN): Promise<void> {
    const text = person.script[person.sent % person.script.length] ?? "";
    person.sent += 1;
    const expected = signatures.get(signatureKey(target, text));
    if (!expected) throw new Error(`no learned replies for ${JSON.stringify(text)}`);
    statsOf(group).updates += 1;
    const queue = inFlight.get(person.chatId) ?? [];
    inFlight.set(person.chatId, queue);
    const body = JSON.stringify(update(person.chatId, text));
    return new Promise<void>((resolve) => {
      const entry: InFlight = { group, expected, got: 0, postedAt: performance.now(), replyAts: [], done: resolve };
      queue.push(entry);
      // One person's updates are posted one after the other, as Telegram keeps a chat's order.
      const posted = (posting.get(person.chatId) ?? Promise.resolve()).then(() => {
        entry.postedAt = performance.now();
        return post(target, body, group).then(() => {
          entry.webhookAt = performance.now();
        });
      });
      posting.set(person.chatId, posted);
    });
  }

  return {
    onCall,
    send,
    /** Sends `text` as `chatId` (alone) and records its replies, once they stop coming, as what it is answered with. */
    async learn(target: LoadTarget, chatId: number, text: string, quietMs = 400) {
      const seen: string[] = [];
      learning.set(chatId, seen);
      await post(target, JSON.stringify(update(chatId, text)));
      let count = -1;
      const deadline = Date.now() + 15_000;
      while (count !== seen.length || seen.length === 0) {
        if (Date.now() > deadline) throw new Error(`no reply to ${JSON.stringify(text)} within 15 s`);
        count = seen.length;
        await new Promise((resolve) => setTimeout(resolve, quietMs));
      }
      learning.delete(chatId);
      signatures.set(signatureKey(target, text), seen);
      return seen;
    },
    /** Waits for every update in flight to be answered (or `timeoutMs`), then a quiet spell to catch extra replies. */
    async settle(timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while ([...inFlight.values()].some((queue) => queue.length > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 500));
      let unanswered = 0;
      for (const queue of inFlight.values()) unanswered += queue.splice(0).length;
      return unanswered;
    },
    /** Starts a fresh measurement of `group`; returns the previous one. */
    takeStats(group = MAIN) {
      const taken = statsOf(group);
      groups.set(group, freshStats());
      return taken;
    },
  };
}

export type Load = ReturnType<typeof createLoad>;

/** The group updates count in unless `send` is told otherwise. */
const MAIN = "main";

/** `slots` workers, each sending as soon as its last update is answered (to a person with nothing in flight). */
export async function closedLoop(load: Load, target: LoadTarget, people: Person[], slots: number, seconds: number) {
  const deadline = performance.now() + seconds * 1000;
  const busy = new Set<Person>();
  const pick = () => {
    for (;;) {
      const person = people[Math.floor(Math.random() * people.length)];
      if (person && !busy.has(person)) return person;
    }
  };
  await Promise.all(
    Array.from({ length: slots }, async () => {
      while (performance.now() < deadline) {
        const person = pick();
        busy.add(person);
        await load.send(target, person);
        busy.delete(person);
      }
    }),
  );
}

/** Updates arriving at `rate` per second (Poisson), each from a random person, whatever is in flight. */
export async function openLoop(load: Load, target: LoadTarget, people: Person[], rate: number, seconds: number) {
  const total = Math.round(rate * seconds);
  const replies: Promise<void>[] = [];
  let next = performance.now();
  for (let index = 0; index < total; index += 1) {
    next += -Math.log(1 - Math.random()) * (1000 / rate);
    const wait = next - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const person = people[Math.floor(Math.random() * people.length)];
    if (person) replies.push(load.send(target, person));
  }
  return replies;
}

export type LoadStats = ReturnType<Load["takeStats"]>;

/**
 * One scenario's figures. `startedAt` is when its load began; `elapsedMs`, when given,
 * replaces the time from then to the last reply (several slices of one scenario, merged).
 */
export function describeStats(stats: LoadStats, startedAt: number, elapsedMs = Math.max(1, stats.lastReplyAt - startedAt)) {
  const reply = [...stats.replyMs].sort((a, b) => a - b);
  const webhook = [...stats.webhookMs].sort((a, b) => a - b);
  return {
    updates: stats.updates,
    answered: stats.answered,
    updatesPerSecond: (stats.answered / elapsedMs) * 1000,
    p50: percentile(reply, 50),
    p99: percentile(reply, 99),
    /** The slowest reply: a straggler (a turn left to the recovery sweep) hides under p99. */
    max: reply.at(-1) ?? Number.NaN,
    webhookP99: percentile(webhook, 99),
    webhookErrors: stats.webhookErrors,
    unexpected: stats.unexpected,
    misordered: stats.misordered,
  };
}

/** Slices of one scenario as one measurement: their replies and webhooks together, their counts summed. */
export function mergeStats(slices: LoadStats[]): LoadStats {
  return {
    replyMs: slices.flatMap((slice) => slice.replyMs),
    webhookMs: slices.flatMap((slice) => slice.webhookMs),
    updates: slices.reduce((sum, slice) => sum + slice.updates, 0),
    answered: slices.reduce((sum, slice) => sum + slice.answered, 0),
    unexpected: slices.reduce((sum, slice) => sum + slice.unexpected, 0),
    misordered: slices.reduce((sum, slice) => sum + slice.misordered, 0),
    webhookErrors: slices.reduce((sum, slice) => sum + slice.webhookErrors, 0),
    lastReplyAt: Math.max(0, ...slices.map((slice) => slice.lastReplyAt)),
  };
}
