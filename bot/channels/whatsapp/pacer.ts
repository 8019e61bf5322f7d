/**
 * Why pace at all: WhatsApp bans numbers driven by unofficial clients (whatsapp-web.js
 * is one) when they behave like bulk senders — many messages per second, to many chats,
 * at machine-regular intervals. A person types one message at a time, never two in the
 * same instant, with irregular pauses. So every send waits its turn:
 *
 * - one at a time, at least `minIntervalMs` after the previous send to anyone;
 * - at least `chatIntervalMs` after the previous send to the same chat;
 * - plus a random 0..`jitterMs`, so the rhythm is not regular.
 *
 * The pacer is in memory: it paces one process. Run a single process with WhatsApp
 * enabled (one linked phone has one WhatsApp Web session anyway).
 */
export interface PacerOptions {
  minIntervalMs: number;
  chatIntervalMs: number;
  jitterMs: number;
  /** Milliseconds, injectable so tests run on a fake clock. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1), like Math.random. */
  random?: () => number;
}

export interface Pacer {
  /** Runs `send` when its turn comes; sends never overlap. Resolves or rejects with `send`'s outcome. */
  run<T>(chatId: string, send: () => Promise<T>): Promise<T>;
  /** How many sends are waiting for their turn (for logs and tests). */
  waiting(): number;
}

/** Past this many remembered chats, those whose interval has passed (they constrain nothing) are forgotten. */
const FORGET_AFTER_ENTRIES = 1_000;

export function createPacer(options: PacerOptions): Pacer {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const lastByChat = new Map<string, number>();
  let lastAny = Number.NEGATIVE_INFINITY;
  let queue: Promise<unknown> = Promise.resolve();
  let waiting = 0;

  async function take<T>(chatId: string, send: () => Promise<T>): Promise<T> {
    const earliest = Math.max(lastAny + options.minIntervalMs, (lastByChat.get(chatId) ?? Number.NEGATIVE_INFINITY) + options.chatIntervalMs);
    const jitter = options.jitterMs > 0 ? Math.floor(random() * (options.jitterMs + 1)) : 0;
    const wait = Math.max(0, earliest - now()) + jitter;
    if (wait > 0) await sleep(wait);
    const startedAt = now();
    lastAny = startedAt;
    lastByChat.set(chatId, startedAt);
    if (lastByChat.size > FORGET_AFTER_ENTRIES) forgetOld(startedAt);
    return send();
  }

  function forgetOld(at: number) {
    for (const [chat, last] of lastByChat) if (last + options.chatIntervalMs <= at) lastByChat.delete(chat);
  }

  return {
    run(chatId, send) {
      waiting += 1;
      const turn = queue.then(() => {
        waiting -= 1;
        return take(chatId, send);
      });
      queue = turn.catch(() => undefined); // one failed send does not stop the queue
      return turn;
    },
    waiting: () => waiting,
  };
}
